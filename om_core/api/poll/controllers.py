"""Polls at /api/polls, with their votes and results beneath each poll."""

from flask import Response, abort, current_app

from om_core import errors
from om_core.api.auth import guards
from om_core.api.blueprint import Blueprint
from om_core.api.pagination import page_of
from om_core.api.poll.schemas import (
    BallotCreateSchema,
    BallotSchema,
    NewPollSchema,
    PollCreateSchema,
    PollQuerySchema,
    PollSchema,
    PollUpdateSchema,
    ResultsSchema,
    results_csv,
)
from om_core.data import Poll
from om_core.plumbing.rate_limits import limit_anonymous_votes, limit_guest_polls
from om_core.voting import queries, results, service
from om_core.voting.voter import Voter

bp = Blueprint("poll", __name__, description="Polls, votes and results")

POLL_ID = {"in": "path", "name": "poll_id", "description": "The poll's `id` (as in its link)."}
# What some error statuses mean here, for the OpenAPI document (each is problem details).
NO_POLL = "There is no poll with this id."
NOT_MANAGER = (
    "The caller is neither the poll's owner nor an admin, nor sent the poll's admin token."
)
NO_BALLOT = "No such poll, or the caller has no ballot in it."
CLOSED = "The poll is closed."
RESULTS_HIDDEN = "The poll's `results_visibility` hides its results from the caller for now."
# The voter cookie, as the answer to a first anonymous vote sets it (plumbing/voter_cookies).
VOTER_COOKIE = {
    "Set-Cookie": {
        "description": "`poll_voter=...`, the voter cookie: set by the first vote without a "
        "token from a client that sent none (signed, HttpOnly, SameSite=Lax, Secure in "
        "production, kept a year). Keep it and send it back, as a browser does: it is how "
        "the next requests of an anonymous voter (votes/mine, results, another vote) know "
        "who voted. A 503 sets it too (the vote may have been stored).",
        "schema": {"type": "string"},
    }
}


def _poll_or_404(poll_id: str) -> Poll:
    """The poll as it is now, with its choices and kept counts."""
    poll = queries.get_poll(poll_id)
    if poll is None:
        abort(404, NO_POLL)
    return poll


def _managed_poll(poll_id: str) -> Poll:
    """The poll, if the caller manages it: 404 when missing, else 403."""
    poll = _poll_or_404(poll_id)
    if not guards.manages(poll):
        abort(403, "Only the poll's owner, an admin or its admin token may do this.")
    return poll


def _known_voter() -> Voter:
    """The caller as a voter: with neither a token nor a voter cookie, they have no ballot."""
    voter = guards.current_voter()
    if voter is None:
        raise errors.NoBallotError("you have no ballot in this poll")
    return voter


@bp.post("")
@bp.doc(operationId="createPoll")
@bp.auth_optional
@limit_guest_polls
@bp.arguments(PollCreateSchema())
@bp.response(201, NewPollSchema)
@bp.problem(401, description="No token, and polls without an account are switched off.")
@bp.problem(errors.InvalidPollError)
@bp.problem(
    429,
    description="Too many polls without an account from this address, or over the API "
    "limit; `Retry-After` says how many seconds to wait.",
)
def create_poll(fields):
    """Create a poll: owned by the caller with a token; without one, a guest poll managed by
    the `admin_token` of this answer."""
    user = guards.current_user()
    if user is not None:
        return service.create_poll(owner=user, **fields)
    if not current_app.config["GUEST_POLLS"]:
        abort(401, "A valid bearer token is required: polls without an account are off.")
    poll, admin_token = service.create_guest_poll(**fields)
    poll.admin_token = admin_token  # in this answer only; the poll stores its hash
    return poll


@bp.get("")
@bp.doc(operationId="listPolls")
@bp.arguments(PollQuerySchema(), location="query")
@bp.response(200, page_of(PollSchema))
def list_polls(query):
    """List public polls, newest first, filtered by `q`, `status` and `owner`."""
    return queries.list_polls(**query)


@bp.get("/<poll_id:poll_id>", parameters=[POLL_ID])
@bp.doc(operationId="getPoll")
@bp.response(200, PollSchema)
@bp.problem(404, description=NO_POLL)
def get_poll(poll_id):
    """A poll, listed or not."""
    return _poll_or_404(poll_id)


@bp.patch("/<poll_id:poll_id>", parameters=[POLL_ID])
@bp.doc(operationId="updatePoll")
@bp.manager_required
@bp.arguments(PollUpdateSchema())
@bp.response(200, PollSchema)
@bp.problem(403, description=NOT_MANAGER)
@bp.problem(404, errors.PollNotFoundError, description=NO_POLL)
@bp.problem(
    errors.PollHasVotesError,
    errors.PollClosedError,
    description="`choices`, `kind` or `max_selections` changed once the poll has a ballot, "
    "or `closes_at` changed on a closed poll.",
)
@bp.problem(errors.InvalidPollError)
def update_poll(fields, poll_id):
    """Change a poll (owner or admin); choices and kind are frozen once it has a ballot."""
    return service.update_poll(poll=_managed_poll(poll_id), changes=fields)


@bp.delete("/<poll_id:poll_id>", parameters=[POLL_ID])
@bp.doc(operationId="deletePoll")
@bp.manager_required
@bp.response(204)
@bp.problem(403, description=NOT_MANAGER)
@bp.problem(404, description=NO_POLL)
def delete_poll(poll_id):
    """Delete a poll with its ballots (owner or admin)."""
    service.delete_poll(poll=_managed_poll(poll_id))


@bp.post("/<poll_id:poll_id>/close", parameters=[POLL_ID])
@bp.doc(operationId="closePoll")
@bp.manager_required
@bp.response(200, PollSchema)
@bp.problem(403, description=NOT_MANAGER)
@bp.problem(404, description=NO_POLL)
def close_poll(poll_id):
    """Close a poll now (owner or admin)."""
    return service.close_poll(poll=_managed_poll(poll_id))


@bp.post("/<poll_id:poll_id>/claim", parameters=[POLL_ID])
@bp.doc(operationId="claimPoll", security=[{"bearerAuth": [], "pollAdminToken": []}])
@bp.auth_required
@bp.response(200, PollSchema)
@bp.problem(
    403,
    description="No admin token of this poll came with the request (a poll "
    "with an owner has none).",
)
@bp.problem(404, description=NO_POLL)
def claim_poll(poll_id):
    """Make a poll made without an account the caller's own; its admin token stops working."""
    poll = _poll_or_404(poll_id)
    if poll.owner_id is not None or not guards.manages(poll):
        abort(403, "Send this poll's admin token as X-Poll-Admin-Token to claim it.")
    return service.claim_poll(poll=poll, user=guards.current_user())


@bp.post("/<poll_id:poll_id>/votes", parameters=[POLL_ID])
@bp.doc(operationId="castVote")
@bp.auth_optional
@limit_anonymous_votes
@bp.arguments(BallotCreateSchema())
@bp.response(201, BallotSchema, headers=VOTER_COOKIE)
@bp.problem(
    errors.LoginRequiredError,
    description="No token, and the poll takes votes from signed-in users only; or a token "
    "that is not live.",
)
@bp.problem(404, errors.PollNotFoundError, description=NO_POLL)  # 404: routing's, for no id's form
@bp.problem(
    errors.AlreadyVotedError,
    errors.PollClosedError,
    description="The voter has a ballot already, or the poll is closed.",
)
@bp.problem(errors.InvalidBallotError)
@bp.problem(
    429,
    description="Too many anonymous votes from this address in this poll, or over the API "
    "limit; `Retry-After` says how many seconds to wait.",
)
def cast_vote(ballot, poll_id):
    """Vote: by account with a token, else anonymously (if the poll allows) by voter cookie."""
    voter = guards.casting_voter()
    return service.cast_ballot(poll_id=poll_id, voter=voter, choice_ids=ballot["choices"])


@bp.get("/<poll_id:poll_id>/votes/mine", parameters=[POLL_ID])
@bp.doc(operationId="getMyBallot")
@bp.auth_optional
@bp.response(200, BallotSchema)
@bp.problem(404, errors.NoBallotError, description=NO_BALLOT)
def get_my_vote(poll_id):
    """The caller's ballot in this poll."""
    ballot = service.get_ballot(poll_id=_poll_or_404(poll_id).id, voter=_known_voter())
    if ballot is None:
        raise errors.NoBallotError("you have no ballot in this poll")
    return ballot


@bp.put("/<poll_id:poll_id>/votes/mine", parameters=[POLL_ID])
@bp.doc(operationId="replaceMyBallot")
@bp.auth_optional
@bp.arguments(BallotCreateSchema())
@bp.response(200, BallotSchema)
@bp.problem(404, errors.PollNotFoundError, errors.NoBallotError, description=NO_BALLOT)
@bp.problem(errors.PollClosedError, description=CLOSED)
@bp.problem(errors.InvalidBallotError)
def replace_my_vote(ballot, poll_id):
    """Replace the caller's ballot while the poll is open."""
    voter = _known_voter()
    return service.replace_ballot(poll_id=poll_id, voter=voter, choice_ids=ballot["choices"])


@bp.delete("/<poll_id:poll_id>/votes/mine", parameters=[POLL_ID])
@bp.doc(operationId="withdrawMyBallot")
@bp.auth_optional
@bp.response(204)
@bp.problem(404, errors.PollNotFoundError, errors.NoBallotError, description=NO_BALLOT)
@bp.problem(errors.PollClosedError, description=CLOSED)
def withdraw_my_vote(poll_id):
    """Withdraw the caller's ballot while the poll is open."""
    service.withdraw_ballot(poll_id=poll_id, voter=_known_voter())


def _visible_results(poll_id: str) -> results.PollResults:
    poll = _poll_or_404(poll_id)
    return results.results(poll=poll, voter=guards.current_voter(), manages=guards.manages(poll))


@bp.get("/<poll_id:poll_id>/results", parameters=[POLL_ID])
@bp.doc(operationId="getResults")
@bp.manager_optional
@bp.response(200, ResultsSchema)
@bp.problem(errors.ResultsHiddenError, description=RESULTS_HIDDEN)
@bp.problem(404, description=NO_POLL)
def get_results(poll_id):
    """The poll's results, as its results visibility allows."""
    return _visible_results(poll_id)


@bp.get("/<poll_id:poll_id>/results.csv", parameters=[POLL_ID])
@bp.doc(operationId="getResultsCsv")
@bp.manager_optional
@bp.response(200, {"type": "string"}, content_type="text/csv")
@bp.problem(errors.ResultsHiddenError, description=RESULTS_HIDDEN)
@bp.problem(404, description=NO_POLL)
def get_results_csv(poll_id):
    """The poll's results as CSV: `choice,votes,percent`, one row per choice."""
    return Response(results_csv(_visible_results(poll_id)), mimetype="text/csv")
