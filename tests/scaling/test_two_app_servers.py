"""Two app servers, one PostgreSQL, one Redis: counts stay exact and rate limits hold across
both, because neither server keeps state of its own (DESIGN.md, "Scaling past one machine").
"""

import os
import uuid

import pytest
import redis
from sqlalchemy import create_engine, func, select

from om_core.data import Ballot, PollTally
from tests.conftest import TEST_DATABASE_URL
from tests.factories import PASSWORD, user_payload
from tests.live_server import call, gunicorn, migrate, production_env

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
VOTERS = 24


def redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping())
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PostgreSQL: set TEST_DATABASE_URL"),
]


@pytest.fixture(scope="module")
def servers(postgres, tmp_path_factory):
    """Servers A and B on one new database, sharing rate-limit counters in Redis."""
    if not redis_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Redis at {REDIS_URL}")
        pytest.skip(f"needs Redis at {REDIS_URL}")
    database = postgres.create()
    env = production_env(
        database,
        REDIS_URL=REDIS_URL,
        FLASK_RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}",  # this run's counters only
        FLASK_RATELIMIT_ANONYMOUS_VOTE="5 per minute",
        FLASK_RATELIMIT_LOGIN_PER_ACCOUNT="4 per minute",
        FLASK_RATELIMIT_LOGIN_PER_IP="1000 per minute",
        FLASK_RATELIMIT_REGISTER_PER_IP="1000 per hour",
        FLASK_RATELIMIT_API="100000 per minute",
    )
    migrate(env)
    logs = tmp_path_factory.mktemp("servers")
    try:
        with gunicorn(env, logs / "a.log") as a, gunicorn(env, logs / "b.log") as b:
            yield a.url, b.url, database
    finally:
        postgres.drop(database)


def sign_up(url: str) -> dict:
    body = user_payload()
    assert call(url, "POST", "/api/users", body).status == 201
    token = call(url, "POST", "/api/auth/token", {"email": body["email"], "password": PASSWORD})
    return {"Authorization": f"Bearer {token.body['access_token']}"}


def new_poll(url: str, owner: dict) -> tuple[str, list[int]]:
    body = {"question": f"Two servers? {uuid.uuid4().hex}", "choices": ["Yes", "No", "Maybe"]}
    reply = call(url, "POST", "/api/polls", body, owner)
    assert reply.status == 201, reply.body
    return reply.body["id"], [choice["id"] for choice in reply.body["choices"]]


def test_votes_sent_to_both_servers_count_exactly_once(servers):
    a, b, database = servers
    poll_id, choices = new_poll(b, sign_up(a))
    voters = [sign_up((a, b)[n % 2]) for n in range(VOTERS)]
    first = [
        call((a, b)[n % 2], "POST", f"/api/polls/{poll_id}/votes", {"choices": [choices[n % 3]]}, v)
        for n, v in enumerate(voters)
    ]
    again = [
        call((b, a)[n % 2], "POST", f"/api/polls/{poll_id}/votes", {"choices": [choices[0]]}, v)
        for n, v in enumerate(voters)
    ]
    assert [reply.status for reply in first] == [201] * VOTERS
    assert [reply.status for reply in again] == [409] * VOTERS
    from_a = call(a, "GET", f"/api/polls/{poll_id}/results").body
    assert from_a == call(b, "GET", f"/api/polls/{poll_id}/results").body
    assert from_a["total_votes"] == VOTERS
    assert [line["votes"] for line in from_a["choices"]] == [VOTERS // 3] * 3
    engine = create_engine(database)
    with engine.connect() as connection:
        stored = connection.scalar(select(func.count()).where(Ballot.poll_id == poll_id))
        kept = connection.scalar(
            select(func.sum(PollTally.ballots)).where(PollTally.poll_id == poll_id)
        )
    engine.dispose()
    assert stored == kept == VOTERS


def test_anonymous_vote_limit_holds_across_both_servers(servers):
    a, b, _ = servers
    poll_id, choices = new_poll(a, sign_up(a))
    statuses = [
        call((a, b)[n % 2], "POST", f"/api/polls/{poll_id}/votes", {"choices": [choices[0]]})
        for n in range(8)  # eight new browsers behind one IP, alternating servers
    ]
    assert [reply.status for reply in statuses] == [201] * 5 + [429] * 3
    assert all(int(reply.headers["Retry-After"]) > 0 for reply in statuses[5:])
    assert call(b, "GET", f"/api/polls/{poll_id}/results").body["total_votes"] == 5


def test_login_limit_per_account_holds_across_both_servers(servers):
    a, b, _ = servers
    body = user_payload()
    assert call(a, "POST", "/api/users", body).status == 201
    wrong = {"email": body["email"], "password": "not the password"}
    statuses = [call((a, b)[n % 2], "POST", "/api/auth/token", wrong).status for n in range(6)]
    assert statuses == [401] * 4 + [429] * 2
