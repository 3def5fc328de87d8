"""The database connection dies after a request's last query, before the request ends.

The request's answer is ready (a vote already committed), but the end of the request still
closes its session, which sends a ROLLBACK on that connection. That ROLLBACK must not turn the
answer into a 500 (which gunicorn would serve as a bare HTML page, the traceback in its log):
the connection is gone anyway. A vote committed and then answered 500 (without its voter
cookie) is the worst case, since a retry counts that browser twice.

The connection is killed precisely with `pg_terminate_backend`, on the test's own cluster,
in-process (Flask's test client), so the timing is exact, unlike a crash under load.
"""

import time

import psycopg
import pytest
from sqlalchemy import func, select

from om_core.data import Ballot, db
from tests.conftest import make_app
from tests.factories import user_payload
from tests.faults.pg_cluster import PostgresCluster

pytestmark = pytest.mark.postgres


class Killer:
    """Right after the request's first statement that contains `trigger`, terminates every
    server process that served the request so far, and waits until they are gone.

    It watches psycopg's Cursor.execute, which every statement goes through, and
    Connection.commit, which SQLAlchemy calls to commit (as the statement "COMMIT")."""

    def __init__(self, cluster: PostgresCluster, trigger: str) -> None:
        self.cluster, self.trigger = cluster, trigger
        self.pids: set[int] = set()
        self.killed: list[int] = []
        self.done = False
        self._execute = psycopg.Cursor.execute
        self._commit = psycopg.Connection.commit

    def execute(self, cursor, query, *args, **kwargs):
        result = self._execute(cursor, query, *args, **kwargs)
        self.ran(cursor.connection, str(query))
        return result

    def commit(self, connection):
        self._commit(connection)
        self.ran(connection, "COMMIT")

    def ran(self, connection, statement: str) -> None:
        if self.done:  # the kill's own statements, and any after it
            return
        self.pids.add(connection.info.backend_pid)
        if self.trigger in statement:
            self.done = True
            self.kill(sorted(self.pids))

    def kill(self, pids: list[int]) -> None:
        with psycopg.connect(self.cluster.url(), autocommit=True, connect_timeout=10) as admin:
            for pid in pids:
                admin.execute("SELECT pg_terminate_backend(%s)", [pid])
            until = time.monotonic() + 10
            alive = "SELECT 1 FROM pg_stat_activity WHERE pid = ANY(%s)"
            while admin.execute(alive, [pids]).fetchone():
                assert time.monotonic() < until, "the server processes did not end"
                time.sleep(0.01)
        self.killed.extend(pids)

    def __enter__(self) -> "Killer":
        killer = self

        def execute(cursor, query, *args, **kwargs):
            return killer.execute(cursor, query, *args, **kwargs)

        def commit(connection):
            return killer.commit(connection)

        psycopg.Cursor.execute = execute
        psycopg.Connection.commit = commit
        return self

    def __exit__(self, *_) -> None:
        psycopg.Cursor.execute = self._execute
        psycopg.Connection.commit = self._commit


@pytest.fixture(scope="module")
def lost_database(cluster: PostgresCluster) -> str:
    return cluster.create_database("poll_app_connection_lost")


@pytest.fixture
def fault_app(lost_database: str):
    app = make_app(lost_database)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def sign_up(client) -> dict[str, str]:
    body = user_payload()
    assert client.post("/api/users", json=body).status_code == 201
    login = client.post("/api/auth/token", json={k: body[k] for k in ("email", "password")})
    return {"Authorization": f"Bearer {login.json['access_token']}"}


def make_poll(client) -> tuple[str, int]:
    poll = {"question": "Lunch?", "choices": ["Soup", "Salad"], "allow_anonymous": True}
    created = client.post("/api/polls", json=poll, headers=sign_up(client))
    assert created.status_code == 201, created.json
    return created.json["id"], created.json["choices"][0]["id"]


def test_health_answered_before_the_connection_died_is_not_a_500(fault_app, cluster):
    client = fault_app.test_client()
    with Killer(cluster, "SELECT 1") as killer:
        response = client.get("/api/health")
    assert killer.killed, "the health check ran no SELECT 1"
    assert response.status_code == 200, response.text
    # Then it recovers: without pool_pre_ping the next request may find the dead connection
    # in the pool (a 503, and SQLAlchemy renews the pool), never more than that one.
    assert [client.get("/api/health").status_code for _ in range(2)] in ([200, 200], [503, 200])


@pytest.mark.parametrize("voter", ["anonymous", "account"])
def test_a_vote_recorded_before_the_connection_died_is_a_201(fault_app, cluster, voter):
    """Once the ballot's transaction has committed (a vote is durable when recorded), the
    request's connections die; the answer is still the 201, with the voter cookie."""
    client = fault_app.test_client()
    poll_id, choice_id = make_poll(client)
    headers = sign_up(client) if voter == "account" else {}
    voting = fault_app.test_client()  # a new browser: no cookie yet
    with Killer(cluster, "COMMIT") as killer:
        response = voting.post(
            f"/api/polls/{poll_id}/votes", json={"choices": [choice_id]}, headers=headers
        )
    assert killer.killed, "the vote committed nothing"
    assert response.status_code == 201, response.text
    if voter == "anonymous":
        assert "poll_voter=" in response.headers.get("Set-Cookie", "")
    with fault_app.app_context():
        db.engine.dispose()  # the pool may hold the killed connection (see the health test)
        stored = db.session.scalar(select(func.count()).where(Ballot.poll_id == poll_id))
    assert stored == 1


def test_a_vote_whose_connection_dies_before_its_commit_is_a_503_and_stores_nothing(
    fault_app, cluster
):
    """The ballot's INSERT ran, but its transaction never committed: nothing is recorded,
    and the voter is told to try again (503), never that the vote counted."""
    client = fault_app.test_client()
    poll_id, choice_id = make_poll(client)
    with Killer(cluster, "INSERT INTO ballots") as killer:
        response = fault_app.test_client().post(
            f"/api/polls/{poll_id}/votes", json={"choices": [choice_id]}
        )
    assert killer.killed, "no INSERT INTO ballots ran"
    assert response.status_code == 503, response.text
    with fault_app.app_context():
        db.engine.dispose()
        stored = db.session.scalar(select(func.count()).where(Ballot.poll_id == poll_id))
    assert stored == 0
