"""SQL statements per request on the hot endpoints: a regression shows here as a failing test.

Counted where they leave the driver (tests/statements.py), BEGIN and COMMIT included. On
PostgreSQL a vote is one statement (data-modifying CTEs in autocommit) that checks the
voter's token too when it comes with one; SQLite, which runs in process where a statement
costs no round trip, runs the token check, the same INSERT and two count upserts in a
transaction. A poll's JSON and its results are one statement each (data/poll_snapshot.py),
in autocommit.
"""

import pytest

from tests.api.polls_helpers import create_poll, vote
from tests.statements import counted_statements

# endpoint -> statements on (sqlite, postgresql)
EXPECTED = {
    "anonymous_vote": (5, 1),  # SQLite: BEGIN, the INSERT, two count upserts, COMMIT
    "token_vote": (6, 1),  # + the token's check (inside the one statement on PostgreSQL)
    "results": (1, 1),  # the poll with its owner, choices and kept counts
    "poll_read": (1, 1),  # the same statement
}


def expected(app, endpoint: str) -> int:
    sqlite, postgresql = EXPECTED[endpoint]
    return postgresql if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") else sqlite


@pytest.fixture
def warm_poll(client, auth):
    """A poll that has been voted on once, so its shape is in memory as on a busy server."""
    poll = create_poll(client, auth.signup())
    vote(client, poll["id"], [poll["choices"][0]["id"]])
    return poll


def test_anonymous_vote_statements(app, warm_poll):
    body = {"choices": [warm_poll["choices"][1]["id"]]}
    with counted_statements(app) as statements:
        response = app.test_client().post(f"/api/polls/{warm_poll['id']}/votes", json=body)
    assert response.status_code == 201
    assert len(statements) == expected(app, "anonymous_vote"), statements


def test_token_vote_statements(app, client, auth, warm_poll):
    voter = auth.signup()
    body = {"choices": [warm_poll["choices"][1]["id"]]}
    with counted_statements(app) as statements:
        response = client.post(
            f"/api/polls/{warm_poll['id']}/votes", json=body, headers=voter.headers
        )
    assert response.status_code == 201
    assert len(statements) == expected(app, "token_vote"), statements


def test_results_statements(app, client, warm_poll):
    with counted_statements(app) as statements:
        response = client.get(f"/api/polls/{warm_poll['id']}/results")
    assert response.status_code == 200
    assert len(statements) == expected(app, "results"), statements


def test_poll_read_statements(app, client, warm_poll):
    with counted_statements(app) as statements:
        response = client.get(f"/api/polls/{warm_poll['id']}")
    assert response.status_code == 200
    assert len(statements) == expected(app, "poll_read"), statements
