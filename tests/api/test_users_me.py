"""GET and PATCH /api/users/me: a user's own account."""

import pytest


def test_me_without_a_token_is_401(client):
    response = client.get("/api/users/me")
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"


def test_me_shows_the_callers_account_with_email(client, auth):
    account = auth.signup()
    response = client.get("/api/users/me", headers=account.headers)
    assert response.status_code == 200
    assert response.json["id"] == account.id
    assert response.json["email"] == account.email
    assert "password" not in response.json


def test_patch_me_changes_name_and_surname(client, auth):
    account = auth.signup()
    response = client.patch(
        "/api/users/me", json={"name": " Zoë ", "surname": "عربي"}, headers=account.headers
    )
    assert response.status_code == 200
    assert (response.json["name"], response.json["surname"]) == ("Zoë", "عربي")
    assert client.get("/api/users/me", headers=account.headers).json["name"] == "Zoë"


def test_patch_me_moves_updated_at(client, auth):
    account = auth.signup()
    before = client.get("/api/users/me", headers=account.headers).json["updated_at"]
    after = client.patch("/api/users/me", json={"name": "New"}, headers=account.headers).json
    assert after["updated_at"] > before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"is_admin": True}, "is_admin"),
        ({"active": False}, "active"),
        ({"email": "new@example.org"}, "email"),
        ({"password": "new password 1"}, "current_password"),
        ({"name": "x" * 101}, "name"),
    ],
)
def test_patch_me_rejects_fields_a_user_may_not_set_with_422(client, auth, body, field):
    account = auth.signup()
    response = client.patch("/api/users/me", json=body, headers=account.headers)
    assert response.status_code == 422
    assert field in response.json["errors"]
    assert client.get("/api/users/me", headers=account.headers).json["is_admin"] is False


def test_password_change_with_wrong_current_password_is_403_and_changes_nothing(client, auth):
    account = auth.signup()
    body = {"password": "brand new password", "current_password": "not it at all"}
    response = client.patch("/api/users/me", json=body, headers=account.headers)
    assert response.status_code == 403
    assert response.json["type"].endswith("wrong-password")
    assert auth.login(account.email, account.password)


def test_password_change_works_and_revokes_only_the_other_tokens(client, auth):
    account = auth.signup()
    other = {"Authorization": f"Bearer {auth.login(account.email)}"}
    body = {"password": "brand new password", "current_password": account.password}
    assert client.patch("/api/users/me", json=body, headers=account.headers).status_code == 200
    assert client.get("/api/users/me", headers=other).status_code == 401
    assert client.get("/api/users/me", headers=account.headers).status_code == 200
    assert auth.login(account.email, "brand new password")
    old = client.post(
        "/api/auth/token", json={"email": account.email, "password": account.password}
    )
    assert old.status_code == 401
