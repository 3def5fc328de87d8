"""Polls without an account through the API (docs/api.md): created without a token, managed
with the admin token of the creating answer, claimed into an account later."""

import hashlib

import pytest
from sqlalchemy import select

from om_core.data import Poll, db
from tests.api.polls_helpers import choice_ids, poll_payload, vote
from tests.conftest import AuthActions

ADMIN = "X-Poll-Admin-Token"


def create_guest_poll(client, **overrides) -> dict:
    response = client.post("/api/polls", json=poll_payload(**overrides))
    assert response.status_code == 201, response.json
    return response.json


def stored(app, poll_id: str) -> Poll | None:
    with app.app_context():
        return db.session.scalar(select(Poll).where(Poll.id == poll_id))


def test_a_poll_made_without_a_token_has_no_owner_and_an_admin_token_shown_once(app, client):
    poll = create_guest_poll(client)
    assert poll["owner"] is None
    token = poll["admin_token"]
    assert len(token) >= 22 and token.replace("-", "").replace("_", "").isalnum()
    assert stored(app, poll["id"]).admin_token_hash == hashlib.sha256(token.encode()).hexdigest()
    again = client.get(f"/api/polls/{poll['id']}").json
    assert "admin_token" not in again and again["owner"] is None


def test_the_admin_token_manages_the_poll_and_a_wrong_one_grants_nothing(app, client):
    poll = create_guest_poll(client, results_visibility="after_close")
    url = f"/api/polls/{poll['id']}"
    wrong = client.patch(url, json={"question": "Hijacked?"}, headers={ADMIN: "not-it"})
    assert wrong.status_code == 403
    assert client.patch(url, json={"question": "Hijacked?"}).status_code == 401
    assert stored(app, poll["id"]).question == poll["question"]

    headers = {ADMIN: poll["admin_token"]}
    changed = client.patch(url, json={"question": "Lunch at noon?"}, headers=headers)
    assert changed.status_code == 200 and changed.json["question"] == "Lunch at noon?"
    assert client.get(f"{url}/results").status_code == 403  # hidden until closed...
    assert client.get(f"{url}/results", headers=headers).status_code == 200  # ...not to it
    assert client.post(f"{url}/close", headers=headers).json["is_open"] is False
    assert client.delete(url, headers=headers).status_code == 204
    assert stored(app, poll["id"]) is None


def test_an_admin_token_grants_nothing_on_another_poll(client):
    mine = create_guest_poll(client)
    theirs = create_guest_poll(client)
    headers = {ADMIN: mine["admin_token"]}
    assert client.post(f"/api/polls/{theirs['id']}/close", headers=headers).status_code == 403


def test_claiming_makes_the_poll_the_callers_and_ends_its_admin_token(app, client, auth):
    poll = create_guest_poll(client)
    account = auth.signup()
    url = f"/api/polls/{poll['id']}"
    assert client.post(f"{url}/claim", headers={ADMIN: poll["admin_token"]}).status_code == 401
    assert client.post(f"{url}/claim", headers=account.headers).status_code == 403

    headers = account.headers | {ADMIN: poll["admin_token"]}
    claimed = client.post(f"{url}/claim", headers=headers)
    assert claimed.status_code == 200 and claimed.json["owner"]["id"] == account.id
    assert stored(app, poll["id"]).admin_token_hash is None
    old = {ADMIN: poll["admin_token"]}
    assert client.patch(url, json={"question": "Mine?"}, headers=old).status_code == 403
    assert client.post(f"{url}/claim", headers=headers).status_code == 403  # claimed once
    assert client.patch(url, json={"question": "Mine?"}, headers=account.headers).status_code == 200


def test_votes_in_a_guest_poll_count_as_in_any(client):
    poll = create_guest_poll(client)
    assert vote(client, poll["id"], choice_ids(poll)[:1]).status_code == 201
    assert client.get(f"/api/polls/{poll['id']}").json["total_votes"] == 1


def test_with_guest_polls_off_a_poll_needs_a_token(app_factory):
    client = app_factory(GUEST_POLLS=False).test_client()
    response = client.post("/api/polls", json=poll_payload())
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"


@pytest.mark.parametrize("with_account", [False, True])
def test_guest_polls_are_limited_per_ip_and_accounts_are_not(app_factory, with_account):
    app = app_factory(RATELIMIT_ENABLED=True, RATELIMIT_GUEST_POLL="2 per hour")
    client = app.test_client()
    headers = {}
    if with_account:
        headers = AuthActions(client, app).signup().headers
    answers = [client.post("/api/polls", json=poll_payload(), headers=headers) for _ in range(3)]
    expected = [201, 201, 201] if with_account else [201, 201, 429]
    assert [answer.status_code for answer in answers] == expected
