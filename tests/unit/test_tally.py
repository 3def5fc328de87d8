"""Counting rules of om_core.voting.tally and of instant runoff, with hand-worked examples
and a property test."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from om_core.voting.methods.irv import instant_runoff
from om_core.voting.tally import ChoiceResult, Round, count_choices, percent, winners


@pytest.mark.parametrize(
    ("votes", "ballots", "expected"),
    [
        (1, 3, 33.3),
        (2, 3, 66.7),
        (1, 8, 12.5),
        (1, 16, 6.3),  # 6.25 rounds half up; round(6.25, 1) would give 6.2
        (3, 16, 18.8),  # 18.75 rounds half up
        (1, 1, 100.0),
        (0, 5, 0.0),
        (0, 0, 0.0),
    ],
)
def test_percent_rounds_half_up_to_one_decimal(votes, ballots, expected):
    assert percent(votes, ballots) == expected


def test_winners_is_the_single_top_choice():
    assert winners({1: 2, 2: 5, 3: 1}) == (2,)


def test_winners_holds_every_choice_tied_for_the_top_in_the_order_given():
    assert winners({3: 4, 1: 2, 2: 4}) == (3, 2)


@pytest.mark.parametrize("counts", [{}, {1: 0, 2: 0}])
def test_winners_is_empty_without_votes(counts):
    assert winners(counts) == ()


def test_count_choices_gives_votes_and_percent_in_position_order():
    results = count_choices({7: 1, 5: 2, 6: 0}, ballots=3)
    assert results.total_votes == 3
    assert results.choices == (
        ChoiceResult(id=7, votes=1, percent=33.3),
        ChoiceResult(id=5, votes=2, percent=66.7),
        ChoiceResult(id=6, votes=0, percent=0.0),
    )
    assert results.winners == (5,)


def test_count_choices_of_a_multiple_poll_may_add_up_to_over_100_percent():
    results = count_choices({1: 2, 2: 2, 3: 1}, ballots=2)
    assert [choice.percent for choice in results.choices] == [100.0, 100.0, 50.0]
    assert results.winners == (1, 2)


def test_count_choices_without_ballots_has_zero_percents_and_no_winner():
    results = count_choices({1: 0, 2: 0}, ballots=0)
    assert [choice.percent for choice in results.choices] == [0.0, 0.0]
    assert results.winners == ()


def test_runoff_stops_in_round_one_on_a_clear_majority():
    result = instant_runoff([1, 2, 3], [(1, 2), (1, 3), (1,), (2, 1), (3,)])
    assert result.winners == (1,)
    assert result.rounds == (Round(1, {1: 3, 2: 1, 3: 1}, (), 0),)


def test_runoff_reports_first_preferences_and_their_percent():
    result = instant_runoff([1, 2, 3], [(1, 2), (1, 3), (1,), (2, 1), (3,)])
    assert result.total_votes == 5
    assert result.choices == (
        ChoiceResult(1, 3, 60.0),
        ChoiceResult(2, 1, 20.0),
        ChoiceResult(3, 1, 20.0),
    )


def test_runoff_transfers_votes_over_three_rounds():
    # 1 leads round 1 with 4 of 10, but 4's and then 3's ballots go to 2.
    ballots = [(1,)] * 4 + [(2,)] * 3 + [(3, 2)] * 2 + [(4, 2)]
    result = instant_runoff([1, 2, 3, 4], ballots)
    assert result.rounds == (
        Round(1, {1: 4, 2: 3, 3: 2, 4: 1}, (4,), 0),
        Round(2, {1: 4, 2: 4, 3: 2}, (3,), 0),
        Round(3, {1: 4, 2: 6}, (), 0),
    )
    assert result.winners == (2,)


def test_runoff_majority_counts_only_ballots_not_exhausted():
    # Round 2: 1 holds 3 of 6 ballots, but 3 of the 5 still counting.
    ballots = [(1,)] * 3 + [(2,)] * 2 + [(3,)]
    result = instant_runoff([1, 2, 3], ballots)
    assert result.rounds == (
        Round(1, {1: 3, 2: 2, 3: 1}, (3,), 0),
        Round(2, {1: 3, 2: 2}, (), 1),
    )
    assert result.winners == (1,)


def test_runoff_ends_in_a_tie_when_the_remaining_choices_are_level():
    ballots = [(1,)] * 2 + [(2,)] * 2 + [(3,)]
    result = instant_runoff([1, 2, 3], ballots)
    assert result.rounds[-1] == Round(2, {1: 2, 2: 2}, (), 1)
    assert result.winners == (1, 2)


def test_runoff_with_every_choice_level_in_round_one_is_a_tie_of_all():
    result = instant_runoff([1, 2, 3], [(1, 2), (2, 3), (3, 1)])
    assert result.rounds == (Round(1, {1: 1, 2: 1, 3: 1}, (), 0),)
    assert result.winners == (1, 2, 3)


def test_runoff_without_ballots_has_one_empty_round_and_no_winner():
    result = instant_runoff([1, 2, 3], [])
    assert result.rounds == (Round(1, {1: 0, 2: 0, 3: 0}, (), 0),)
    assert result.winners == ()
    assert result.total_votes == 0


def test_runoff_tie_for_fewest_eliminates_the_one_with_fewer_votes_the_round_before():
    # Round 2: 2 and 3 both hold 3; in round 1 choice 2 held 2 and choice 3 held 3.
    ballots = [(1,)] * 5 + [(2,)] * 2 + [(3,)] * 3 + [(4, 2)]
    result = instant_runoff([1, 2, 3, 4], ballots)
    assert [r.eliminated for r in result.rounds] == [(4,), (2,), ()]
    assert result.rounds[1].counts == {1: 5, 2: 3, 3: 3}
    assert result.winners == (1,)


def test_runoff_tie_break_looks_back_past_an_earlier_tie_to_round_one():
    # Round 3: 2 and 3 hold 3 each, as in round 2; in round 1 choice 2 held 2, choice 3 held 3.
    ballots = [(1,)] * 5 + [(2,)] * 2 + [(3,)] * 3 + [(4,)] * 2 + [(5, 2)]
    result = instant_runoff([1, 2, 3, 4, 5], ballots)
    assert [r.eliminated for r in result.rounds] == [(5,), (4,), (2,), ()]
    assert result.rounds[2] == Round(3, {1: 5, 2: 3, 3: 3}, (2,), 2)
    assert result.winners == (1,)


def test_runoff_tie_for_fewest_in_every_round_eliminates_the_last_position():
    result = instant_runoff([1, 2, 3], [(1,), (1,), (2,), (3,)])
    assert result.rounds == (
        Round(1, {1: 2, 2: 1, 3: 1}, (3,), 0),
        Round(2, {1: 2, 2: 1}, (), 1),
    )
    assert result.winners == (1,)


def test_runoff_position_not_id_decides_the_last_tie_break():
    # 30 and 20 tie for fewest in round 1; 20 is listed last, though 30 is the higher id.
    result = instant_runoff([10, 30, 20], [(10,), (10,), (30,), (20,)])
    assert result.rounds[0].eliminated == (20,)


def test_runoff_skips_ids_that_are_not_choices_of_the_poll():
    result = instant_runoff([1, 2], [(9, 2), (9,), (1,), (2,)])
    assert result.rounds == (Round(1, {1: 1, 2: 2}, (), 1),)
    assert result.winners == (2,)


@st.composite
def elections(draw):
    """Random poll choices (2..8 distinct ids) and 0..60 ranked ballots over them."""
    choice_ids = draw(st.lists(st.integers(1, 1000), min_size=2, max_size=8, unique=True))
    ballot = st.permutations(choice_ids).flatmap(
        lambda order: st.integers(1, len(order)).map(lambda size: tuple(order[:size]))
    )
    return choice_ids, draw(st.lists(ballot, max_size=60))


DETERMINISTIC = settings(max_examples=200, deadline=None, derandomize=True)


@DETERMINISTIC
@given(elections())
def test_runoff_never_loses_or_invents_a_ballot_in_any_round(election):
    choice_ids, ballots = election
    result = instant_runoff(choice_ids, ballots)
    for counted in result.rounds:
        assert sum(counted.counts.values()) + counted.exhausted == len(ballots)


@DETERMINISTIC
@given(elections())
def test_runoff_eliminated_choices_never_reappear(election):
    result = instant_runoff(*election)
    gone: set[int] = set()
    for counted in result.rounds:
        assert gone.isdisjoint(counted.counts)
        assert set(counted.eliminated) <= set(counted.counts)
        gone.update(counted.eliminated)


@DETERMINISTIC
@given(elections())
def test_runoff_has_winners_exactly_when_there_are_ballots(election):
    choice_ids, ballots = election
    result = instant_runoff(choice_ids, ballots)
    assert bool(result.winners) == bool(ballots)
    assert set(result.winners) <= set(result.rounds[-1].counts)


@DETERMINISTIC
@given(elections())
def test_runoff_has_at_most_one_round_per_choice_and_only_the_last_eliminates_none(election):
    choice_ids, ballots = election
    result = instant_runoff(choice_ids, ballots)
    assert 1 <= len(result.rounds) <= len(choice_ids)
    assert [r.round for r in result.rounds] == list(range(1, len(result.rounds) + 1))
    assert result.rounds[-1].eliminated == ()
    assert all(len(r.eliminated) == 1 for r in result.rounds[:-1])
