"""A poll's outcome in words, its choices in the order people read results, and its runoff
rounds as one table: pure functions of counted results (no Flask, no database), so that
the page and its tests share one wording and the counting rules stay in the methods.

"Wins" is for a closed poll; an open one is only "leading", since votes may still come.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from om_core.voting.methods.irv import deciding_round, majority_needed
from om_core.voting.tally import Round


class Choice(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def votes(self) -> int: ...


class Results(Protocol):
    """What voting.results.PollResults holds, as far as words need it."""

    @property
    def total_votes(self) -> int: ...
    @property
    def choices(self) -> Sequence[Choice]: ...
    @property
    def winners(self) -> Sequence[int]: ...
    @property
    def rounds(self) -> Sequence[Round] | None: ...


def sentence(results: Results, *, is_open: bool, picks_many: bool = False) -> str:
    """The outcome as one sentence, e.g. "Summer wins with 12 of 30 votes.".

    `picks_many`: each voter could pick several choices, so a count is of voters who picked
    it, not a share of the votes. A runoff names the round that decided it."""
    if not results.winners:
        return "No votes yet." if is_open else "No votes were cast."
    texts = {choice.id: choice.text for choice in results.choices}
    names = and_list([texts[winner] for winner in results.winners])
    one, each = _details(results, picks_many)
    if len(results.winners) == 1:
        return f"{names} {'is leading' if is_open else 'wins'}{one}."
    return f"{names} are tied for the lead{each}." if is_open else f"Tie between {names}{each}."


def _details(results: Results, picks_many: bool) -> tuple[str, str]:
    """The end of the sentence for one winner ("with 12 of 30 votes") and for a tie ("with
    12 votes each")."""
    top_id = results.winners[0]
    if results.rounds:
        last = results.rounds[-1]
        top, base = last.counts[top_id], results.total_votes - last.exhausted
        return (
            f" in round {last.round} with {top} of {plural(base, 'ballot')} still counting",
            f" in round {last.round} with {plural(top, 'ballot')} each",
        )
    top = next(choice.votes for choice in results.choices if choice.id == top_id)
    if picks_many:
        voters = plural(results.total_votes, "voter")
        return f", picked by {top} of {voters}", f", picked by {plural(top, 'voter')} each"
    votes = plural(results.total_votes, "vote")
    return f" with {top} of {votes}", f" with {plural(top, 'vote')} each"


def standing(results: Results) -> tuple[Choice, ...]:
    """The choices winners first, then by how far each got in the count (its last round, for
    a runoff) and its votes there; ties keep position order."""
    reach = {choice.id: (0, choice.votes) for choice in results.choices}
    for counted in results.rounds or ():
        reach.update({choice_id: (counted.round, n) for choice_id, n in counted.counts.items()})
    winners = set(results.winners)

    def rank(choice: Choice) -> tuple[bool, int, int]:
        last_round, votes = reach[choice.id]
        return choice.id not in winners, -last_round, -votes

    return tuple(sorted(results.choices, key=rank))  # sorted() is stable: position order


@dataclass(frozen=True, slots=True)
class RoundTotals:
    """One runoff round's ballots: still counting, exhausted, and the majority that wins."""

    number: int
    still_counting: int
    exhausted: int
    majority: int


@dataclass(frozen=True, slots=True)
class RunoffRow:
    """One choice across the rounds: its votes in each (None once it is out of the count),
    whether it won, and how its count ended, in words."""

    id: int
    text: str
    counts: tuple[int | None, ...]
    won: bool
    result: str


@dataclass(frozen=True, slots=True)
class Runoff:
    rounds: tuple[RoundTotals, ...]
    rows: tuple[RunoffRow, ...]


def runoff(results: Results, *, is_open: bool) -> Runoff | None:
    """The rounds as one table, choices in `standing` order; None for a method without
    rounds."""
    if not results.rounds:
        return None
    rounds = results.rounds
    totals = tuple(_totals(r, results.total_votes) for r in rounds)
    out = {choice_id: r.round for r in rounds for choice_id in r.eliminated}
    rows = tuple(
        RunoffRow(
            choice.id,
            choice.text,
            tuple(r.counts.get(choice.id) for r in rounds),
            choice.id in results.winners,
            _how_it_ended(choice.id, rounds, results.winners, out, is_open=is_open),
        )
        for choice in standing(results)
    )
    return Runoff(totals, rows)


def _totals(counted: Round, ballots: int) -> RoundTotals:
    still_counting = ballots - counted.exhausted
    return RoundTotals(
        counted.round, still_counting, counted.exhausted, majority_needed(still_counting)
    )


def _how_it_ended(
    choice_id: int,
    rounds: Sequence[Round],
    winners: Sequence[int],
    out: dict[int, int],
    *,
    is_open: bool,
) -> str:
    """The last column of a choice's row: why it was eliminated, or where the count left it
    (`out` maps each eliminated choice to its round)."""
    last = rounds[-1].round
    if choice_id in out:
        return "Eliminated: " + eliminated_because(rounds, out[choice_id])
    if choice_id not in winners:
        return f"Still in the count in round {last}"
    if len(winners) > 1:
        return f"Tied for the lead in round {last}" if is_open else f"Tied in round {last}"
    return f"{'Leading' if is_open else 'Wins'} with a majority in round {last}"


def eliminated_because(rounds: Sequence[Round], number: int) -> str:
    """Why round `number` eliminated its choice, e.g. "fewest votes in round 2"."""
    by = deciding_round(rounds, number)
    if by == number:
        return f"fewest votes in round {number}"
    tie = f"tied for fewest votes in round {number}"
    if by is not None:
        return f"{tie}, and fewer in round {by}"
    if number == 1:
        return f"{tie} and listed last in the poll"
    return f"{tie} and in every round before, and listed last in the poll"


def plural(count: int, noun: str) -> str:
    """'1 vote', '2 votes'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def and_list(names: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
