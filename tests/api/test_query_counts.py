"""SQL statements per request on the hot endpoints: a regression shows here as a failing test.

Counted where they leave the driver (tests/statements.py), BEGIN and COMMIT included. A vote
reads its poll, then writes the ballot and its kept counts if the poll is still as read (a
vote by token looks the token up first, as every API request with one does). A poll's JSON
and its results read the poll, owner, choices and kept counts in one SELECT, in autocommit
(a GET only reads: plumbing/read_only_requests.py), so with no BEGIN or ROLLBACK around it.
"""

import pytest

from tests.api.polls_helpers import create_poll, vote
from tests.statements import counted_statements

# endpoint -> statements on (sqlite, postgresql)
EXPECTED = {
    # The poll read, then the write: one statement on PostgreSQL in BEGIN ... COMMIT; on
    # SQLite the write lock, the poll's version, the INSERT, two count upserts, COMMIT.
    "anonymous_vote": (7, 4),
    "token_vote": (8, 5),  # + the token's lookup
    # GET requests read in autocommit on PostgreSQL (data.database.Session): no BEGIN, no
    # ROLLBACK; SQLite's driver reads outside a transaction anyway.
    "results": (1, 1),  # the poll with its owner, choices and kept counts
    "poll_read": (1, 1),  # the same statement
}


def expected(app, endpoint: str) -> int:
    sqlite, postgresql = EXPECTED[endpoint]
    return postgresql if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") else sqlite


@pytest.fixture
def warm_poll(client, auth):
    """A poll that has been voted on once, as on a busy server."""
    poll = create_poll(client, auth.signup())
    vote(client, poll["id"], [poll["choices"][0]["id"]])
    return poll


def test_anonymous_vote_statements(app, warm_poll):
    body = {"choices": [warm_poll["choices"][1]["id"]]}
    with counted_statements(app) as statements:
        response = app.test_client().post(f"/api/polls/{warm_poll['id']}/votes", json=body)
    assert response.status_code == 201
    assert len(statements) == expected(app, "anonymous_vote"), "\n".join(statements)


def test_token_vote_statements(app, client, auth, warm_poll):
    voter = auth.signup()
    body = {"choices": [warm_poll["choices"][1]["id"]]}
    with counted_statements(app) as statements:
        response = client.post(
            f"/api/polls/{warm_poll['id']}/votes", json=body, headers=voter.headers
        )
    assert response.status_code == 201
    assert len(statements) == expected(app, "token_vote"), "\n".join(statements)


def test_results_statements(app, client, warm_poll):
    with counted_statements(app) as statements:
        response = client.get(f"/api/polls/{warm_poll['id']}/results")
    assert response.status_code == 200
    assert len(statements) == expected(app, "results"), "\n".join(statements)


def test_poll_read_statements(app, client, warm_poll):
    with counted_statements(app) as statements:
        response = client.get(f"/api/polls/{warm_poll['id']}")
    assert response.status_code == 200
    assert len(statements) == expected(app, "poll_read"), "\n".join(statements)
