"""`python -m bench.statement_cost`: what a vote's one statement costs PostgreSQL, rule by rule.

`make bench` says what a vote costs the whole machine; the database's share (about a quarter
of its CPU) is its one statement. This says what each rule in that statement adds, from a
bare one-row INSERT up to the vote the app runs (the votes are the app's own statements,
compiled as the app compiles them; the ballot row is built from the app's model):

1. `one-row INSERT`: the floor_insert's statement (bench_reference_rows: a primary key only).
2. `ballot row`: the ballot's INSERT alone, ON CONFLICT (poll_id, voter) DO NOTHING: one
   ballot per voter, its three indexes and its two foreign keys (poll, user).
3. `vote by account`: + the guard (the poll is open and the ballot still fits it) and both
   kept-count upserts: the app's statement for a signed-in voter.
4. `vote by token`: + the bearer token's check: the app's statement of the vote scenario.

Each runs STATEMENTS times on one psycopg connection in autocommit, prepared on the server as
the app's are, each time a voter new to its poll (one of 100 polls); ROUNDS rounds take the
steps in turns. Per statement: the CPU of every PostgreSQL process (utime + stime from
/proc: the backend, the WAL writer, ...; bench/cpu.py), the WAL written, and the wall time
from Python (the durable commit included). Medians of the rounds. It makes its own
database, and drops it after.
"""

import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy import Integer, bindparam
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql.psycopg import dialect as psycopg_dialect

from bench import cpu, data, databases, reference
from om_core import create_app
from om_core.accounts.service import token_hash
from om_core.data import Ballot, Token, db
from om_core.data.ballot_writes import POSTGRESQL_VOTES, By
from om_core.data.database import UTCDateTime
from om_core.data.prepared import Prepared
from om_core.voting.voter import Voter

STATEMENTS = 2_000
ROUNDS = 3
POLLS = 100

BALLOT_ROW = Prepared(
    lambda dialect: (
        postgresql.insert(Ballot)
        .values(
            poll_id=bindparam("poll_id"),
            voter=bindparam("voter"),
            user_id=bindparam("user_id", type_=Integer),
            choices=bindparam("choices_json").cast(Ballot.choices.type),
            created_at=bindparam("at", type_=UTCDateTime),
            updated_at=bindparam("at", type_=UTCDateTime),
        )
        .on_conflict_do_nothing(index_elements=["poll_id", "voter"])
    )
)


# Each step: the statement (None: the one-row INSERT) and who its ballots are by.
STEPS = {
    "one-row INSERT": None,
    "ballot row": (BALLOT_ROW, By.ACCOUNT),
    "vote by account": (POSTGRESQL_VOTES[By.ACCOUNT], By.ACCOUNT),
    "vote by token": (POSTGRESQL_VOTES[By.TOKEN], By.TOKEN),
}


@dataclass(frozen=True)
class Voters:
    """Accounts with a token each, and the polls they vote in: ballot n is by voter
    n // POLLS in poll n % POLLS, so every ballot is a new voter's in its poll."""

    user_ids: list[int]
    tokens: list[str]
    polls: list[data.PollRef]

    def ballot(self, n: int, by: By) -> dict:
        poll, user_id, token = (
            self.polls[n % POLLS],
            self.user_ids[n // POLLS],
            self.tokens[n // POLLS],
        )
        voter = Voter.by_token(token_hash(token)) if by is By.TOKEN else Voter.for_user(user_id)
        return reference.single_choice_ballot(poll.id, [poll.choice_id], voter).parameters()


def _work(step: tuple[Prepared, By] | None, voters: Voters, numbers: range) -> list[tuple]:
    """The step's SQL and parameters for ballots `numbers`."""
    if step is None:
        return [(reference.RAW_INSERT, ("row", n)) for n in numbers]
    prepared, by = step
    compiled = prepared.compiled(psycopg_dialect())
    return [(compiled.sql, compiled.parameters(voters.ballot(n, by))) for n in numbers]


def _voters(url: str, count: int) -> Voters:
    setup = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with setup.app_context(), tempfile.TemporaryDirectory() as folder:
        tokens_file = Path(folder) / "tokens.txt"
        data.add_accounts(count, tokens_file)
        user_ids = db.session.scalars(db.select(Token.user_id).order_by(Token.id)).all()
        polls = data.add_polls(user_ids[0], POLLS, "statements")
        db.engine.dispose()
        return Voters(list(user_ids), tokens_file.read_text().split(), polls)


def main() -> int:
    with databases.postgresql() as url:
        databases.upgrade(url)
        reference.create_rows(url)
        voters = _voters(url, STATEMENTS * ROUNDS * len(STEPS) // POLLS + 1)
        measured: dict[str, list[tuple[float, float, float]]] = {name: [] for name in STEPS}
        with psycopg.connect(reference.conninfo(url), autocommit=True) as connection:
            first = 0
            for _round in range(ROUNDS):
                for name, step in STEPS.items():
                    numbers = range(first, first + STATEMENTS)
                    measured[name].append(_run(connection, _work(step, voters, numbers)))
                    first += STATEMENTS
        _print(measured)
    return 0


def _run(connection: psycopg.Connection, work: list) -> tuple[float, float, float]:
    """PostgreSQL's CPU us, WAL bytes and wall us per statement over `work`."""
    (start,) = connection.execute("SELECT pg_current_wal_lsn()").fetchone()
    before = cpu.sample([])
    clock = time.perf_counter()
    for sql, parameters in work:
        connection.execute(sql, parameters, prepare=True)
    wall = time.perf_counter() - clock
    spent = cpu.per_request_us(before, cpu.sample([]), len(work))["database"]
    (wal,) = connection.execute(
        "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s)", (start,)
    ).fetchone()
    return spent, float(wal) / len(work), wall / len(work) * 1e6


def _print(measured: dict[str, list[tuple[float, float, float]]]) -> None:
    print(f"{'statement':18} {'PG CPU us':>9} {'WAL bytes':>9} {'wall us':>8}")  # noqa: T201
    for name, rounds in measured.items():
        cpu_us, wal, wall = (statistics.median(r[i] for r in rounds) for i in range(3))
        print(f"{name:18} {cpu_us:9.0f} {wal:9.0f} {wall:8.0f}")  # noqa: T201


if __name__ == "__main__":
    sys.exit(main())
