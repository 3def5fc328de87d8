"""Who votes: an account, or a browser known by its voter cookie. Shared by the API and the
web pages, which differ only in how they know the user (a token or a session).

A browser that votes without an account gets a random voter id in a signed, HttpOnly,
SameSite=Lax cookie (Secure in production), set by the answer to its first vote.
"""

import functools
import secrets
import time

from flask import Response, current_app, g, request
from itsdangerous import BadSignature, Serializer, Signer, URLSafeSerializer
from itsdangerous.encoding import base64_encode
from werkzeug.http import http_date

from om_core.accounts.service import Caller
from om_core.data import Poll, User
from om_core.data.poll_snapshot import PollSnapshot
from om_core.errors import LoginRequiredError
from om_core.voting.shapes import PollShape
from om_core.voting.voter import Voter

VOTER_COOKIE = "poll_voter"


class KeptKeySigner(Signer):
    """itsdangerous's Signer, deriving its signing key once instead of for every signature
    (a hash of salt and secret each time; the same key, so the same signatures)."""

    @functools.cached_property
    def _signing_key(self) -> bytes:
        return super().derive_key()

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        return self._signing_key if secret_key is None else super().derive_key(secret_key)


class VoterCookieSerializer(URLSafeSerializer):
    """URLSafeSerializer without its attempt to zlib-compress each payload first: a voter
    id never gets shorter, and the attempt cost ten times the signing itself. Its signer is
    made once, not per cookie. The cookies are the same bytes, and read back by
    URLSafeSerializer's own `loads`."""

    default_signer = KeptKeySigner

    def dump_payload(self, obj) -> bytes:
        return base64_encode(Serializer.dump_payload(self, obj))

    @functools.cached_property
    def _signer(self) -> Signer:
        return super().make_signer()

    def make_signer(self, salt: str | bytes | None = None) -> Signer:
        return self._signer if salt is None else super().make_signer(salt)


@functools.cache
def _signer_for(secret_key: str | bytes) -> URLSafeSerializer:
    return VoterCookieSerializer(secret_key, salt="voter-cookie")


def _signer() -> URLSafeSerializer:
    """The voter cookie's signer, made once per key (making one costs more than using it)."""
    return _signer_for(current_app.secret_key)


def cookie_voter() -> Voter | None:
    """The anonymous voter this request's valid voter cookie names, if any."""
    if "new_voter_id" in g:
        return Voter.anonymous(g.new_voter_id)
    cookie = request.cookies.get(VOTER_COOKIE)
    if not cookie:
        return None
    try:
        voter_id = _signer().loads(cookie)
    except BadSignature:
        return None
    return Voter.anonymous(voter_id) if isinstance(voter_id, str) else None


def new_cookie_voter() -> Voter:
    """A new anonymous voter, whose cookie `remember_new_voter` sets on a successful answer."""
    g.new_voter_id = secrets.token_urlsafe(16)
    return Voter.anonymous(g.new_voter_id)


def remember_new_voter(response: Response) -> Response:
    """After each request: set the cookie of a voter made during it, unless the request was
    refused (4xx: nothing was stored). A 503 may come after the vote was stored, so it gets
    the cookie: a retry is then a 409, not a second vote."""
    if "new_voter_id" in g and not 400 <= response.status_code < 500:
        max_age = current_app.config["VOTER_COOKIE_MAX_AGE"]
        response.set_cookie(
            VOTER_COOKIE,
            _signer().dumps(g.new_voter_id),
            max_age=max_age,
            expires=_expires(int(time.time()), max_age),
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
    return response


@functools.lru_cache(maxsize=1)
def _expires(now: int, max_age: int) -> str:
    """The cookie's Expires date (beside its Max-Age, for older clients), worked out once a
    second instead of once a cookie: werkzeug would format the same date each time."""
    return http_date(now + max_age)


def known_voter(user: User | Caller | None) -> Voter | None:
    """The caller as a voter: their account if signed in, else their voter cookie, if any."""
    return Voter.for_user(user.id) if user is not None else cookie_voter()


def voter_for(user: User | Caller | None, poll: Poll | PollShape | PollSnapshot) -> Voter:
    """The caller as a voter in `poll`. Without an account, the poll must take anonymous
    votes (LoginRequiredError); a browser without a voter cookie gets a new one."""
    if user is not None:
        return Voter.for_user(user.id)
    if not poll.allow_anonymous:
        raise LoginRequiredError("this poll takes votes from signed-in users only")
    return cookie_voter() or new_cookie_voter()
