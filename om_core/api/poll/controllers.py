"""Polls at /api/polls, with their votes and results beneath each poll."""

from flask import Response, abort

from om_core.api.auth import guards
from om_core.api.blueprint import Blueprint
from om_core.api.pagination import page_of
from om_core.api.poll.schemas import (
    BallotCreateSchema,
    BallotSchema,
    PollCreateSchema,
    PollQuerySchema,
    PollSchema,
    PollUpdateSchema,
    ResultsSchema,
    results_csv,
)
from om_core.data import Poll
from om_core.errors import NoBallotError
from om_core.plumbing.rate_limits import limit_anonymous_votes
from om_core.voting import queries, results, service
from om_core.voting.voter import Voter

bp = Blueprint("poll", __name__, description="Polls, votes and results")

# What some error statuses mean here, for the OpenAPI document (each is problem details).
NOT_MANAGER = "The caller is neither the poll's owner nor an admin."
NO_BALLOT = "No such poll, or the caller has no ballot in it (type `no-ballot`)."
CLOSED = "The poll is closed (type `poll-closed`)."
RESULTS_HIDDEN = "The poll's `results_visibility` hides its results from the caller for now."


NO_POLL = "There is no poll with this id."


def _poll_or_404(poll_id: str) -> Poll:
    """The poll as it is now, with its choices and kept counts."""
    poll = queries.get_poll(poll_id)
    if poll is None:
        abort(404, NO_POLL)
    return poll


def _managed_poll(poll_id: str) -> Poll:
    """The poll, if the caller owns it or is an admin: 404 when missing, else 403."""
    poll = _poll_or_404(poll_id)
    if not guards.manages(poll):
        abort(403, "Only the poll's owner or an admin may do this.")
    return poll


def _known_voter() -> Voter:
    """The caller as a voter: with neither a token nor a voter cookie, they have no ballot."""
    voter = guards.current_voter()
    if voter is None:
        raise NoBallotError("you have no ballot in this poll")
    return voter


@bp.post("")
@bp.auth_required
@bp.arguments(PollCreateSchema())
@bp.response(201, PollSchema)
def create_poll(fields):
    """Create a poll."""
    return service.create_poll(owner=guards.current_user(), **fields)


@bp.get("")
@bp.arguments(PollQuerySchema(), location="query")
@bp.response(200, page_of(PollSchema))
def list_polls(query):
    """List public polls, newest first, filtered by `q`, `status` and `owner`."""
    return queries.list_polls(**query)


@bp.get("/<poll_id:poll_id>")
@bp.response(200, PollSchema)
@bp.alt_response(404, response="NOT_FOUND")
def get_poll(poll_id):
    """A poll, listed or not."""
    return _poll_or_404(poll_id)


@bp.patch("/<poll_id:poll_id>")
@bp.auth_required
@bp.arguments(PollUpdateSchema())
@bp.response(200, PollSchema)
@bp.alt_response(403, description=NOT_MANAGER)
@bp.alt_response(404, response="NOT_FOUND")
@bp.alt_response(
    409,
    description="`choices`, `kind` or `max_selections` changed once the poll has a ballot "
    "(type `poll-has-votes`), or `closes_at` changed on a closed poll (type `poll-closed`).",
)
def update_poll(fields, poll_id):
    """Change a poll (owner or admin); choices and kind are frozen once it has a ballot."""
    return service.update_poll(poll=_managed_poll(poll_id), changes=fields)


@bp.delete("/<poll_id:poll_id>")
@bp.auth_required
@bp.response(204)
@bp.alt_response(403, description=NOT_MANAGER)
@bp.alt_response(404, response="NOT_FOUND")
def delete_poll(poll_id):
    """Delete a poll with its ballots (owner or admin)."""
    service.delete_poll(poll=_managed_poll(poll_id))


@bp.post("/<poll_id:poll_id>/close")
@bp.auth_required
@bp.response(200, PollSchema)
@bp.alt_response(403, description=NOT_MANAGER)
@bp.alt_response(404, response="NOT_FOUND")
def close_poll(poll_id):
    """Close a poll now (owner or admin)."""
    return service.close_poll(poll=_managed_poll(poll_id))


@bp.post("/<poll_id:poll_id>/votes")
@limit_anonymous_votes
@bp.arguments(BallotCreateSchema())
@bp.response(201, BallotSchema)
@bp.alt_response(
    401,
    description="No token, and the poll takes votes from signed-in users only (type "
    "`login-required`); or a token that is not live.",
)
@bp.alt_response(404, response="NOT_FOUND")
@bp.alt_response(
    409,
    description="The voter has a ballot already (type `already-voted`), or the poll is "
    "closed (type `poll-closed`).",
)
@bp.alt_response(
    429,
    description="Too many anonymous votes from this address in this poll, or over the API "
    "limit; `Retry-After` says how many seconds to wait.",
)
def cast_vote(ballot, poll_id):
    """Vote: by account with a token, else anonymously (if the poll allows) by voter cookie."""
    voter = guards.casting_voter()
    return service.cast_ballot(poll_id=poll_id, voter=voter, choice_ids=ballot["choices"])


@bp.get("/<poll_id:poll_id>/votes/mine")
@bp.response(200, BallotSchema)
@bp.alt_response(404, description=NO_BALLOT)
def get_my_vote(poll_id):
    """The caller's ballot in this poll."""
    ballot = service.get_ballot(poll_id=_poll_or_404(poll_id).id, voter=_known_voter())
    if ballot is None:
        raise NoBallotError("you have no ballot in this poll")
    return ballot


@bp.put("/<poll_id:poll_id>/votes/mine")
@bp.arguments(BallotCreateSchema())
@bp.response(200, BallotSchema)
@bp.alt_response(404, description=NO_BALLOT)
@bp.alt_response(409, description=CLOSED)
def replace_my_vote(ballot, poll_id):
    """Replace the caller's ballot while the poll is open."""
    voter = _known_voter()
    return service.replace_ballot(poll_id=poll_id, voter=voter, choice_ids=ballot["choices"])


@bp.delete("/<poll_id:poll_id>/votes/mine")
@bp.response(204)
@bp.alt_response(404, description=NO_BALLOT)
@bp.alt_response(409, description=CLOSED)
def withdraw_my_vote(poll_id):
    """Withdraw the caller's ballot while the poll is open."""
    service.withdraw_ballot(poll_id=poll_id, voter=_known_voter())


def _visible_results(poll_id: str) -> results.PollResults:
    poll = _poll_or_404(poll_id)
    return results.results(poll=poll, voter=guards.current_voter(), manages=guards.manages(poll))


@bp.get("/<poll_id:poll_id>/results")
@bp.response(200, ResultsSchema)
@bp.alt_response(403, description=RESULTS_HIDDEN)
@bp.alt_response(404, response="NOT_FOUND")
def get_results(poll_id):
    """The poll's results, as its results visibility allows."""
    return _visible_results(poll_id)


@bp.get("/<poll_id:poll_id>/results.csv")
@bp.response(200, {"type": "string"}, content_type="text/csv")
@bp.alt_response(403, description=RESULTS_HIDDEN)
@bp.alt_response(404, response="NOT_FOUND")
def get_results_csv(poll_id):
    """The poll's results as CSV: `choice,votes,percent`, one row per choice."""
    return Response(results_csv(_visible_results(poll_id)), mimetype="text/csv")
