"""The results use case: who may see them, and the count with each choice's text."""

from dataclasses import dataclass

from sqlalchemy import select

from om_core.data import Ballot, db
from om_core.data.poll_snapshot import PollSnapshot
from om_core.errors import ResultsHiddenError
from om_core.voting.ballots import Kind
from om_core.voting.service import get_ballot
from om_core.voting.tally import Round, count_choices, instant_runoff
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
    """A poll's results as API.md shapes them; `rounds` only for ranked polls."""

    poll_id: str
    kind: str
    total_votes: int
    choices: tuple[ChoiceLine, ...]
    winners: tuple[int, ...]
    rounds: tuple[Round, ...] | None = None


def results(*, poll: PollSnapshot, voter: Voter | None, manages: bool) -> PollResults:
    """The poll's results, or ResultsHiddenError when its results visibility hides them from
    this caller (`manages`: the owner or an admin, who always see them).

    Single and multiple polls show the snapshot's kept counts (cost grows with choices, not
    ballots); ranked polls need every ballot for the instant-runoff rounds."""
    has_voted = (
        poll.results_visibility == ResultsVisibility.AFTER_VOTE
        and get_ballot(poll=poll, voter=voter) is not None
    )
    if not results_visible(
        poll.results_visibility, is_open=poll.is_open, has_voted=has_voted, manages=manages
    ):
        raise ResultsHiddenError("the results of this poll are not shown yet")
    choice_ids = [choice.id for choice in poll.choices]
    if poll.kind == Kind.RANKED:
        ballots = db.session.scalars(select(Ballot.choices).where(Ballot.poll_id == poll.id))
        counted = instant_runoff(choice_ids, ballots)
        rounds = counted.rounds
    else:
        counted = count_choices({c.id: c.votes for c in poll.choices}, poll.total_votes)
        rounds = None
    texts = {choice.id: choice.text for choice in poll.choices}
    lines = tuple(ChoiceLine(c.id, texts[c.id], c.votes, c.percent) for c in counted.choices)
    return PollResults(poll.id, poll.kind, counted.total_votes, lines, counted.winners, rounds)
