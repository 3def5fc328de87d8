"""Many voters at once against a real server: gunicorn with 4 sync workers on PostgreSQL.

The burst: 32 client threads send exactly 400 vote requests to one single-choice poll.
- 40 accounts (bearer tokens) submit 3 times each (120 requests). Two of the three sit next
  to each other in the queue, so two threads send them at the same moment and two server
  workers race on the ballots' unique constraint; the third sits anywhere in the queue.
- 140 new browsers vote once without a cookie (140 requests) and get their `poll_voter`
  cookie with the 201. 20 of them then vote again with that cookie (20 requests): the
  double click of an ordinary browser, which can only follow its first answer, since the
  cookie comes with it.
- 60 returning browsers hold a voter cookie before the burst, earned by voting in another
  poll (the cookie names the browser, not the poll), and submit twice at the same moment
  (120 requests): anonymous duplicates that really race, as a new browser's cannot.
So 240 voters vote; each must get exactly one 201 and every other submit a 409
already-voted, never a 5xx; the results and the kept counts must equal the ballot rows.
Every request has a timeout and the whole run a deadline. Traffic goes to 127.0.0.1 only.
"""

import concurrent.futures
import itertools
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from om_core.data import Ballot, Choice, ChoiceTally, PollTally
from tests.conftest import TEST_DATABASE_URL
from tests.factories import user_payload
from tests.live_server import VOTER_COOKIE, Reply, gunicorn, migrate, production_env
from tests.live_server import call as live_call

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not TEST_DATABASE_URL,
        reason="needs PostgreSQL: set TEST_DATABASE_URL (SQLite serializes every writer)",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
ACCOUNTS, ACCOUNT_SUBMITS = 40, 3
NEW_BROWSERS, NEW_BROWSER_RESUBMITS = 140, 20
RETURNING_BROWSERS, RETURNING_SUBMITS = 60, 2
BURST_REQUESTS = 400
THREADS = 32
DEADLINE_SECONDS = 120
REQUEST_TIMEOUT = 20


class Deadline:
    """The time left for the whole module; past it, the run fails instead of hanging."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def remaining(self, at_most: float = DEADLINE_SECONDS) -> float:
        left = self.end - time.monotonic()
        assert left > 0, "the concurrency test ran past its deadline"
        return min(left, at_most)


def call(port: int, method: str, path: str, body=None, headers=None) -> Reply:
    return live_call(port, method, path, body, headers, timeout=REQUEST_TIMEOUT)


def in_parallel(task: Callable, count: int, deadline: Deadline, threads: int = 8) -> list:
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(task, range(count), timeout=deadline.remaining()))


@dataclass(frozen=True)
class Account:
    id: int
    headers: dict[str, str]


def sign_up(port: int) -> Account:
    """An account registered and logged in through the API, as a client does it."""
    body = user_payload()
    created = call(port, "POST", "/api/users", body)
    assert created.status == 201, created.body
    login = {"email": body["email"], "password": body["password"]}
    token = call(port, "POST", "/api/auth/token", login)
    assert token.status == 200, token.body
    return Account(created.body["id"], {"Authorization": f"Bearer {token.body['access_token']}"})


def create_poll(port: int, owner: Account, question: str) -> tuple[str, list[int]]:
    body = {"question": question, "choices": ["Red", "Green", "Blue", "Yellow"]}
    body |= {"kind": "single", "allow_anonymous": True}
    reply = call(port, "POST", "/api/polls", body, owner.headers)
    assert reply.status == 201, reply.body
    return reply.body["id"], [choice["id"] for choice in reply.body["choices"]]


@dataclass(frozen=True)
class Submit:
    """One vote to send; a new browser with `resubmit_choice` votes again with its cookie."""

    voter: str  # the test's name for the voter: "account-3", "new-12", "returning-5"
    headers: dict[str, str]
    choice_id: int
    resubmit_choice: int | None = None


@dataclass
class Sent:
    voter: str
    choice_id: int
    reply: Reply


def plan_burst(
    accounts: list[Account], cookies: list[str], choices: list[int], rng: random.Random
) -> list[Submit]:
    """The burst's submits in queue order: each voter's racing submits side by side."""
    groups, stragglers = [], []
    for n, account in enumerate(accounts):
        submits = [Submit(f"account-{n}", account.headers, rng.choice(choices)) for _ in "abc"]
        groups.append(submits[:2])
        stragglers.extend(submits[2:])
    for n, cookie in enumerate(cookies):
        headers = {"Cookie": f"{VOTER_COOKIE}={cookie}"}
        voter = f"returning-{n}"
        groups.append([Submit(voter, headers, rng.choice(choices)) for _ in range(2)])
    for n in range(NEW_BROWSERS):
        again = rng.choice(choices) if n < NEW_BROWSER_RESUBMITS else None
        groups.append([Submit(f"new-{n}", {}, rng.choice(choices), again)])
    rng.shuffle(groups)
    queue = [submit for group in groups for submit in group]
    for submit in stragglers:
        queue.insert(rng.randrange(len(queue) + 1), submit)
    return queue


def vote(port: int, poll_id: str, submit: Submit) -> list[Sent]:
    path = f"/api/polls/{poll_id}/votes"
    reply = call(port, "POST", path, {"choices": [submit.choice_id]}, submit.headers)
    sent = [Sent(submit.voter, submit.choice_id, reply)]
    if submit.resubmit_choice is not None:
        headers = {"Cookie": f"{VOTER_COOKIE}={reply.cookie}"}
        again = call(port, "POST", path, {"choices": [submit.resubmit_choice]}, headers)
        sent.append(Sent(submit.voter, submit.resubmit_choice, again))
    return sent


def run_burst(port: int, poll_id: str, queue: list[Submit], deadline: Deadline) -> list[Sent]:
    """Send the queue from THREADS threads; FIFO, so neighbours in it start together."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=THREADS)
    try:
        futures = [pool.submit(vote, port, poll_id, submit) for submit in queue]
        _, late = concurrent.futures.wait(futures, timeout=deadline.remaining())
        assert not late, f"{len(late)} votes had no answer by the deadline"
        return [sent for future in futures for sent in future.result()]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class Burst:
    sent: list[Sent]
    accounts: list[Account]
    poll_id: str
    choice_ids: list[int]
    results: dict
    log: Path

    def server_log(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture(scope="module")
def deadline() -> Deadline:
    return Deadline(DEADLINE_SECONDS)


@pytest.fixture(scope="module")
def database(postgres) -> str:
    url = postgres.create()
    yield url
    postgres.drop(url)


@pytest.fixture(scope="module")
def server(database: str, tmp_path_factory) -> tuple[int, Path]:
    """gunicorn (4 sync workers) serving app:app on 127.0.0.1, on the migrated database."""
    env = production_env(database, FLASK_RATELIMIT_ENABLED="false")
    migrate(env)
    log_path = tmp_path_factory.mktemp("gunicorn") / "server.log"
    with gunicorn(env, log_path, workers=4) as server:
        yield server.port, log_path


def first_cookie(port: int, poll_id: str, choice_id: int) -> str:
    """A new browser's first vote, for the voter cookie that comes with its 201."""
    reply = call(port, "POST", f"/api/polls/{poll_id}/votes", {"choices": [choice_id]})
    assert reply.status == 201 and reply.cookie, reply
    return reply.cookie


@pytest.fixture(scope="module")
def burst(server, deadline: Deadline) -> Burst:
    """Set up the voters and the poll, send the burst, then read the results."""
    port, log = server
    rng = random.Random(20240601)  # the same queue order on every run
    owner = sign_up(port)
    accounts = in_parallel(lambda _: sign_up(port), ACCOUNTS, deadline)
    poll_id, choice_ids = create_poll(port, owner, "Which colour for the new logo?")
    earlier_poll, earlier_choices = create_poll(port, owner, "An earlier poll")
    cookies = in_parallel(
        lambda _: first_cookie(port, earlier_poll, earlier_choices[0]), RETURNING_BROWSERS, deadline
    )
    queue = plan_burst(accounts, cookies, choice_ids, rng)
    assert len(queue) + sum(s.resubmit_choice is not None for s in queue) == BURST_REQUESTS
    sent = run_burst(port, poll_id, queue, deadline)
    results = call(port, "GET", f"/api/polls/{poll_id}/results")
    assert results.status == 200, results.body
    return Burst(sent, accounts, poll_id, choice_ids, results.body, log)


@pytest.fixture(scope="module")
def stored(burst: Burst, database: str) -> dict:
    """What the database holds for the poll: its ballots and its kept counts."""
    engine = create_engine(database)
    try:
        with engine.connect() as connection:
            ballots = connection.execute(
                select(Ballot.voter, Ballot.choices).where(Ballot.poll_id == burst.poll_id)
            ).all()
            kept_votes = connection.execute(
                select(ChoiceTally.choice_id, func.sum(ChoiceTally.votes))
                .join(Choice, Choice.id == ChoiceTally.choice_id)
                .where(Choice.poll_id == burst.poll_id)
                .group_by(ChoiceTally.choice_id)
            ).all()
            kept_ballots = connection.scalar(
                select(func.sum(PollTally.ballots)).where(PollTally.poll_id == burst.poll_id)
            )
    finally:
        engine.dispose()
    return {"ballots": ballots, "kept_votes": dict(kept_votes), "kept_ballots": kept_ballots}


def test_burst_sends_exactly_the_planned_requests(burst):
    assert len(burst.sent) == BURST_REQUESTS


def test_no_vote_gets_a_server_error_or_no_answer(burst):
    failed = [
        (s.voter, s.reply.status, s.reply.body) for s in burst.sent if not 0 < s.reply.status < 500
    ]
    assert not failed, f"{failed[:5]}\nserver log:\n{burst.server_log()}"


def test_every_vote_is_201_or_409_already_voted(burst):
    statuses = Counter(s.reply.status for s in burst.sent)
    assert set(statuses) <= {201, 409}, statuses
    conflicts = [s.reply.body for s in burst.sent if s.reply.status == 409]
    assert all(body["type"].endswith("already-voted") for body in conflicts), conflicts[:3]


def test_each_voter_gets_exactly_one_201(burst):
    created = Counter(s.voter for s in burst.sent if s.reply.status == 201)
    voters = {s.voter for s in burst.sent}
    assert len(voters) == ACCOUNTS + NEW_BROWSERS + RETURNING_BROWSERS
    assert created == Counter(dict.fromkeys(voters, 1))


def overlapped(replies: list[Reply]) -> bool:
    """Whether two of a voter's requests were in flight at the same time."""
    ordered = sorted(replies, key=lambda reply: reply.started)
    return any(later.started < earlier.ended for earlier, later in itertools.pairwise(ordered))


def test_duplicate_submits_really_overlapped(burst):
    by_voter: dict[str, list[Reply]] = {}
    for s in burst.sent:
        by_voter.setdefault(s.voter, []).append(s.reply)
    raced = Counter(
        voter.split("-")[0] for voter, replies in by_voter.items() if overlapped(replies)
    )
    assert raced["account"] >= ACCOUNTS // 4, raced
    assert raced["returning"] >= RETURNING_BROWSERS // 4, raced


def test_each_new_browser_gets_its_own_voter_cookie(burst):
    firsts = [s for s in burst.sent if s.voter.startswith("new-") and s.reply.status == 201]
    cookies = {s.reply.cookie for s in firsts}
    assert None not in cookies
    assert len(cookies) == len(firsts) == NEW_BROWSERS


def test_total_votes_equals_the_201s(burst, stored):
    created = sum(s.reply.status == 201 for s in burst.sent)
    assert burst.results["total_votes"] == created == len(stored["ballots"])
    assert stored["kept_ballots"] == created


def test_each_choice_count_equals_the_ballots_and_the_kept_counts(burst, stored):
    recount = Counter(choice for _, choices in stored["ballots"] for choice in choices)
    shown = {line["id"]: line["votes"] for line in burst.results["choices"]}
    assert shown == {choice_id: recount[choice_id] for choice_id in burst.choice_ids}
    assert stored["kept_votes"] == {c: n for c, n in recount.items() if n}


def test_an_accounts_ballot_is_the_one_its_201_sent(burst, stored):
    ballots = dict(stored["ballots"])
    for n, account in enumerate(burst.accounts):
        won = [s for s in burst.sent if s.voter == f"account-{n}" and s.reply.status == 201]
        assert [ballots[f"user:{account.id}"]] == [[s.choice_id] for s in won]


def test_no_voter_has_two_ballots(stored):
    voters = Counter(voter for voter, _ in stored["ballots"])
    assert voters.most_common(1)[0][1] == 1
    assert sum(voter.startswith("anon:") for voter in voters) == NEW_BROWSERS + RETURNING_BROWSERS
