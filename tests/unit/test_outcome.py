"""The outcome in words, the order of the choices and the runoff table (voting/outcome.py),
from counts worked by hand."""

import pytest

from om_core.voting.methods.irv import instant_runoff
from om_core.voting.outcome import and_list, eliminated_because, runoff, sentence, standing
from om_core.voting.results import ChoiceLine, PollResults
from om_core.voting.tally import Counted, count_choices

SEASONS = {1: "Spring", 2: "Summer", 3: "Autumn", 4: "Winter", 5: "Ember"}


def results(counted: Counted, kind: str = "single") -> PollResults:
    """`counted` with each choice's text, as voting.results hands it to the page."""
    lines = tuple(ChoiceLine(c.id, SEASONS[c.id], c.votes, c.percent) for c in counted.choices)
    return PollResults("poll", kind, counted.total_votes, lines, counted.winners, counted.rounds)


def plurality(counts: dict[int, int], ballots: int | None = None) -> PollResults:
    return results(count_choices(counts, sum(counts.values()) if ballots is None else ballots))


def ranked(choice_ids: list[int], ballots: list[tuple[int, ...]]) -> PollResults:
    return results(instant_runoff(choice_ids, ballots), "ranked")


@pytest.mark.parametrize(
    ("is_open", "expected"),
    [
        (False, "Summer wins with 12 of 30 votes."),
        (True, "Summer is leading with 12 of 30 votes."),
    ],
)
def test_one_winner_is_named_with_their_votes_of_all(is_open, expected):
    counted = plurality({1: 8, 2: 12, 3: 6, 4: 4})
    assert sentence(counted, is_open=is_open) == expected


@pytest.mark.parametrize(
    ("is_open", "expected"),
    [
        (False, "Tie between Summer and Winter with 12 votes each."),
        (True, "Summer and Winter are tied for the lead with 12 votes each."),
    ],
)
def test_a_tie_names_every_choice_tied_for_the_top(is_open, expected):
    counted = plurality({1: 6, 2: 12, 3: 0, 4: 12})
    assert sentence(counted, is_open=is_open) == expected


def test_a_four_way_tie_is_no_win_for_anyone():
    counted = plurality({1: 2, 2: 2, 3: 2, 4: 2})
    assert sentence(counted, is_open=False) == (
        "Tie between Spring, Summer, Autumn and Winter with 2 votes each."
    )


def test_one_vote_is_singular():
    assert sentence(plurality({1: 1, 2: 0}), is_open=False) == "Spring wins with 1 of 1 vote."
    assert sentence(plurality({1: 1, 2: 1}), is_open=False) == (
        "Tie between Spring and Summer with 1 vote each."
    )


@pytest.mark.parametrize("is_open", [True, False])
def test_no_votes_says_so_and_names_no_winner(is_open):
    words = sentence(plurality({1: 0, 2: 0}), is_open=is_open)
    assert words == ("No votes yet." if is_open else "No votes were cast.")


def test_several_picks_each_count_voters_not_a_share_of_votes():
    counted = plurality({1: 3, 2: 5, 3: 4}, ballots=6)  # 12 picks by 6 voters
    assert sentence(counted, is_open=False, picks_many=True) == (
        "Summer wins, picked by 5 of 6 voters."
    )
    tie = plurality({1: 5, 2: 5}, ballots=6)
    assert sentence(tie, is_open=True, picks_many=True) == (
        "Spring and Summer are tied for the lead, picked by 5 voters each."
    )


# Ember (5) wins in round 4. Winter (no first preference) goes in round 1; Summer and Autumn
# are level in rounds 1 and 2, so Autumn, listed last, goes in round 2 and its one ballot is
# exhausted; Summer goes in round 3 and its ballot moves to Ember: 4 of the 7 still counting.
RUNOFF_BALLOTS = [(1,)] * 3 + [(5,)] * 3 + [(2, 5), (3,)]


def test_a_runoff_names_the_round_and_the_ballots_still_counting():
    counted = ranked([1, 2, 3, 4, 5], RUNOFF_BALLOTS)
    assert [r.eliminated for r in counted.rounds] == [(4,), (3,), (2,), ()]
    assert sentence(counted, is_open=False) == (
        "Ember wins in round 4 with 4 of 7 ballots still counting."
    )
    assert sentence(counted, is_open=True) == (
        "Ember is leading in round 4 with 4 of 7 ballots still counting."
    )


def test_a_runoff_tie_names_the_round():
    counted = ranked([1, 2, 3], [(1,), (1,), (2,), (2,), (3,)])
    assert sentence(counted, is_open=False) == (
        "Tie between Spring and Summer in round 2 with 2 ballots each."
    )


def test_the_winner_comes_first_then_most_votes_with_ties_in_position_order():
    counted = plurality({1: 3, 2: 7, 3: 3, 4: 5})
    assert [c.text for c in standing(counted)] == ["Summer", "Winter", "Spring", "Autumn"]


def test_tied_winners_keep_position_order_ahead_of_the_rest():
    counted = plurality({1: 1, 2: 4, 3: 4, 4: 2})
    assert [c.text for c in standing(counted)] == ["Summer", "Autumn", "Winter", "Spring"]


def test_a_runoff_lists_the_choices_in_the_order_its_count_finished():
    # Spring had as many first preferences as Ember (3) and comes first, but Ember won.
    counted = ranked([1, 2, 3, 4, 5], RUNOFF_BALLOTS)
    assert [c.text for c in standing(counted)] == [
        "Ember",
        "Spring",
        "Summer",
        "Autumn",
        "Winter",
    ]


def test_the_runoff_table_holds_each_choice_across_the_rounds():
    table = runoff(ranked([1, 2, 3, 4, 5], RUNOFF_BALLOTS), is_open=False)
    rows = {row.text: row for row in table.rows}
    assert rows["Ember"].counts == (3, 3, 3, 4)
    assert rows["Ember"].won
    assert rows["Ember"].result == "Wins with a majority in round 4"
    assert rows["Spring"].result == "Still in the count in round 4"
    assert rows["Winter"].counts == (0, None, None, None)
    assert rows["Winter"].result == "Eliminated: fewest votes in round 1"
    assert rows["Autumn"].result == (
        "Eliminated: tied for fewest votes in round 2 and in every round before, "
        "and listed last in the poll"
    )
    assert [r.exhausted for r in table.rounds] == [0, 0, 1, 1]
    assert [r.still_counting for r in table.rounds] == [8, 8, 7, 7]
    assert [r.majority for r in table.rounds] == [5, 5, 4, 4]


def test_an_open_runoff_is_leading_not_won():
    table = runoff(ranked([1, 2, 3, 4, 5], RUNOFF_BALLOTS), is_open=True)
    assert table.rows[0].result == "Leading with a majority in round 4"


def test_no_runoff_table_without_rounds():
    assert runoff(plurality({1: 1, 2: 0}), is_open=False) is None


def test_an_elimination_says_how_a_tie_for_fewest_was_broken():
    # Round 2: Summer and Autumn hold 3 each; in round 1 Summer held 2, Autumn 3.
    by_earlier = ranked([1, 2, 3, 4], [(1,)] * 5 + [(2,)] * 2 + [(3,)] * 3 + [(4, 2)])
    assert eliminated_because(by_earlier.rounds, 2) == (
        "tied for fewest votes in round 2, and fewer in round 1"
    )
    # Round 1: Summer and Autumn hold 1 each, and no round before: Autumn is listed last.
    by_position = ranked([1, 2, 3], [(1,), (1,), (2,), (3,)])
    assert eliminated_because(by_position.rounds, 1) == (
        "tied for fewest votes in round 1 and listed last in the poll"
    )


@pytest.mark.parametrize(
    ("names", "expected"),
    [(["A"], "A"), (["A", "B"], "A and B"), (["A", "B", "C"], "A, B and C")],
)
def test_names_are_listed_with_and(names, expected):
    assert and_list(names) == expected
