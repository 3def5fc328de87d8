"""What every counting method shares: percentages, ties, and the results they return.

Pure functions: plain counts in, frozen dataclasses out; the caller adds each choice's text.
The rules, as docs/api.md states them:

- Percent: votes / ballots * 100, rounded half up to one decimal (1/16 is 6.3); 0.0 when
  there are no ballots. In a "multiple" poll the percents may add up to more than 100.
- Winners: every choice tied for the most votes, in position order; none when no choice
  has a vote.
"""

from collections.abc import Mapping
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
class Counted:
    """What a counting method returns: the choices in position order, the winners, and the
    rounds of a method that counts in rounds (None for the others)."""

    total_votes: int
    choices: tuple[ChoiceResult, ...]
    winners: tuple[int, ...]
    rounds: tuple[Round, ...] | None = None


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


def count_choices(counts: Mapping[int, int], ballots: int) -> Counted:
    """Results from votes per choice: `counts` maps choice id to votes, in position order
    (that order is kept); `ballots`, the number of ballots cast, is the base of every percent
    and the `total_votes`."""
    choices = tuple(
        ChoiceResult(id=choice_id, votes=votes, percent=percent(votes, ballots))
        for choice_id, votes in counts.items()
    )
    return Counted(total_votes=ballots, choices=choices, winners=winners(counts))
