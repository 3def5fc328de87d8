"""What a poll kind and a counting method are: the one interface every kind and method module
fills in, so the service, the controllers and the pages never branch on a kind's name."""

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from om_core.voting.tally import Counted


@dataclass(frozen=True, slots=True)
class PollKind:
    """How a poll is voted on: which ballots it takes and what each adds to the kept counts.

    `validate(choice_ids, poll_choice_ids, max_selections)` returns the ballot as a tuple of
    choice ids or raises InvalidBallotError; `counted(ballot)` names the choices that gain one
    kept vote from it. `ballot_input` tells the web form how to take a ballot: "one" (radio
    buttons), "many" (check boxes) or "rank" (a rank per choice).
    """

    name: str
    label: str
    method: str
    ballot_input: str
    validate: Callable[[Sequence[int], Collection[int], int | None], tuple[int, ...]]
    counted: Callable[[Sequence[int]], Iterable[int]] = tuple
    takes_max_selections: bool = False


@dataclass(frozen=True, slots=True)
class CountingMethod:
    """How ballots become results.

    `count(choice_ids, kept_votes, ballots, rankings)` gets the poll's choice ids in position
    order, the kept votes per choice, the number of ballots, and (only when `needs_ballots`)
    every ballot; methods that do not need them are counted from kept counts alone, so their
    cost grows with choices, not ballots.
    """

    name: str
    count: Callable[[Sequence[int], Mapping[int, int], int, Iterable[Sequence[int]]], Counted]
    needs_ballots: bool = False
