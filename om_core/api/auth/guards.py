"""Who is calling: a user (from the `Authorization: Bearer` header) or an anonymous voter
(from the signed voter cookie), worked out once per request."""

import secrets
from collections.abc import Callable
from functools import wraps

from flask import Response, abort, current_app, g, request
from itsdangerous import BadSignature, URLSafeSerializer

from om_core.accounts import service
from om_core.data import Poll, User
from om_core.errors import LoginRequiredError
from om_core.voting.service import Voter

VOTER_COOKIE = "poll_voter"


def _bearer_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _resolve() -> None:
    if "caller" in g:
        return
    token = _bearer_token()
    found = service.user_for_token(token) if token else None
    g.caller, g.caller_token_id = found if found else (None, None)


def current_user() -> User | None:
    """The user whose live token came with this request, if any."""
    _resolve()
    return g.caller


def current_token_id() -> int | None:
    """The id of the token this request came with (to revoke it, or to keep it)."""
    _resolve()
    return g.caller_token_id


def require_user() -> User:
    """The calling user, or a 401."""
    user = current_user()
    if user is None:
        abort(401, "A valid bearer token is required.")
    return user


def token_required(view: Callable) -> Callable:
    """Let the view run only for a caller with a live token."""

    @wraps(view)
    def guarded(*args, **kwargs):
        require_user()
        return view(*args, **kwargs)

    return guarded


def is_self_or_admin(user: User) -> bool:
    """Whether the caller is `user` or an admin: who may see an email or delete an account."""
    caller = current_user()
    return caller is not None and (caller.id == user.id or caller.is_admin)


def manages(poll: Poll) -> bool:
    """Whether the caller may edit, close or delete `poll` (and always see its results)."""
    caller = current_user()
    return caller is not None and (caller.id == poll.owner_id or caller.is_admin)


def _voter_signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="voter-cookie")


def current_voter() -> Voter | None:
    """The caller as a voter: their account with a token, else their voter cookie, if any."""
    user = current_user()
    if user is not None:
        return Voter.for_user(user.id)
    try:
        cookie_id = _voter_signer().loads(request.cookies.get(VOTER_COOKIE, ""))
    except BadSignature:
        return None
    return Voter.anonymous(cookie_id) if isinstance(cookie_id, str) else None


def voter_for(poll: Poll) -> Voter:
    """The caller as a voter in `poll`. Without a token, the poll must take anonymous votes
    (LoginRequiredError); a browser without a voter cookie gets a new one with the answer."""
    voter = current_voter()
    if voter is not None and (voter.user_id is not None or poll.allow_anonymous):
        return voter
    if not poll.allow_anonymous:
        raise LoginRequiredError("this poll takes votes from signed-in users only")
    g.new_voter_id = secrets.token_urlsafe(16)
    return Voter.anonymous(g.new_voter_id)


def remember_new_voter(response: Response) -> Response:
    """Set the voter cookie made by `voter_for`, once the vote it was made for succeeded."""
    if "new_voter_id" in g and response.status_code < 400:
        response.set_cookie(
            VOTER_COOKIE,
            _voter_signer().dumps(g.new_voter_id),
            max_age=current_app.config["VOTER_COOKIE_MAX_AGE"],
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
    return response
