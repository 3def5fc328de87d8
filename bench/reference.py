"""The references: a bare Flask app whose endpoints each touch the bench database once, the
naive Flask-SQLAlchemy way, served by the same gunicorn settings as the app and the ceiling.
What they reach is what any Flask app touching that database can do on this machine:

- `GET /reference/select`: one Flask-SQLAlchemy SELECT of one row by primary key (a random
  one of ROWS rows), returned as JSON.
- `POST /reference/insert`: one Flask-SQLAlchemy ORM INSERT of a row from the JSON body and
  `db.session.commit()` (durable: the database's default settings), answering 201.
- `POST /reference/raw-insert` (PostgreSQL): the floor for any Flask endpoint that writes
  durably: the same row, inserted by one statement on the worker's own psycopg connection
  in autocommit (no ORM, no pool, no transaction round trips: one round trip, one commit).
- `POST /reference/raw-vote/<poll_id>` (PostgreSQL): the floor for the vote itself: the app's
  own vote statement (om_core.data.ballot_writes, by token, single choice) with the body's
  choice and the bearer token, the same way on the worker's own connection, answering 201
  when recorded. No validation, no rate limits, no access log, no CORS or security headers:
  what is left of a vote when everything but its one statement is taken away.

Nothing is tuned: Flask-SQLAlchemy's default engine, pool and session, one transaction per
request as Flask-SQLAlchemy opens and ends it. gunicorn serves `create_app()`, which reads
DATABASE_URL (the app's database; `postgresql://` gets the psycopg driver as in the app's
config). The table is made and filled by `create_rows` before the server starts, so the two
workers do not race to create it.
"""

import functools
import os
import random
import statistics
import time
from datetime import UTC, datetime

import psycopg
from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql.psycopg import dialect as psycopg_dialect
from sqlalchemy.engine import make_url

from config import database_url
from om_core.accounts.service import token_hash
from om_core.data.ballot_writes import POSTGRESQL_VOTES, By, NewBallot
from om_core.voting.voter import Voter

ROWS = 1_000
db = SQLAlchemy()


class ReferenceRow(db.Model):
    __tablename__ = "bench_reference_rows"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    value = db.Column(db.Integer, nullable=False)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "value": self.value,
            "created_at": self.created_at.isoformat(),
        }


def create_app(url: str | None = None) -> Flask:
    app = Flask(__name__)
    url = database_url(url or os.environ["DATABASE_URL"])
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    db.init_app(app)

    @app.get("/reference/select")
    def select_one():
        row = db.get_or_404(ReferenceRow, random.randint(1, ROWS))  # noqa: S311 - not secret
        return jsonify(row.to_dict())

    @app.post("/reference/insert")
    def insert_one():
        body = request.get_json()
        row = ReferenceRow(
            name=str(body["name"]), value=int(body["value"]), created_at=datetime.now(UTC)
        )
        db.session.add(row)
        db.session.commit()
        return jsonify(status="created"), 201

    @app.post("/reference/raw-insert")
    def raw_insert_one():
        body = request.get_json()
        _raw_connection(url).execute(RAW_INSERT, (str(body["name"]), int(body["value"])))
        return jsonify(status="created"), 201

    @app.post("/reference/raw-vote/<poll_id>")
    def raw_vote(poll_id):
        choices = request.get_json()["choices"]
        token = request.headers["Authorization"].removeprefix("Bearer ")
        statement = _vote_statement()
        ballot = single_choice_ballot(poll_id, choices, Voter.by_token(token_hash(token)))
        parameters = statement.parameters(ballot.parameters())
        recorded, _fits, _live = _raw_connection(url).execute(statement.sql, parameters).fetchone()
        return (jsonify(status="created"), 201) if recorded else (jsonify(status="refused"), 409)

    return app


def single_choice_ballot(poll_id: str, choices: list[int], voter: Voter) -> NewBallot:
    """A ballot in a single-choice poll, as the app's vote makes one (the floor's, and
    bench.statement_cost's)."""
    return NewBallot(
        poll_id=poll_id,
        voter=voter.key,
        user_id=voter.user_id,
        token_hash=voter.token_hash,
        choices=choices,
        counted=choices,
        kind="single",
        max_selections=None,
        at=datetime.now(UTC),
    )


@functools.cache
def _vote_statement():
    """The app's PostgreSQL vote statement by token, compiled as the app compiles it."""
    return POSTGRESQL_VOTES[By.TOKEN].compiled(psycopg_dialect())


def conninfo(url: str) -> str:
    """A SQLAlchemy URL as psycopg's own connect takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


RAW_INSERT = "INSERT INTO bench_reference_rows (name, value, created_at) VALUES (%s, %s, now())"


@functools.cache
def _raw_connection(url: str) -> psycopg.Connection:
    """This worker's one psycopg connection, opened on first use (after gunicorn's fork)."""
    return psycopg.connect(conninfo(url), autocommit=True, prepare_threshold=0)


def create_rows(url: str) -> None:
    """Make `bench_reference_rows` with ids 1..ROWS, unless it is there already."""
    app = create_app(url)
    with app.app_context():
        db.create_all()
        if not db.session.scalar(select(func.count()).select_from(ReferenceRow)):
            now = datetime.now(UTC)
            db.session.add_all(
                ReferenceRow(name=f"row {n}", value=n, created_at=now) for n in range(1, ROWS + 1)
            )
            db.session.commit()
        db.engine.dispose()


def commit_latency(url: str, iterations: int = 200) -> dict:
    """PostgreSQL: how long one durable autocommit INSERT takes from Python (psycopg, no
    pool, no ORM), `iterations` times in a row on one connection, after a few untimed ones.
    A sync worker that waits for its own commit can commit at most 1 / latency times a
    second, so 2 sync workers at most 2 / latency votes/s (the median latency)."""
    statement = RAW_INSERT
    seconds = []
    with psycopg.connect(conninfo(url), autocommit=True) as connection:
        settings = {
            name: connection.execute(f"SHOW {name}").fetchone()[0]
            for name in ("synchronous_commit", "fsync", "wal_sync_method")
        }
        for n in range(iterations + 10):
            clock = time.perf_counter()
            connection.execute(statement, ("commit latency", n))
            if n >= 10:
                seconds.append(time.perf_counter() - clock)
    seconds.sort()
    median = statistics.median(seconds)
    return {
        "median": round(median * 1000, 3),
        "p90": round(statistics.quantiles(seconds, n=10)[-1] * 1000, 3),
        "min": round(seconds[0] * 1000, 3),
        "max": round(seconds[-1] * 1000, 3),
        "iterations": iterations,
        "statement": statement + " (psycopg, autocommit: one INSERT, one commit)",
        "settings": settings,
        "vote_upper_bound_rps": round(2 / median, 1),
    }
