"""Who is calling: a user (from the `Authorization: Bearer` header) or an anonymous voter
(from the signed voter cookie), worked out once per request."""

from collections.abc import Callable
from functools import wraps
from typing import NoReturn

from flask import abort, current_app, g, request

from om_core import voters
from om_core.accounts import service
from om_core.data import Poll, User
from om_core.data.poll_snapshot import PollSnapshot
from om_core.voting.service import may_manage
from om_core.voting.shapes import PollShape
from om_core.voting.voter import Voter


def _bearer_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_caller() -> service.Caller | None:
    """Who the live token that came with this request speaks for, if any (looked up once)."""
    if "caller" not in g:
        token = _bearer_token()
        g.caller = service.caller_for_token(token) if token else None
    return g.caller


def refuse_bad_token() -> None:
    """Before any API request: a token that is sent must be live (401 otherwise), so a client
    with an expired or revoked token is told so, instead of being taken for anonymous. A
    view marked `checks_token_itself` gets a well-formed token unchecked, and must refuse a
    dead one with `refuse_dead_token`."""
    if "Authorization" not in request.headers:
        return
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "checks_token_itself", False) and _bearer_token():
        return
    if current_caller() is None:
        refuse_dead_token()


def refuse_dead_token() -> NoReturn:
    abort(401, "The bearer token is missing, malformed, expired or revoked.")


def checks_token_itself(view: Callable) -> Callable:
    """Mark a view whose own statement checks the bearer token (the vote: one round trip)."""
    view.checks_token_itself = True
    return view


def current_user() -> User | None:
    """The user whose live token came with this request, if any, loaded to show or change."""
    caller = current_caller()
    return service.get_user(caller.id) if caller else None


def current_token_id() -> int | None:
    """The id of the token this request came with (to revoke it, or to keep it)."""
    caller = current_caller()
    return caller.token_id if caller else None


def token_required(view: Callable) -> Callable:
    """Let the view run only for a caller with a live token."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if current_caller() is None:
            abort(401, "A valid bearer token is required.")
        return view(*args, **kwargs)

    return guarded


def is_self_or_admin(user: User) -> bool:
    """Whether the caller is `user` or an admin: who may see an email or delete an account."""
    caller = current_caller()
    return caller is not None and (caller.id == user.id or caller.is_admin)


def manages(poll: Poll | PollSnapshot) -> bool:
    """Whether the caller may edit, close or delete `poll` (and always see its results)."""
    return may_manage(current_caller(), poll)


def current_voter() -> Voter | None:
    """The caller as a voter: their account with a token, else their voter cookie, if any."""
    return voters.known_voter(current_caller())


def voter_for(poll: Poll | PollShape) -> Voter:
    """The caller as a voter in `poll` (see voters.voter_for). A token not looked up yet
    (see checks_token_itself) is handed on for the vote's own statement to check."""
    token = _bearer_token()
    if token and "caller" not in g:
        return Voter.by_token(service.token_hash(token))
    return voters.voter_for(current_caller(), poll)
