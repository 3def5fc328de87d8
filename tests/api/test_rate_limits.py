"""Rate limits (API.md): each answers 429 problem details with Retry-After, changes nothing."""

import pytest
from sqlalchemy import func, select

from om_core.data import Ballot, User, db
from tests.factories import user_payload
from tests.web_forms import csrf_token, log_in

LIMITS_ON = {"RATELIMIT_ENABLED": True}


@pytest.fixture
def limited_app(app_factory):
    """An app with rate limits on and small limits, so a test can reach them."""
    return lambda **limits: app_factory(**(LIMITS_ON | limits))


def assert_limited(response) -> None:
    assert response.status_code == 429
    assert response.content_type == "application/problem+json"
    assert int(response.headers["Retry-After"]) > 0
    assert response.json["status"] == 429


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_login_is_limited_per_account(limited_app):
    client = limited_app(RATELIMIT_LOGIN_PER_ACCOUNT="2 per minute").test_client()
    body = {"email": "victim@example.org", "password": "wrong password"}
    assert [client.post("/api/auth/token", json=body).status_code for _ in range(2)] == [401, 401]
    assert_limited(client.post("/api/auth/token", json=body | {"email": "VICTIM@example.org"}))
    other = client.post("/api/auth/token", json=body | {"email": "other@example.org"})
    assert other.status_code == 401


def test_login_is_limited_per_ip(limited_app):
    client = limited_app(RATELIMIT_LOGIN_PER_IP="3 per minute").test_client()
    for n in range(3):
        body = {"email": f"user{n}@example.org", "password": "wrong password"}
        assert client.post("/api/auth/token", json=body).status_code == 401
    assert_limited(client.post("/api/auth/token", json={"email": "x@example.org", "password": "p"}))


def test_registration_is_limited_per_ip_and_stores_nothing_over_it(limited_app):
    app = limited_app(RATELIMIT_REGISTER_PER_IP="2 per hour")
    client = app.test_client()
    assert [client.post("/api/users", json=user_payload()).status_code for _ in range(2)] == [
        201,
        201,
    ]
    assert_limited(client.post("/api/users", json=user_payload()))
    assert count(app, User) == 2


def make_poll(client, **overrides) -> dict:
    account = client.post("/api/users", json=user_payload()).json
    assert account
    token = client.post(
        "/api/auth/token", json={"email": account["email"], "password": user_payload()["password"]}
    ).json["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    body = {"question": "Limited?", "choices": ["Yes", "No"], **overrides}
    return client.post("/api/polls", json=body, headers=headers).json | {"headers": headers}


def test_anonymous_votes_are_limited_per_ip_per_poll(limited_app):
    app = limited_app(RATELIMIT_ANONYMOUS_VOTE="2 per minute")
    poll, other_poll = make_poll(app.test_client()), make_poll(app.test_client())
    for _ in range(2):  # two browsers behind one IP
        vote = {"choices": [poll["choices"][0]["id"]]}
        assert (
            app.test_client().post(f"/api/polls/{poll['id']}/votes", json=vote).status_code == 201
        )
    assert_limited(app.test_client().post(f"/api/polls/{poll['id']}/votes", json=vote))
    assert count(app, Ballot) == 2
    vote = {"choices": [other_poll["choices"][0]["id"]]}
    assert (
        app.test_client().post(f"/api/polls/{other_poll['id']}/votes", json=vote).status_code == 201
    )


def test_votes_with_an_account_do_not_count_toward_the_anonymous_limit(limited_app):
    app = limited_app(RATELIMIT_ANONYMOUS_VOTE="1 per minute")
    client = app.test_client()
    poll = make_poll(client)
    vote = {"choices": [poll["choices"][0]["id"]]}
    assert app.test_client().post(f"/api/polls/{poll['id']}/votes", json=vote).status_code == 201
    response = client.post(f"/api/polls/{poll['id']}/votes", json=vote, headers=poll["headers"])
    assert response.status_code == 201


def test_a_web_session_does_not_exempt_api_votes_from_the_anonymous_limit(limited_app):
    """The API knows callers by token only: a browser signed in on the web that votes through
    it without a token is an anonymous voter there, and is limited as one."""
    app = limited_app(RATELIMIT_ANONYMOUS_VOTE="1 per minute")
    poll = make_poll(app.test_client())
    browser = app.test_client()
    account = browser.post("/api/users", json=user_payload()).json
    log_in(browser, account["email"])
    vote = {"choices": [poll["choices"][0]["id"]]}
    assert browser.post(f"/api/polls/{poll['id']}/votes", json=vote).status_code == 201
    browser.delete_cookie("poll_voter")  # a new anonymous voter, as far as the API can tell
    assert_limited(browser.post(f"/api/polls/{poll['id']}/votes", json=vote))
    assert count(app, Ballot) == 1


def vote_on_the_page(app, poll: dict, headers: dict | None = None):
    """An anonymous vote through the poll's page, from a new browser."""
    browser = app.test_client()
    form = {
        "choice": poll["choices"][0]["id"],
        "csrf_token": csrf_token(browser, f"/p/{poll['id']}"),
    }
    return browser.post(f"/p/{poll['id']}", data=form, headers=headers or {})


def test_an_authorization_header_does_not_exempt_votes_on_the_pages(limited_app):
    """The pages know a signed-in voter by their web session only: a header they never read
    leaves the vote anonymous, and limited as one."""
    app = limited_app(RATELIMIT_ANONYMOUS_VOTE="1 per minute")
    poll = make_poll(app.test_client())
    junk = {"Authorization": "Bearer junk"}
    assert vote_on_the_page(app, poll, junk).status_code == 302
    assert vote_on_the_page(app, poll, junk).status_code == 429
    assert vote_on_the_page(app, poll, {"Authorization": ""}).status_code == 429
    assert count(app, Ballot) == 1


def test_anonymous_votes_on_the_pages_and_the_api_share_one_limit(limited_app):
    app = limited_app(RATELIMIT_ANONYMOUS_VOTE="2 per minute")
    poll = make_poll(app.test_client())
    vote = {"choices": [poll["choices"][0]["id"]]}
    assert vote_on_the_page(app, poll).status_code == 302
    assert app.test_client().post(f"/api/polls/{poll['id']}/votes", json=vote).status_code == 201
    assert vote_on_the_page(app, poll).status_code == 429
    assert_limited(app.test_client().post(f"/api/polls/{poll['id']}/votes", json=vote))
    assert count(app, Ballot) == 2


def test_logins_on_the_pages_and_the_api_share_one_limit_per_account(limited_app):
    client = limited_app(RATELIMIT_LOGIN_PER_ACCOUNT="2 per minute").test_client()
    wrong = {"email": "victim@example.org", "password": "wrong password"}
    form = wrong | {"csrf_token": csrf_token(client, "/login")}
    assert client.post("/login", data=form).status_code == 200  # the form again, with its error
    assert client.post("/api/auth/token", json=wrong).status_code == 401
    assert client.post("/login", data=form).status_code == 429
    assert_limited(client.post("/api/auth/token", json=wrong))


def test_registrations_on_the_pages_and_the_api_share_one_limit(limited_app):
    app = limited_app(RATELIMIT_REGISTER_PER_IP="2 per hour")
    client = app.test_client()
    form = user_payload() | {"csrf_token": csrf_token(client, "/register")}
    assert client.post("/register", data=form).status_code == 302
    assert client.post("/api/users", json=user_payload()).status_code == 201
    assert_limited(client.post("/api/users", json=user_payload()))
    assert (
        client.post(
            "/register", data=user_payload() | {"csrf_token": form["csrf_token"]}
        ).status_code
        == 429
    )
    assert count(app, User) == 2


def test_a_login_sent_as_a_form_is_400_not_422(limited_app):
    """The per-account login limit reads the email from the body: on the API, as JSON only
    (reading the body as a form would use it up before the API could refuse it)."""
    client = limited_app().test_client()
    response = client.post("/api/auth/token", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert "JSON" in response.json["detail"]


def test_every_api_request_counts_toward_the_general_limit(limited_app):
    client = limited_app(RATELIMIT_API="3 per minute").test_client()
    assert [
        client.get(path).status_code for path in ("/api/health", "/api/users", "/api/polls")
    ] == [
        200,
        200,
        200,
    ]
    assert_limited(client.get("/api/health"))


def test_web_login_is_limited_too(limited_app):
    client = limited_app(
        RATELIMIT_LOGIN_PER_IP="1 per minute", WTF_CSRF_ENABLED=False
    ).test_client()
    client.post("/login", data={"email": "a@example.org", "password": "wrong"})
    response = client.post("/login", data={"email": "b@example.org", "password": "wrong"})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


def test_limits_are_off_when_disabled_from_the_environment(app_factory, monkeypatch):
    monkeypatch.setenv("FLASK_RATELIMIT_ENABLED", "false")
    app = app_factory("development", RATELIMIT_API="1/minute")  # limits on by default there
    assert app.config["RATELIMIT_ENABLED"] is False
    client = app.test_client()
    assert [client.get("/api/users").status_code for _ in range(3)] == [200, 200, 200]


def test_behind_a_trusted_proxy_limits_count_per_client_address(limited_app):
    app = limited_app(RATELIMIT_API="1 per minute", PROXY_FIX_X_FOR=1)
    client = app.test_client()
    for address in ("203.0.113.7", "198.51.100.9"):
        response = client.get("/api/health", headers={"X-Forwarded-For": address})
        assert response.status_code == 200
    assert_limited(client.get("/api/health", headers={"X-Forwarded-For": "203.0.113.7"}))


def test_without_trusted_proxies_forwarded_addresses_are_ignored(limited_app):
    client = limited_app(RATELIMIT_API="1 per minute").test_client()
    assert client.get("/api/health", headers={"X-Forwarded-For": "203.0.113.7"}).status_code == 200
    assert_limited(client.get("/api/health", headers={"X-Forwarded-For": "198.51.100.9"}))
