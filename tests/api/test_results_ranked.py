"""Results of ranked polls: first preferences, instant-runoff winners and rounds.

The worked example (choices A, B, C, D; 12 ballots):

    5 ballots rank A first, 4 rank B first, 2 rank C first, 1 ranks D first.
    Round 1: A 5, B 4, C 2, D 1; no choice has more than 6 -> D (fewest) is eliminated.
    Round 2: D's ballot [D, C, B] moves to C: A 5, B 4, C 3 -> C is eliminated.
    Round 3: [C, B] and [D, C, B] move to B, [C] is exhausted: A 5, B 6, 1 exhausted.
             11 ballots still count and B holds 6 of them, more than half: B wins,
             though A had the most first preferences.
"""

import pytest

from tests.api.polls_helpers import create_poll, get_results, vote_anonymously

EXAMPLE = [
    *[["A"]] * 3,
    *[["A", "C"]] * 2,
    *[["B"]] * 2,
    *[["B", "A"]] * 2,
    ["C", "B"],
    ["C"],
    ["D", "C", "B"],
]


@pytest.fixture
def ranked(client, app, auth):
    """Make a ranked poll with choices A, B, C, D, cast `ballots` (of letters) from as many
    browsers, and return the results and the id of each letter."""

    def make(ballots: list[list[str]], letters: str = "ABCD") -> tuple[dict, dict[str, int]]:
        poll = create_poll(client, auth.signup(), kind="ranked", choices=list(letters))
        ids = {choice["text"]: choice["id"] for choice in poll["choices"]}
        for ballot in ballots:
            vote_anonymously(app, poll["id"], [ids[letter] for letter in ballot])
        return get_results(client, poll["id"]), ids

    return make


def test_ranked_votes_count_first_preferences(ranked):
    results, ids = ranked(EXAMPLE)
    assert results["kind"] == "ranked"
    assert results["total_votes"] == 12
    assert [(c["id"], c["votes"]) for c in results["choices"]] == [
        (ids["A"], 5),
        (ids["B"], 4),
        (ids["C"], 2),
        (ids["D"], 1),
    ]


def test_ranked_percents_are_of_all_ballots(ranked):
    results, _ = ranked(EXAMPLE)
    assert [c["percent"] for c in results["choices"]] == [41.7, 33.3, 16.7, 8.3]


def test_ranked_winner_comes_from_instant_runoff(ranked):
    results, ids = ranked(EXAMPLE)
    assert results["winners"] == [ids["B"]]


def test_ranked_rounds_show_counts_eliminations_and_exhausted_ballots(ranked):
    results, ids = ranked(EXAMPLE)
    a, b, c, d = (str(ids[letter]) for letter in "ABCD")
    assert results["rounds"] == [
        {"round": 1, "counts": {a: 5, b: 4, c: 2, d: 1}, "eliminated": [ids["D"]], "exhausted": 0},
        {"round": 2, "counts": {a: 5, b: 4, c: 3}, "eliminated": [ids["C"]], "exhausted": 0},
        {"round": 3, "counts": {a: 5, b: 6}, "eliminated": [], "exhausted": 1},
    ]


def test_ranked_majority_in_round_one_needs_a_single_round(ranked):
    results, ids = ranked([["A", "B"], ["A"], ["B", "A"]], letters="AB")
    a, b = str(ids["A"]), str(ids["B"])
    assert results["winners"] == [ids["A"]]
    assert results["rounds"] == [
        {"round": 1, "counts": {a: 2, b: 1}, "eliminated": [], "exhausted": 0}
    ]


def test_ranked_tie_of_every_remaining_choice_makes_them_all_winners(ranked):
    results, ids = ranked([["A", "B"], ["B", "A"]], letters="AB")
    assert sorted(results["winners"]) == sorted([ids["A"], ids["B"]])
    assert results["rounds"][-1]["eliminated"] == []


def test_ranked_poll_without_ballots_has_no_winner(ranked):
    results, _ = ranked([])
    assert results["total_votes"] == 0
    assert results["winners"] == []
    assert [c["percent"] for c in results["choices"]] == [0.0] * 4
