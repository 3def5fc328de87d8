"""Who may do what: every route of the app, called as each kind of caller, answers the status
written in MATRIX. A new route needs a row, or the first test fails.

The world of each cell (tests/authz/world.py): an owner with a poll whose results show after
voting, in which the owner has voted; URLs name that poll and the owner's user id. API rows
call with bearer tokens; page rows with browser sessions (pages have no tokens, so on pages
`revoked_token` is a browser with no session, as `anonymous`; a deactivated user's session is
one that was logged in before the account was deactivated).
"""

import re

import pytest
from flask import Flask

from tests.authz.world import COLUMNS, World, outcome
from tests.authz.world import TO_LOGIN as LOGIN

SKIPPED_ENDPOINTS = {"static", "web.static", "docs.static"}  # files, not routes to guard

# (method, rule without its converters): the status for each of COLUMNS, that is
# (anonymous, other_user, owner, admin, deactivated, revoked_token).
# A token that is sent must be live: a deactivated user's or a revoked one is 401 on every API
# route, never taken for anonymous.
MATRIX: dict[tuple[str, str], tuple[int | str, ...]] = {
    # API: service, docs, accounts and tokens
    ("GET", "/api/health"): (200, 200, 200, 200, 401, 401),
    # The docs are public documents, not resources: no token is looked at.
    ("GET", "/api/openapi.json"): (200, 200, 200, 200, 200, 200),
    ("GET", "/api/docs"): (200, 200, 200, 200, 200, 200),
    ("POST", "/api/auth/token"): (200, 200, 200, 200, 401, 401),
    ("DELETE", "/api/auth/token"): (401, 204, 204, 204, 401, 401),
    ("POST", "/api/users"): (201, 201, 201, 201, 401, 401),
    ("GET", "/api/users"): (200, 200, 200, 200, 401, 401),
    ("GET", "/api/users/me"): (401, 200, 200, 200, 401, 401),
    ("PATCH", "/api/users/me"): (401, 200, 200, 200, 401, 401),
    ("GET", "/api/users/<user_id>"): (200, 200, 200, 200, 401, 401),
    ("PATCH", "/api/users/<user_id>"): (401, 403, 403, 200, 401, 401),
    ("DELETE", "/api/users/<user_id>"): (401, 403, 204, 204, 401, 401),
    # API: polls (managing one is for its owner and admins)
    ("POST", "/api/polls"): (201, 201, 201, 201, 401, 401),  # anonymous: a guest poll
    ("GET", "/api/polls"): (200, 200, 200, 200, 401, 401),
    ("GET", "/api/polls/<poll_id>"): (200, 200, 200, 200, 401, 401),
    ("PATCH", "/api/polls/<poll_id>"): (401, 403, 200, 200, 401, 401),
    ("DELETE", "/api/polls/<poll_id>"): (401, 403, 204, 204, 401, 401),
    ("POST", "/api/polls/<poll_id>/close"): (401, 403, 200, 200, 401, 401),
    # Claiming is for a poll made without an account, with its admin token: this one has an owner.
    ("POST", "/api/polls/<poll_id>/claim"): (401, 403, 403, 403, 401, 401),
    # API: ballots ("mine" is the caller's own: only the owner has one here)
    ("POST", "/api/polls/<poll_id>/votes"): (201, 201, 409, 201, 401, 401),
    ("GET", "/api/polls/<poll_id>/votes/mine"): (404, 404, 200, 404, 401, 401),
    ("PUT", "/api/polls/<poll_id>/votes/mine"): (404, 404, 200, 404, 401, 401),
    ("DELETE", "/api/polls/<poll_id>/votes/mine"): (404, 404, 204, 404, 401, 401),
    # API: results after voting (the owner and admins see them always)
    ("GET", "/api/polls/<poll_id>/results"): (403, 403, 200, 200, 401, 401),
    ("GET", "/api/polls/<poll_id>/results.csv"): (403, 403, 200, 200, 401, 401),
    # Pages. Sessions, not tokens: `revoked_token` is a browser without a session (anonymous),
    # and a deactivated user's session counts as none.
    ("GET", "/"): (200, 200, 200, 200, 200, 200),
    ("GET", "/register"): (200, 200, 200, 200, 200, 200),
    ("POST", "/register"): (302, 302, 302, 302, 302, 302),
    ("GET", "/login"): (200, 200, 200, 200, 200, 200),
    ("POST", "/login"): (302, 302, 302, 302, 302, 302),
    ("GET", "/logout"): (200, 200, 200, 200, 200, 200),
    ("POST", "/logout"): (302, 302, 302, 302, 302, 302),
    # Pages: polls (anyone may create one: without an account, as a guest)
    ("GET", "/polls/new"): (200, 200, 200, 200, 200, 200),
    ("POST", "/polls/new"): (302, 302, 302, 302, 302, 302),
    ("GET", "/me/polls"): (LOGIN, 200, 200, 200, LOGIN, LOGIN),
    # Pages: the account
    ("GET", "/me"): (LOGIN, 200, 200, 200, LOGIN, LOGIN),
    ("POST", "/me"): (LOGIN, 302, 302, 302, LOGIN, LOGIN),
    ("POST", "/me/password"): (LOGIN, 302, 302, 302, LOGIN, LOGIN),
    ("POST", "/me/sign-out-everywhere"): (LOGIN, 302, 302, 302, LOGIN, LOGIN),
    ("GET", "/p/<poll_id>"): (200, 200, 200, 200, 200, 200),
    # A vote refused (the owner's second) shows the poll again with why, as a 200 page.
    ("POST", "/p/<poll_id>"): (302, 302, 200, 302, 302, 302),
    # Pages: the caller's own ballot (only the owner has one here; others are sent back)
    ("GET", "/p/<poll_id>/ballot"): (302, 302, 200, 302, 302, 302),
    ("POST", "/p/<poll_id>/ballot"): (302, 302, 302, 302, 302, 302),
    ("GET", "/p/<poll_id>/ballot/withdraw"): (200, 200, 200, 200, 200, 200),
    ("POST", "/p/<poll_id>/ballot/withdraw"): (302, 302, 302, 302, 302, 302),
    ("GET", "/p/<poll_id>/results"): (200, 200, 200, 200, 200, 200),
    ("GET", "/p/<poll_id>/qr.svg"): (200, 200, 200, 200, 200, 200),  # the share link's QR code
    ("GET", "/p/<poll_id>/results.json"): (403, 403, 200, 200, 403, 403),
    ("GET", "/p/<poll_id>/results.csv"): (403, 403, 200, 200, 403, 403),
    # Pages: managing a poll. Its manager may be a guest (a browser with its admin cookie), so
    # these pages do not ask for a login; this world's poll has an owner, so no guest manages
    # it, no admin link opens it, and it cannot be claimed.
    ("GET", "/p/<poll_id>/manage"): (403, 403, 200, 200, 403, 403),
    ("GET", "/p/<poll_id>/edit"): (403, 403, 200, 200, 403, 403),
    ("POST", "/p/<poll_id>/edit"): (403, 403, 302, 302, 403, 403),
    ("GET", "/p/<poll_id>/close"): (403, 403, 200, 200, 403, 403),
    ("POST", "/p/<poll_id>/close"): (403, 403, 302, 302, 403, 403),
    ("GET", "/p/<poll_id>/delete"): (403, 403, 200, 200, 403, 403),
    ("POST", "/p/<poll_id>/delete"): (403, 403, 302, 302, 403, 403),
    ("GET", "/p/<poll_id>/admin/<admin_token>"): (403, 403, 403, 403, 403, 403),
    ("POST", "/p/<poll_id>/claim"): (LOGIN, 403, 409, 409, LOGIN, LOGIN),
}


def _routes(app: Flask) -> set[tuple[str, str]]:
    """(method, rule) of every route, converters left out: `<int:user_id>` is `<user_id>`."""
    return {
        (method, re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"<\1>", rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in SKIPPED_ENDPOINTS
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


CELLS = [
    pytest.param(method, rule, column, expected, id=f"{method} {rule} as {column}")
    for (method, rule), row in MATRIX.items()
    for column, expected in zip(COLUMNS, row, strict=True)
]


def test_every_route_has_a_row_and_every_row_a_route(app: Flask):
    assert _routes(app) == set(MATRIX)


@pytest.mark.parametrize(("method", "rule", "column", "expected"), CELLS)
def test_each_caller_gets_the_status_of_its_cell(
    app: Flask, method: str, rule: str, column: str, expected: int | str
):
    world = World(app)
    if rule.startswith("/api"):
        account = world.account(column)
        headers = account.headers if account else {}
        response = app.test_client().open(
            world.url(rule), method=method, json=world.api_body(method, rule), headers=headers
        )
    else:
        browser = world.browser(column)
        response = browser.open(
            world.url(rule), method=method, data=world.form(browser, method, rule)
        )
    assert outcome(response) == expected, response.get_data(as_text=True)[:500]
