"""Who is calling: a user (from the `Authorization: Bearer` header) or an anonymous voter
(from the signed voter cookie), worked out once per request."""

from collections.abc import Callable
from functools import wraps

from flask import abort, g, request

from om_core.accounts import service
from om_core.data import Poll, User
from om_core.errors import DeadTokenError
from om_core.plumbing import voter_cookies
from om_core.voting.service import may_manage
from om_core.voting.voter import Voter

# The header of a guest poll's admin token (docs/api.md): a header name, not a secret.
ADMIN_TOKEN_HEADER = "X-Poll-Admin-Token"  # noqa: S105  # nosec B105


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
    with an expired or revoked token is told so, instead of being taken for anonymous."""
    if "Authorization" in request.headers and current_caller() is None:
        raise DeadTokenError("The bearer token is missing, malformed, expired or revoked.")


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


def poll_admin_token() -> str | None:
    """The guest poll admin token sent with this request, if any."""
    return request.headers.get(ADMIN_TOKEN_HEADER) or None


def manages(poll: Poll) -> bool:
    """Whether the caller may edit, close or delete `poll` (and always see its results): with
    a bearer token of its owner or an admin, or with its admin token while it has no owner."""
    return may_manage(current_caller(), poll, poll_admin_token())


def manager_credentials_required(view: Callable) -> Callable:
    """Let the view run only for a caller with a live bearer token or a poll admin token;
    whether they manage this poll is the view's question (403)."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if current_caller() is None and poll_admin_token() is None:
            abort(401, "A valid bearer token, or the poll's admin token, is required.")
        return view(*args, **kwargs)

    return guarded


def current_voter() -> Voter | None:
    """The caller as a voter: their account with a token, else their voter cookie, if any."""
    return voter_cookies.known_voter(current_caller())


def casting_voter() -> Voter:
    """The caller as a voter casting a ballot: a browser without a voter cookie gets one."""
    return voter_cookies.voter(current_caller())
