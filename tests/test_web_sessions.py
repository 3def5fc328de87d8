"""Web sessions (Flask-Login cookies) end when they should, even where a copy of the cookie
lives on: after logging out, after a password change, after deactivation."""

import re

import pytest

from tests.api.polls_helpers import choice_ids, create_poll, vote
from tests.factories import PASSWORD
from tests.web_forms import csrf_token, log_in


@pytest.fixture
def session_copy(app, auth):
    """A signed-in browser, and a second client holding a copy of its session cookie."""
    account = auth.signup()
    browser = app.test_client()
    log_in(browser, account.email)
    copy = app.test_client()
    copy.set_cookie("session", browser.get_cookie("session").value)
    assert copy.get("/me/polls").status_code == 200
    return account, browser, copy


def test_logging_out_ends_copies_of_the_session_too(session_copy):
    _, browser, copy = session_copy
    browser.post("/logout", data={"csrf_token": csrf_token(browser, "/logout")})
    response = copy.get("/me/polls")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_new_password_ends_web_sessions(client, session_copy):
    account, _, copy = session_copy
    body = {"password": "a brand new password", "current_password": PASSWORD}
    assert client.patch("/api/users/me", json=body, headers=account.headers).status_code == 200
    assert copy.get("/me/polls").status_code == 302


def test_deactivation_ends_web_sessions_for_good(client, auth, session_copy):
    account, _, copy = session_copy
    admin = auth.admin()
    client.patch(f"/api/users/{account.id}", json={"active": False}, headers=admin.headers)
    assert copy.get("/me/polls").status_code == 302
    client.patch(f"/api/users/{account.id}", json={"active": True}, headers=admin.headers)
    assert copy.get("/me/polls").status_code == 302  # reactivated, they log in again


def test_the_api_ignores_the_web_session(client, auth, session_copy):
    """The API knows callers by token only: a signed-in browser that votes through it without
    one votes anonymously (a voter cookie), and its session cookie is neither read nor reset."""
    poll = create_poll(client, auth.signup())
    _, browser, _ = session_copy
    response = vote(browser, poll["id"], choice_ids(poll)[:1])
    assert response.status_code == 201
    cookies = " ".join(response.headers.getlist("Set-Cookie"))
    assert "poll_voter=" in cookies
    assert "session=" not in cookies
    assert "Cookie" not in response.headers.get("Vary", "")
    assert browser.get("/me/polls").status_code == 200  # still signed in on the web


def test_static_files_ignore_the_web_session(session_copy):
    """A static file is the same for everyone: its answer neither sets nor varies by the
    session cookie, so a shared cache keeps one copy of it."""
    _, browser, _ = session_copy
    page = browser.get("/").get_data(as_text=True)
    stylesheet = re.search(r'href="(/static/web/css/app\.css[^"]*)"', page).group(1)
    with browser.get(stylesheet) as response:  # closed: a file's answer holds it open
        assert response.status_code == 200
        assert "Cookie" not in response.headers.get("Vary", "")
        assert "session=" not in " ".join(response.headers.getlist("Set-Cookie"))
    assert browser.get("/me/polls").status_code == 200  # still signed in on the pages
