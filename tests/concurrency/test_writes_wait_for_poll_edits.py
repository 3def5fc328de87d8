"""A write that meets an edit of its poll in flight waits for it, then obeys the poll as the
edit left it (PostgreSQL). Another app server's edit is played by a second connection that
holds its transaction open, as a slow edit would, while this app's request waits on it:
deterministic, no timing luck needed. Like the app's own edits, it moves the poll's
updated_at on."""

import concurrent.futures
import time
from collections.abc import Callable

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.api.polls_helpers import assert_problem, choice_ids, create_poll, stored_ballots, vote

WAIT_SECONDS = 10


@pytest.fixture
def other_server(app):
    """A connection of "another app server" to the app's database, in a transaction."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: nothing is in flight")
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as connection:
        yield connection


def while_held(other: psycopg.Connection, request: Callable, *statements) -> object:
    """Run `statements` in `other`'s transaction, start `request` in a thread, wait until it
    waits on a lock `other` holds, then commit, and return what the request answered."""
    for sql, parameters in statements:
        other.execute(sql, parameters)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        answer = pool.submit(request)
        _wait_until_blocked_by(other)
        other.commit()
        return answer.result(timeout=WAIT_SECONDS)


def _wait_until_blocked_by(other: psycopg.Connection) -> None:
    (pid,) = other.execute("SELECT pg_backend_pid()").fetchone()
    deadline = time.monotonic() + WAIT_SECONDS
    with psycopg.connect(other.info.dsn, autocommit=True) as watcher:
        while time.monotonic() < deadline:
            blocked = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))",
                (pid,),
            ).fetchone()[0]
            if blocked:
                return
            time.sleep(0.02)
    raise AssertionError("the request never waited on the other transaction")


LOCK_POLL = "SELECT id FROM polls WHERE id = %s FOR UPDATE"


def test_a_vote_waiting_on_a_change_of_kind_is_judged_by_the_new_kind(
    client, app, auth, other_server
):
    poll = create_poll(client, auth.signup(), kind="multiple")
    voter = auth.signup()
    answer = while_held(
        other_server,
        lambda: vote(client, poll["id"], choice_ids(poll), voter),
        (LOCK_POLL, (poll["id"],)),
        (
            "UPDATE polls SET kind = 'single', max_selections = NULL, updated_at = now()"
            " WHERE id = %s",
            (poll["id"],),
        ),
    )
    assert_problem(answer, 422, "invalid-ballot")
    assert stored_ballots(app, poll["id"]) == []


def test_a_vote_waiting_on_a_close_is_refused_as_closed(client, app, auth, other_server):
    poll = create_poll(client, auth.signup())
    answer = while_held(
        other_server,
        lambda: vote(client, poll["id"], choice_ids(poll)[:1], auth.signup()),
        (LOCK_POLL, (poll["id"],)),
        ("UPDATE polls SET closed_at = now(), updated_at = now() WHERE id = %s", (poll["id"],)),
    )
    assert_problem(answer, 409, "poll-closed")
    assert stored_ballots(app, poll["id"]) == []


def test_a_vote_waiting_on_a_delete_is_a_404(client, app, auth, other_server):
    poll = create_poll(client, auth.signup())
    assert vote(client, poll["id"], choice_ids(poll)[:1], auth.signup()).status_code == 201
    answer = while_held(
        other_server,
        lambda: vote(client, poll["id"], choice_ids(poll)[:1], auth.signup()),
        ("DELETE FROM polls WHERE id = %s", (poll["id"],)),
    )
    assert_problem(answer, 404)
    assert stored_ballots(app, poll["id"]) == []


@pytest.mark.parametrize("method", ["put", "delete"])
def test_changing_a_ballot_while_the_poll_closes_waits_and_is_refused(
    client, app, auth, other_server, method
):
    """Once a close has answered, results never change: a ballot change that was in flight
    waits for the close and is refused."""
    poll = create_poll(client, auth.signup())
    voter = auth.signup()
    assert vote(client, poll["id"], choice_ids(poll)[:1], voter).status_code == 201
    path = f"/api/polls/{poll['id']}/votes/mine"
    change = getattr(client, method)
    answer = while_held(
        other_server,
        lambda: change(path, json={"choices": choice_ids(poll)[1:2]}, headers=voter.headers),
        ("UPDATE polls SET closed_at = now(), updated_at = now() WHERE id = %s", (poll["id"],)),
    )
    assert_problem(answer, 409, "poll-closed")
    assert stored_ballots(app, poll["id"]) == [choice_ids(poll)[:1]]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [("post", "/close", None), ("patch", "", {"question": "Reworded?"})],
)
def test_closing_or_editing_a_poll_deleted_meanwhile_is_a_404(
    client, auth, other_server, method, path, body
):
    owner = auth.signup()
    poll = create_poll(client, owner)
    change = getattr(client, method)
    answer = while_held(
        other_server,
        lambda: change(f"/api/polls/{poll['id']}{path}", json=body, headers=owner.headers),
        ("DELETE FROM polls WHERE id = %s", (poll["id"],)),
    )
    assert_problem(answer, 404)
