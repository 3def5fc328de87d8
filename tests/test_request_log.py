"""The log: a request id on every line, and never a password, token, hash or cookie."""

import re

import pytest
from sqlalchemy import select

from om_core.data import User, db
from tests.api.polls_helpers import create_poll
from tests.factories import PASSWORD

LINE = re.compile(r"^\S+ \S+ (INFO|WARNING|ERROR|DEBUG) \[([A-Za-z0-9._-]+)\] om_core")


def log_lines(capfd) -> list[str]:
    return [line for line in capfd.readouterr().err.splitlines() if " om_core" in line]


def test_each_request_is_logged_once_with_its_request_id(client, capfd):
    response = client.get("/api/health", headers={"X-Request-ID": "trace-42"})
    assert response.headers["X-Request-ID"] == "trace-42"
    lines = log_lines(capfd)
    assert any("[trace-42]" in line and "GET /api/health 200" in line for line in lines)


def test_a_malformed_request_id_is_replaced(client):
    response = client.get("/api/health", headers={"X-Request-ID": "bad id <with> spaces"})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


@pytest.mark.parametrize("path", ["/", "/api/polls"])
def test_an_unhandled_error_is_logged_once_with_its_request_id(app_with_a_bug, capfd, path):
    response = app_with_a_bug.test_client().get(path, headers={"X-Request-ID": "bug-1"})
    assert response.status_code == 500
    err = capfd.readouterr().err
    errors = [line for line in err.splitlines() if " ERROR " in line]
    assert len(errors) == 1, errors
    assert f"[bug-1] om_core: Exception on {path} [GET]" in errors[0]
    assert err.count("RuntimeError: a bug") == 1


def test_log_never_holds_secrets_and_every_line_has_a_request_id(client, auth, app, capfd):
    account = auth.signup()
    poll = create_poll(client, account)
    client.post(f"/api/polls/{poll['id']}/votes", json={"choices": [poll["choices"][0]["id"]]})
    cookie = client.get_cookie("poll_voter").value
    client.get(f"/api/users/me?token={account.token}", headers=account.headers)
    client.post("/api/auth/token", json={"email": account.email, "password": "wrong password"})
    with app.app_context():
        password_hash = db.session.scalar(select(User.password).where(User.id == account.id))
    lines = log_lines(capfd)
    assert lines
    for line in lines:
        assert LINE.match(line), line
        for secret in (PASSWORD, "wrong password", account.token, cookie, password_hash):
            assert secret not in line
