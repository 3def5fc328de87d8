"""POST /api/users: registration."""

import pytest
from sqlalchemy import func, select

from om_core.data import User, db
from tests.factories import user_payload


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_register_returns_201_with_the_account_and_no_secret(client):
    response = client.post("/api/users", json=user_payload(email="Ann@Example.org", name=" Ann "))
    assert response.status_code == 201
    body = response.json
    assert body["email"] == "ann@example.org"
    assert body["name"] == "Ann"
    assert body["active"] is True
    assert isinstance(body["id"], int)
    assert body["created_at"].endswith("+00:00")
    assert not {"password", "password_hash", "token"} & set(body)


def test_password_is_stored_as_an_argon2id_hash(client, app):
    client.post("/api/users", json=user_payload(email="hash@example.org", password="s3cret-pass"))
    with app.app_context():
        stored = db.session.scalar(select(User.password).where(User.email == "hash@example.org"))
    assert stored.startswith("$argon2id$")
    assert "s3cret-pass" not in stored


def test_taken_email_is_409_whatever_its_case(client, app):
    client.post("/api/users", json=user_payload(email="taken@example.org"))
    response = client.post("/api/users", json=user_payload(email="TAKEN@example.org"))
    assert response.status_code == 409
    assert response.content_type == "application/problem+json"
    assert response.json["type"].endswith("email-taken")
    assert count_users(app) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": "   "}, "email"),
        ({"password": "seven77"}, "password"),
        ({"password": "x" * 129}, "password"),
        ({"name": "   "}, "name"),
        ({"name": "n" * 101}, "name"),
        ({"surname": ""}, "surname"),
        ({"name": 42}, "name"),
        ({"is_admin": True}, "is_admin"),
        ({"active": False}, "active"),
    ],
)
def test_invalid_registration_is_422_naming_the_field_and_stores_nothing(
    client, app, overrides, field
):
    response = client.post("/api/users", json=user_payload(**overrides))
    assert response.status_code == 422
    assert field in response.json["errors"]
    assert count_users(app) == 0


def test_missing_fields_are_each_reported(client):
    response = client.post("/api/users", json={})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"email", "password", "name", "surname"}


@pytest.mark.parametrize("password", ["8chars!!", "p" * 128, "  spaced password  "])
def test_passwords_of_8_to_128_characters_of_any_kind_are_accepted(client, auth, password):
    body = user_payload(password=password)
    assert client.post("/api/users", json=body).status_code == 201
    assert auth.login(body["email"], password)


def test_name_lengths_count_characters_after_trimming(client):
    response = client.post("/api/users", json=user_payload(name="  " + "é" * 100 + "  "))
    assert response.status_code == 201
    assert response.json["name"] == "é" * 100
