"""The results use case: who may see them, and the count with each choice's text."""

from dataclasses import dataclass

from om_core.data import Poll, ballots
from om_core.errors import ResultsHiddenError
from om_core.voting.registry import kind_named, method_of
from om_core.voting.service import get_ballot
from om_core.voting.tally import Round
from om_core.voting.visibility import ResultsVisibility, results_visible
from om_core.voting.voter import Voter


@dataclass(frozen=True, slots=True)
class ChoiceLine:
    id: int
    text: str
    votes: int
    percent: float


@dataclass(frozen=True, slots=True)
class PollResults:
    """A poll's results as docs/api.md shapes them; `rounds` only for methods with rounds."""

    poll_id: str
    kind: str
    total_votes: int
    choices: tuple[ChoiceLine, ...]
    winners: tuple[int, ...]
    rounds: tuple[Round, ...] | None = None


def results(*, poll: Poll, voter: Voter | None, manages: bool) -> PollResults:
    """The poll's results, or ResultsHiddenError when its results visibility hides them from
    this caller (`manages`: the owner or an admin, who always see them).

    The poll's counting method counts them: from the kept counts loaded with the poll (cost
    grows with choices, not ballots), or from every ballot for a method that needs them."""
    has_voted = (
        poll.results_visibility == ResultsVisibility.AFTER_VOTE
        and get_ballot(poll_id=poll.id, voter=voter) is not None
    )
    if not results_visible(
        poll.results_visibility, is_open=poll.is_open, has_voted=has_voted, manages=manages
    ):
        raise ResultsHiddenError("the results of this poll are not shown yet")
    method = method_of(kind_named(poll.kind))
    counted = method.count(
        [choice.id for choice in poll.choices],
        {choice.id: choice.votes for choice in poll.choices},
        poll.total_votes,
        ballots.rankings(poll.id) if method.needs_ballots else (),
    )
    texts = {choice.id: choice.text for choice in poll.choices}
    lines = tuple(ChoiceLine(c.id, texts[c.id], c.votes, c.percent) for c in counted.choices)
    return PollResults(
        poll.id, poll.kind, counted.total_votes, lines, counted.winners, counted.rounds
    )
