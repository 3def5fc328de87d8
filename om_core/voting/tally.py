"""Counting votes: percentages, ties, and instant-runoff rounds, on choice ids only.

Pure functions: plain counts and ballots in, frozen dataclasses out; the caller adds
each choice's text. The rules, in words the README quotes:

- Percent: votes / ballots * 100, rounded half up to one decimal (1/16 is 6.3); 0.0 when
  there are no ballots. In a "multiple" poll the percents may add up to more than 100.
- Winners: every choice tied for the most votes, in position order; none when no choice
  has a vote.
- Instant runoff (ranked polls): each round, every ballot counts for its highest-ranked
  choice still in the count; a ballot with no such choice left is exhausted. Counting
  stops at the first round where a choice holds more than half of the ballots still
  counting (the ballots that are not exhausted): that choice wins. It also stops when
  every choice still in the count has the same number of votes: they all win (a tie).
  Otherwise exactly one choice is eliminated at the end of the round: the one with the
  fewest votes. If several share the fewest votes, the one among them with the fewest
  votes in the previous round is eliminated; if they were tied there too, the round
  before that decides, and so on back to round 1. If they are tied in every earlier
  round as well, the one listed last in the poll (the highest position) is eliminated.
  With no ballots at all there is one round, every count 0, and no winner.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

_ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True, slots=True)
class ChoiceResult:
    """One choice's count: its votes (first preferences in a ranked poll) and their percent."""

    id: int
    votes: int
    percent: float


@dataclass(frozen=True, slots=True)
class Results:
    """The count of a single or multiple poll, choices in position order."""

    total_votes: int
    choices: tuple[ChoiceResult, ...]
    winners: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Round:
    """One instant-runoff round.

    `counts` holds the choices still in the count (position order), `eliminated` those
    dropped at the end of the round (empty in the last round), `exhausted` the ballots
    with no choice left in the count.
    """

    round: int
    counts: dict[int, int]
    eliminated: tuple[int, ...]
    exhausted: int


@dataclass(frozen=True, slots=True)
class RankedResult:
    """The count of a ranked poll: first preferences per choice, the runoff winners and rounds."""

    total_votes: int
    choices: tuple[ChoiceResult, ...]
    winners: tuple[int, ...]
    rounds: tuple[Round, ...]


def percent(votes: int, ballots: int) -> float:
    """Return votes / ballots * 100 rounded half up to one decimal; 0.0 when ballots is 0.

    Decimal with ROUND_HALF_UP, because round() rounds half to even on binary floats
    (round(6.25, 1) is 6.2) while people expect 1 vote in 16 to read 6.3.
    """
    if ballots == 0:
        return 0.0
    share = Decimal(votes) * 100 / Decimal(ballots)
    return float(share.quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP))


def winners(counts: Mapping[int, int]) -> tuple[int, ...]:
    """Return every choice id tied for the most votes, in the order of `counts`.

    Empty when no choice has a vote (no ballots, or all counts 0): nobody wins an empty poll.
    """
    top = max(counts.values(), default=0)
    if top == 0:
        return ()
    return tuple(choice_id for choice_id, votes in counts.items() if votes == top)


def count_choices(counts: Mapping[int, int], ballots: int) -> Results:
    """Build the results of a single or multiple poll from its votes per choice.

    `counts` maps choice id to votes, in position order (that order is kept); `ballots` is
    the number of ballots cast, the base of every percent and the `total_votes`.
    """
    choices = tuple(
        ChoiceResult(id=choice_id, votes=votes, percent=percent(votes, ballots))
        for choice_id, votes in counts.items()
    )
    return Results(total_votes=ballots, choices=choices, winners=winners(counts))


def instant_runoff(choice_ids: Sequence[int], ballots: Iterable[Sequence[int]]) -> RankedResult:
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
    return RankedResult(total_votes=total, choices=choices, winners=found, rounds=rounds)


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
        loser = _choose_elimination(continuing, history)
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
        if votes * 2 > still_counting:
            return (choice_id,)
    if len(set(counts.values())) <= 1:
        return winners(counts)
    return None


def _choose_elimination(continuing: Sequence[int], history: Sequence[Mapping[int, int]]) -> int:
    """Pick the one choice eliminated at the end of the latest round of `history`.

    Fewest votes this round; among ties, fewest in the previous round, then the one before,
    back to round 1; if still tied, the last in position order (`continuing` keeps it).
    """
    tied = list(continuing)
    for counts in reversed(history):
        fewest = min(counts[c] for c in tied)
        tied = [c for c in tied if counts[c] == fewest]
        if len(tied) == 1:
            break
    return tied[-1]
