"""The world an authorization cell runs in, and the request each row of the matrix sends.

A fresh world per cell: an owner with a poll (results after voting; the owner has voted in it)
and the one identity the cell calls as. API rows call with that identity's bearer token, page
rows with its browser session, logged in through the /login form.
"""

import re
from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.api.polls_helpers import choice_ids, create_poll, poll_payload, vote
from tests.conftest import Account, AuthActions
from tests.factories import PASSWORD, user_payload

COLUMNS = ("anonymous", "other_user", "owner", "admin", "deactivated", "revoked_token")
TO_LOGIN = "302 /login"  # a redirect to the login page (a page that needs a signed-in user)
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class World:
    """An owner with a poll they voted in, and accounts made as a client makes them."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.client = app.test_client()
        self.auth = AuthActions(self.client, app)
        self.owner = self.auth.signup()
        self.poll = create_poll(self.client, self.owner, results_visibility="after_vote")
        self.choices = choice_ids(self.poll)
        assert vote(self.client, self.poll["id"], self.choices[:1], self.owner).status_code == 201

    def account(self, column: str) -> Account | None:
        """The account (with its token) a column calls the API as; None for anonymous."""
        if column == "anonymous":
            return None
        if column == "owner":
            return self.owner
        if column == "other_user":
            return self.auth.signup()
        if column == "admin":
            return self.auth.admin()
        if column == "deactivated":
            return self._deactivate(self.auth.signup())
        return self._revoked_owner_token()

    def browser(self, column: str) -> FlaskClient:
        """A browser whose session is the column's login. Pages know no tokens: a revoked
        token is a browser with no session, as `anonymous` (a deactivated user's session is
        logged in first, then the account is deactivated)."""
        browser = self.app.test_client()
        if column in ("anonymous", "revoked_token"):
            return browser
        account = self.auth.signup() if column == "deactivated" else self.account(column)
        response = browser.post("/login", data=self.credentials(browser, account))
        assert response.status_code == 302, response.status_code
        if column == "deactivated":
            self._deactivate(account)
        return browser

    def credentials(self, browser: FlaskClient, account: Account) -> dict:
        return {"email": account.email, "password": account.password, **csrf(browser)}

    def _deactivate(self, account: Account) -> Account:
        admin = self.auth.admin()
        url = f"/api/users/{account.id}"
        response = self.client.patch(url, json={"active": False}, headers=admin.headers)
        assert response.status_code == 200, response.json
        return account

    def _revoked_owner_token(self) -> Account:
        """A second token of the owner's, logged out with DELETE /api/auth/token."""
        token = self.auth.login(self.owner.email)
        revoked = Account(self.owner.id, self.owner.email, self.owner.password, token)
        assert self.client.delete("/api/auth/token", headers=revoked.headers).status_code == 204
        return revoked

    def url(self, rule: str) -> str:
        """The rule with the world's poll and the owner's user id in it."""
        url = rule.replace("<poll_id>", self.poll["id"]).replace("<user_id>", str(self.owner.id))
        return url.replace("<admin_token>", "not-this-polls-admin-token")

    def api_body(self, method: str, rule: str) -> dict | None:
        """The JSON body an API row sends: a valid one, so only who calls decides the answer."""
        bodies = {
            ("POST", "/api/auth/token"): {
                "email": self.owner.email,
                "password": self.owner.password,
            },
            ("POST", "/api/users"): user_payload(),
            ("PATCH", "/api/users/me"): {"name": "Renamed"},
            ("PATCH", "/api/users/<user_id>"): {"active": True},
            ("POST", "/api/polls"): poll_payload(),
            ("PATCH", "/api/polls/<poll_id>"): {"question": "A changed question?"},
            ("POST", "/api/polls/<poll_id>/votes"): {"choices": self.choices[1:2]},
            ("PUT", "/api/polls/<poll_id>/votes/mine"): {"choices": self.choices[1:2]},
        }
        return bodies.get((method, rule))

    def form(self, browser: FlaskClient, method: str, rule: str) -> dict:
        """The form a page row posts: valid, with the browser's CSRF token."""
        if method != "POST":
            return {}
        forms = {
            "/register": user_payload(),
            "/login": {"email": self.owner.email, "password": self.owner.password},
            "/polls/new": {
                "question": "A new poll?",
                "choices-0": "Yes",
                "choices-1": "No",
                "kind": "single",
                "results_visibility": "always",
                "visibility": "public",
                "allow_anonymous": "y",
            },
            "/p/<poll_id>": {"choice": str(self.choices[1])},
            "/p/<poll_id>/ballot": {"choice": str(self.choices[1])},
            "/p/<poll_id>/edit": {
                "question": "A changed question?",
                "results_visibility": "after_vote",
                "visibility": "public",
                "allow_anonymous": "y",
            },
            "/me": {"name": "Renamed", "surname": "Again"},
            "/me/password": {"current_password": PASSWORD, "password": "a new long password"},
        }
        return {**forms.get(rule, {}), **csrf(browser)}


def csrf(browser: FlaskClient) -> dict:
    """A CSRF token of the browser's session (any page with a form shows one)."""
    page = browser.get("/logout").get_data(as_text=True)
    return {"csrf_token": _CSRF.search(page).group(1)}


def outcome(response: TestResponse) -> int | str:
    """The status, with a redirect to the login page told apart from any other redirect."""
    location = urlsplit(response.headers.get("Location", "")).path
    if response.status_code == 302 and location == "/login":
        return TO_LOGIN
    return response.status_code
