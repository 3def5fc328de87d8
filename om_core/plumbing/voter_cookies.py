"""Who votes: an account, or a browser known by its voter cookie. Shared by the API and the
web pages, which differ only in how they know the user (a token or a session).

A browser that votes without an account gets a random voter id in a signed, HttpOnly,
SameSite=Lax cookie (Secure in production), set by the answer to its first vote.
"""

import secrets

from flask import Response, current_app, g

from om_core.accounts.service import Caller
from om_core.data import User
from om_core.plumbing import signed_cookies
from om_core.voting.voter import Voter

VOTER_COOKIE = "poll_voter"
SALT = "voter-cookie"


def cookie_voter() -> Voter | None:
    """The anonymous voter this request's valid voter cookie names, if any."""
    if "new_voter_id" in g:
        return Voter.anonymous(g.new_voter_id)
    voter_id = signed_cookies.read(VOTER_COOKIE, SALT)
    return Voter.anonymous(voter_id) if voter_id is not None else None


def remember_new_voter(response: Response) -> Response:
    """After each request: set the cookie of a voter made during it, unless the request was
    refused (4xx: nothing was stored). A 503 may come after the vote was stored, so it gets
    the cookie: a retry is then a 409, not a second vote."""
    if "new_voter_id" in g and not 400 <= response.status_code < 500:
        max_age = current_app.config["VOTER_COOKIE_MAX_AGE"]
        signed_cookies.write(response, VOTER_COOKIE, g.new_voter_id, SALT, max_age=max_age)
    return response


def known_voter(user: User | Caller | None) -> Voter | None:
    """The caller as a voter: their account if signed in, else their voter cookie, if any."""
    return Voter.for_user(user.id) if user is not None else cookie_voter()


def voter(user: User | Caller | None) -> Voter:
    """The caller as a voter who is casting a ballot: their account if signed in, else their
    voter cookie; a browser without one gets a new one (whether the poll takes anonymous
    votes is the voting service's rule)."""
    found = known_voter(user)
    if found is None:
        g.new_voter_id = secrets.token_urlsafe(16)
        found = Voter.anonymous(g.new_voter_id)
    return found
