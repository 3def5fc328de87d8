"""Instant runoff (IRV), for ranked polls. The rules, as docs/api.md states them:

Each round, every ballot counts for its highest-ranked choice still in the count; a ballot
with no such choice left is exhausted. Counting stops at the first round where a choice
holds more than half of the ballots still counting (the ballots that are not exhausted):
that choice wins. It also stops when every choice still in the count has the same number of
votes: they all win (a tie). Otherwise exactly one choice is eliminated at the end of the
round: the one with the fewest votes. If several share the fewest votes, the one among them
with the fewest votes in the previous round is eliminated; if they were tied there too, the
round before that decides, and so on back to round 1. If they are tied in every earlier
round as well, the one listed last in the poll (the highest position) is eliminated. With
no ballots at all there is one round, every count 0, and no winner.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from om_core.voting.interfaces import CountingMethod
from om_core.voting.tally import ChoiceResult, Counted, Round, percent, winners


def count(
    choice_ids: Sequence[int],
    kept_votes: Mapping[int, int],
    ballots: int,
    rankings: Iterable[Sequence[int]],
) -> Counted:
    """Count every ranking (`rankings`) by instant runoff and return every round; `choices`
    gives each choice's first preferences (round 1) and their percent of all ballots."""
    return instant_runoff(choice_ids, rankings)


def instant_runoff(choice_ids: Sequence[int], ballots: Iterable[Sequence[int]]) -> Counted:
    """Count ranked ballots by instant runoff and return every round.

    `choice_ids` are the poll's choices in position order; each ballot lists choice ids in
    order of preference (ids that are not among `choice_ids` are skipped).
    Each round, every ballot counts for its highest-ranked choice still in the count; a
    ballot with no such choice left is exhausted. Counting stops at the first round where a
    choice holds more than half of the ballots still counting: that choice wins. It also
    stops when every choice still in the count has the same number of votes: they all win
    (a tie), or nobody does if that number is 0. Otherwise exactly one choice is eliminated
    at the end of the round: the one with the fewest votes; among several with the fewest,
    the one with the fewest votes in the previous round, then the round before, back to
    round 1; if still tied, the one listed last in the poll (highest position).
    `choices` gives each choice's first preferences (round 1) and their percent of all ballots.
    """
    groups = Counter(tuple(ballot) for ballot in ballots)
    total = sum(groups.values())
    rounds, found = _run_rounds(groups, choice_ids, total)
    first = rounds[0].counts
    choices = tuple(ChoiceResult(c, first[c], percent(first[c], total)) for c in choice_ids)
    return Counted(total_votes=total, choices=choices, winners=found, rounds=rounds)


def _run_rounds(
    groups: Mapping[tuple[int, ...], int], choice_ids: Sequence[int], total: int
) -> tuple[tuple[Round, ...], tuple[int, ...]]:
    """Count round after round until one stops the count; return the rounds and the winners.

    A round that does not stop the count eliminates one choice, so there are at most as
    many rounds as choices.
    """
    continuing = list(choice_ids)
    history: list[dict[int, int]] = []
    rounds: list[Round] = []
    while True:
        counts, exhausted = _count_round(groups, continuing)
        history.append(counts)
        found = _round_winners(counts, total - exhausted)
        if found is not None:
            rounds.append(Round(len(history), counts, (), exhausted))
            return tuple(rounds), found
        loser, _ = _choose_elimination(continuing, history)
        rounds.append(Round(len(history), counts, (loser,), exhausted))
        continuing.remove(loser)


def _count_round(
    groups: Mapping[tuple[int, ...], int], continuing: Sequence[int]
) -> tuple[dict[int, int], int]:
    """Give each ballot to its highest-ranked continuing choice; return counts and exhausted.

    Identical ballots are grouped with their number, so a hot poll costs one pass per
    distinct ranking, not per ballot.
    """
    counts = dict.fromkeys(continuing, 0)
    exhausted = 0
    for ranking, weight in groups.items():
        choice_id = next((c for c in ranking if c in counts), None)
        if choice_id is None:
            exhausted += weight
        else:
            counts[choice_id] += weight
    return counts, exhausted


def _round_winners(counts: Mapping[int, int], still_counting: int) -> tuple[int, ...] | None:
    """Return the winners if counting stops this round, else None.

    It stops on a majority (more than half of the ballots still counting) or when every
    choice in the count has the same number of votes (a tie; no winner when that is 0).
    """
    for choice_id, votes in counts.items():
        if votes >= majority_needed(still_counting):
            return (choice_id,)
    if len(set(counts.values())) <= 1:
        return winners(counts)
    return None


def majority_needed(still_counting: int) -> int:
    """The fewest votes that win a round: more than half of the ballots still counting."""
    return still_counting // 2 + 1


def deciding_round(rounds: Sequence[Round], number: int) -> int | None:
    """Why round `number` eliminated its choice, for people reading the rounds: the round
    whose counts singled it out (`number` itself when it alone had the fewest votes, an
    earlier round when that broke a tie), or None when its position in the poll did."""
    history = [r.counts for r in rounds[:number]]
    return _choose_elimination(list(history[-1]), history)[1]


def _choose_elimination(
    continuing: Sequence[int], history: Sequence[Mapping[int, int]]
) -> tuple[int, int | None]:
    """Pick the one choice eliminated at the end of the latest round of `history`, with the
    round (1-based) whose counts singled it out, or None when position did.

    Fewest votes this round; among ties, fewest in the previous round, then the one before,
    back to round 1; if still tied, the last in position order (`continuing` keeps it).
    """
    tied = list(continuing)
    for number in range(len(history), 0, -1):
        counts = history[number - 1]
        fewest = min(counts[c] for c in tied)
        tied = [c for c in tied if counts[c] == fewest]
        if len(tied) == 1:
            return tied[0], number
    return tied[-1], None


METHOD = CountingMethod(name="irv", count=count, needs_ballots=True)
