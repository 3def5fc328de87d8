"""The database dies under a steady voting load, and comes back.

A PostgreSQL cluster of this test's own (initdb in a temporary folder, its own port; never the
shared server) serves gunicorn (2 workers, threaded) running the production config. Four voter
threads vote at a steady pace, each vote from a new browser, and a reader polls the health
and the results. After ~2 s the database is stopped hard (`pg_ctl stop -m immediate`: every
server process quits at once, as in a crash), stays down ~5.5 s, is started again on the
same port, and the load runs ~4 s more. Then:
- nothing is a 500, a traceback, or a request without an answer; nothing takes 5 s;
- while the database is down every request is a quick 503 `database-unavailable` problem;
- after the restart votes are 201 again, from the very same server processes;
- every 201 is one ballot in the database with its choice; no voter has two; a ballot without
  a 201 can only come from a vote in flight at the moment of the crash (its answer lost);
- the kept counts equal a recount of the ballots.
"""

import time
from collections import Counter
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, func, select

from config import database_url
from om_core import create_app
from om_core.data import Ballot, Choice, ChoiceTally, PollTally
from om_core.plumbing.voter_cookies import cookie_voter
from tests.factories import user_payload
from tests.faults.load import Load, Vote
from tests.faults.pg_cluster import PostgresCluster
from tests.faults.server import Server, gunicorn
from tests.live_server import Reply, call
from tests.test_cli import run_manage

pytestmark = pytest.mark.postgres

UP_BEFORE, DOWN_FOR, UP_AFTER = 2.0, 5.5, 4.0  # seconds of load in each phase
QUICK = 5.0  # the longest any answer may take, the database down or not
SETTLE = 1.0  # after the restart, every vote from this long on must succeed


@pytest.fixture(scope="module")
def server(cluster: PostgresCluster, tmp_path_factory) -> Server:
    """gunicorn on a free port of 127.0.0.1, serving the cluster's migrated database."""
    database = cluster.create_database("poll_app_faults")
    upgrade = run_manage("db", "upgrade", env={"DATABASE_URL": database})
    assert upgrade.returncode == 0, upgrade.stderr
    with gunicorn(database, tmp_path_factory.mktemp("gunicorn") / "server.log") as server:
        yield server


@dataclass
class Outage:
    votes: list[Vote]
    reads: list[Reply]
    stop_began: float  # time.monotonic() around `pg_ctl stop` and `pg_ctl start`
    stop_ended: float
    start_began: float
    start_ended: float
    voters: dict[int, str]  # index in `votes` of each 201 -> the voter key its cookie names
    ballots: list[tuple[str, list[int]]]
    kept_ballots: int
    kept_votes: dict[int, int]
    choice_ids: list[int]
    server_pid: int
    log: str

    def replies(self) -> list[Reply]:
        return [vote.reply for vote in self.votes] + self.reads

    def show(self, replies) -> str:
        lines = [f"{r.method} {r.path} {r.status} {r.elapsed:.2f}s {r.text[:300]}" for r in replies]
        return "\n".join(lines[:10]) + f"\nserver log:\n{self.log_excerpt()}"

    def log_excerpt(self) -> str:
        """The server log around its first stack trace, or its end when it has none."""
        at = self.log.find("Traceback")
        return self.log[-3000:] if at < 0 else self.log[max(0, at - 1000) : at + 5000]


def create_poll(port: int) -> tuple[str, list[int]]:
    body = user_payload()
    assert call(port, "POST", "/api/users", body).status == 201
    login = call(port, "POST", "/api/auth/token", {k: body[k] for k in ("email", "password")})
    assert login.status == 200, login.text
    headers = {"Authorization": f"Bearer {login.json['access_token']}"}
    poll = {"question": "Which day for the meeting?", "choices": ["Mon", "Tue", "Wed", "Thu"]}
    created = call(port, "POST", "/api/polls", {**poll, "allow_anonymous": True}, headers)
    assert created.status == 201, created.text
    return created.json["id"], [choice["id"] for choice in created.json["choices"]]


def voter_keys(votes: list[Vote], secret: str) -> dict[int, str]:
    """The voter key ("anon:<id>") that the cookie of each 201 names, read as the app does."""
    app = create_app("testing", {"SECRET_KEY": secret, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    keys = {}
    for n, vote in enumerate(votes):
        if vote.reply.status == 201:
            assert vote.reply.cookie, "a new browser's 201 sets no voter cookie"
            cookie = {"Cookie": f"poll_voter={vote.reply.cookie}"}
            with app.test_request_context(headers=cookie):
                keys[n] = cookie_voter().key
    return keys


def stored(database: str, poll_id: str) -> tuple[list, int, dict[int, int]]:
    """The poll's ballots and its kept counts, as the database holds them."""
    engine = create_engine(database_url(database))
    try:
        with engine.connect() as connection:
            ballots = connection.execute(
                select(Ballot.voter, Ballot.choices).where(Ballot.poll_id == poll_id)
            ).all()
            kept_votes = connection.execute(
                select(ChoiceTally.choice_id, func.sum(ChoiceTally.votes))
                .join(Choice, Choice.id == ChoiceTally.choice_id)
                .where(Choice.poll_id == poll_id)
                .group_by(ChoiceTally.choice_id)
            ).all()
            kept_ballots = connection.scalar(
                select(func.sum(PollTally.ballots)).where(PollTally.poll_id == poll_id)
            )
    finally:
        engine.dispose()
    return [tuple(row) for row in ballots], int(kept_ballots or 0), dict(kept_votes)


@pytest.fixture(scope="module")
def outage(cluster: PostgresCluster, server: Server) -> Outage:
    """Run the load through a crash and restart of the database, then read what it holds."""
    poll_id, choice_ids = create_poll(server.port)
    load = Load(server.port, poll_id, choice_ids)
    load.start()
    try:
        time.sleep(UP_BEFORE)
        stop_began = time.monotonic()
        cluster.stop("immediate")
        stop_ended = time.monotonic()
        time.sleep(DOWN_FOR)
        start_began = time.monotonic()
        cluster.start()
        start_ended = time.monotonic()
        time.sleep(UP_AFTER)
    finally:
        load.stop()
        if not cluster.running():
            cluster.start()  # so that the database can be read and the teardown is clean
    ballots, kept_ballots, kept_votes = stored(cluster.url("poll_app_faults"), poll_id)
    return Outage(
        load.votes,
        load.reads,
        stop_began,
        stop_ended,
        start_began,
        start_ended,
        voter_keys(load.votes, server.secret),
        ballots,
        kept_ballots,
        kept_votes,
        choice_ids,
        server.process.pid if server.process.poll() is None else 0,
        server.log_text(),
    )


def test_no_500_no_traceback_no_request_left_hanging(outage: Outage):
    replies = outage.replies()
    failed = [r for r in replies if not 0 < r.status < 500 and r.status != 503]
    assert not failed, outage.show(failed)
    slow = [r for r in replies if r.elapsed > QUICK]
    assert not slow, outage.show(slow)
    traced = [r for r in replies if "Traceback" in r.text or 'File "' in r.text]
    assert not traced, outage.show(traced)
    assert Counter(vote.reply.status for vote in outage.votes).keys() <= {201, 503}
    assert Counter(read.status for read in outage.reads).keys() <= {200, 503}


def test_every_503_is_a_database_unavailable_problem(outage: Outage):
    unavailable = [r for r in outage.replies() if r.status == 503]
    wrong = [
        r
        for r in unavailable
        if r.content_type != "application/problem+json"
        or not str((r.json or {}).get("type", "")).endswith("database-unavailable")
        or (r.json or {}).get("status") != 503
        or not r.retry_after
    ]
    assert not wrong, outage.show(wrong)


def test_while_the_database_is_down_every_request_is_a_quick_503(outage: Outage):
    down = [r for r in outage.replies() if outage.stop_ended < r.started < outage.start_began]
    assert len(down) >= 50, f"only {len(down)} requests while the database was down"
    wrong = [r for r in down if r.status != 503 or r.elapsed > QUICK]
    assert not wrong, outage.show(wrong)


def test_before_the_crash_every_request_succeeds(outage: Outage):
    before = [r for r in outage.replies() if r.ended < outage.stop_began]
    assert len(before) >= 20, f"only {len(before)} requests before the crash"
    failed = [r for r in before if r.status not in (200, 201)]
    assert not failed, outage.show(failed)


def test_after_the_restart_the_same_server_succeeds_again(outage: Outage):
    assert outage.server_pid, "gunicorn died"
    after = [r for r in outage.replies() if r.started > outage.start_ended + SETTLE]
    assert len(after) >= 20, f"only {len(after)} requests after the restart"
    failed = [r for r in after if r.status not in (200, 201)]
    assert not failed, outage.show(failed)
    # No worker was killed (by its timeout) and booted anew: the two first ones served it all.
    assert outage.log.count("Booting worker") == 2, outage.log[-3000:]


def test_every_201_is_one_ballot_with_its_choice(outage: Outage):
    ballots = Counter(voter for voter, _ in outage.ballots)
    assert not [voter for voter, n in ballots.items() if n > 1], "a voter has two ballots"
    created = {outage.voters[n]: [outage.votes[n].choice_id] for n in outage.voters}
    assert len(created) == len(outage.voters), "two 201s named the same voter"
    answered = [outage.votes[n] for n in outage.voters]
    assert [v.reply.json["choices"] for v in answered] == [[v.choice_id] for v in answered]
    choices = dict(outage.ballots)
    missing = [voter for voter in created if voter not in choices]
    assert not missing, f"{len(missing)} of {len(created)} votes answered 201 are not stored"
    assert {voter: choices[voter] for voter in created} == created


def test_a_ballot_without_a_201_was_in_flight_at_the_crash(outage: Outage):
    """Only a vote whose answer was lost to the crash (its commit done, the reply not) may
    have left a ballot without a 201; nothing else is counted without one."""
    created = set(outage.voters.values())
    unanswered = [voter for voter, _ in outage.ballots if voter not in created]
    in_flight = [
        vote.reply
        for vote in outage.votes
        if vote.reply.status != 201
        and vote.reply.started < outage.stop_ended
        and vote.reply.ended > outage.stop_began
    ]
    assert len(unanswered) <= len(in_flight), (len(unanswered), outage.show(in_flight))
    assert len(outage.ballots) == len(created) + len(unanswered)


def test_kept_counts_equal_a_recount_of_the_ballots(outage: Outage):
    assert outage.kept_ballots == len(outage.ballots)
    recount = Counter(choice for _, choices in outage.ballots for choice in choices)
    assert outage.kept_votes == {c: n for c, n in recount.items() if n}
    assert set(recount) <= set(outage.choice_ids)


def test_the_server_log_has_no_stack_trace(outage: Outage):
    assert "Traceback" not in outage.log, outage.log_excerpt()
    assert "database unavailable" in outage.log  # the 503s were logged, as warnings
