"""POST and DELETE /api/auth/token: logging in and out with bearer tokens."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from om_core.data import Token, db, utcnow
from tests.factories import user_payload


def test_login_returns_a_bearer_token_that_works(client, auth):
    account = auth.signup()
    response = client.post(
        "/api/auth/token", json={"email": account.email, "password": account.password}
    )
    assert response.status_code == 200
    assert response.json["token_type"] == "Bearer"
    assert response.json["expires_in"] > 0
    token = response.json["access_token"]
    me = client.get("/api/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json["email"] == account.email


def test_login_email_is_case_insensitive(client, auth):
    account = auth.signup(email="case@example.org")
    response = client.post(
        "/api/auth/token", json={"email": "CASE@Example.org", "password": account.password}
    )
    assert response.status_code == 200


def test_token_is_stored_only_as_its_hash(client, auth, app):
    account = auth.signup()
    with app.app_context():
        stored = db.session.scalars(db.select(Token.token_hash)).all()
    assert account.token not in stored
    assert all(len(value) == 64 for value in stored)


@pytest.mark.parametrize("case", ["unknown email", "wrong password", "inactive account"])
def test_every_login_failure_is_the_same_401(client, auth, case):
    account = auth.signup()
    email, password = account.email, account.password
    if case == "unknown email":
        email = "nobody@example.org"
    elif case == "wrong password":
        password = "wrong password"
    else:
        admin = auth.admin()
        client.patch(f"/api/users/{account.id}", json={"active": False}, headers=admin.headers)
    response = client.post("/api/auth/token", json={"email": email, "password": password})
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"
    assert response.json["detail"] == "invalid email or password"


def test_login_with_missing_fields_is_422(client):
    response = client.post("/api/auth/token", json={"email": "a@example.org"})
    assert response.status_code == 422
    assert "password" in response.json["errors"]


def test_logout_is_204_and_the_token_is_refused_after(client, auth):
    account = auth.signup()
    assert client.delete("/api/auth/token", headers=account.headers).status_code == 204
    response = client.get("/api/users/me", headers=account.headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_logout_leaves_the_users_other_tokens_alone(client, auth):
    account = auth.signup()
    other = auth.login(account.email)
    client.delete("/api/auth/token", headers=account.headers)
    assert (
        client.get("/api/users/me", headers={"Authorization": f"Bearer {other}"}).status_code == 200
    )


def test_logout_without_a_token_is_401(client):
    assert client.delete("/api/auth/token").status_code == 401


def test_expired_token_is_refused(client, auth, app):
    account = auth.signup()
    with app.app_context():
        db.session.execute(update(Token).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert client.get("/api/users/me", headers=account.headers).status_code == 401


@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Token abc", "bearer  "]
)
def test_malformed_or_unknown_authorization_is_401(client, header):
    response = client.get("/api/users/me", headers={"Authorization": header})
    assert response.status_code == 401


def test_registering_does_not_log_in(client):
    response = client.post("/api/users", json=user_payload())
    assert "access_token" not in response.json
