"""Helpers shared by the poll, vote and results API tests: bodies, requests, stored rows."""

import itertools
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from om_core.data import Ballot, Poll, db

_serial = itertools.count(1)


def poll_payload(**overrides) -> dict:
    """A valid poll body (single, three choices) with a fresh question."""
    n = next(_serial)
    return {"question": f"Question number {n}?", "choices": ["Red", "Green", "Blue"]} | overrides


def in_future(**delta) -> str:
    """An ISO 8601 time with a UTC offset, `delta` (an hour by default) from now."""
    return (datetime.now(UTC) + timedelta(**(delta or {"hours": 1}))).isoformat()


def create_poll(client: FlaskClient, account, **overrides) -> dict:
    """Create a poll as `account` through the API and return its body."""
    response = client.post("/api/polls", json=poll_payload(**overrides), headers=account.headers)
    assert response.status_code == 201, response.json
    return response.json


def choice_ids(poll: dict) -> list[int]:
    return [choice["id"] for choice in poll["choices"]]


def vote(client: FlaskClient, poll_id: str, choices, account=None):
    """POST a ballot, with `account`'s token or, without one, as the client's browser."""
    headers = account.headers if account else {}
    return client.post(f"/api/polls/{poll_id}/votes", json={"choices": choices}, headers=headers)


def vote_anonymously(app: Flask, poll_id: str, choices) -> FlaskClient:
    """Vote from a new browser (a fresh client with no cookie); return that browser."""
    browser = app.test_client()
    response = vote(browser, poll_id, choices)
    assert response.status_code == 201, response.json
    return browser


def get_results(client: FlaskClient, poll_id: str, account=None) -> dict:
    headers = account.headers if account else {}
    response = client.get(f"/api/polls/{poll_id}/results", headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def votes_of(results: dict) -> list[int]:
    """Each choice's votes, in position order."""
    return [choice["votes"] for choice in results["choices"]]


def close_poll(client: FlaskClient, poll_id: str, owner) -> None:
    response = client.post(f"/api/polls/{poll_id}/close", headers=owner.headers)
    assert response.status_code == 200, response.json


def assert_problem(response, status: int, type_ending: str | None = None) -> dict:
    """The response is RFC 9457 problem details with this status (and type, if given)."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == "application/problem+json"
    body = response.json
    assert body["status"] == status
    assert {"type", "title", "detail"} <= set(body)
    if type_ending:
        assert body["type"].endswith(type_ending), body["type"]
    return body


def error_fields(body: dict) -> set[str]:
    """The fields a 422 names, without item indexes ("choices.1" is "choices")."""
    return {name.split(".")[0] for name in body.get("errors", {})}


def move_closes_at_to_past(app: Flask, poll_id: str) -> None:
    """Let the poll's closing time pass, as time would, straight in the database."""
    with app.app_context():
        past = datetime.now(UTC) - timedelta(seconds=1)
        db.session.execute(update(Poll).where(Poll.id == poll_id).values(closes_at=past))
        db.session.commit()


def count_polls(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Poll))


def stored_ballots(app: Flask, poll_id: str) -> list[list[int]]:
    """The choices of every Ballot row of the poll, read from the database."""
    with app.app_context():
        return list(db.session.scalars(select(Ballot.choices).where(Ballot.poll_id == poll_id)))
