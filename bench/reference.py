"""Bare Flask endpoints touching the database once (reference, floor), and commit latency."""

import functools
import os
import random
import statistics
import time
from datetime import UTC, datetime

import psycopg
from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.engine import make_url

from config import database_url

ROWS = 1_000
RAW_INSERT = "INSERT INTO bench_reference_rows (name, value, created_at) VALUES (%s, %s, now())"
db = SQLAlchemy()


class ReferenceRow(db.Model):
    __tablename__ = "bench_reference_rows"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    value = db.Column(db.Integer, nullable=False)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False)


def create_app(url: str | None = None) -> Flask:
    app = Flask(__name__)
    url = database_url(url or os.environ["DATABASE_URL"])
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    db.init_app(app)

    @app.get("/reference/select")
    def select_one():
        """Reference for reads: one Flask-SQLAlchemy SELECT by primary key, as JSON."""
        row = db.get_or_404(ReferenceRow, random.randint(1, ROWS))  # noqa: S311 - not secret
        created_at = row.created_at.isoformat()
        return jsonify(id=row.id, name=row.name, value=row.value, created_at=created_at)

    @app.post("/reference/insert")
    def insert_one():
        """Reference for votes: one ORM INSERT of the body's row and a (durable) commit."""
        body, now = request.get_json(), datetime.now(UTC)
        row = ReferenceRow(name=str(body["name"]), value=int(body["value"]), created_at=now)
        db.session.add(row)
        db.session.commit()
        return jsonify(status="created"), 201

    @app.post("/reference/raw-insert")
    def raw_insert_one():
        """The floor: the row by one INSERT on the worker's own connection, in autocommit."""
        body = request.get_json()
        _raw_connection(url).execute(RAW_INSERT, (str(body["name"]), int(body["value"])))
        return jsonify(status="created"), 201

    return app


def conninfo(url: str) -> str:
    """A SQLAlchemy URL as psycopg's own connect takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@functools.cache
def _raw_connection(url: str) -> psycopg.Connection:
    """This worker's one psycopg connection, opened on first use (after gunicorn's fork)."""
    return psycopg.connect(conninfo(url), autocommit=True, prepare_threshold=0)


def create_rows(url: str) -> None:
    """Make `bench_reference_rows` with ids 1..ROWS."""
    app = create_app(url)
    with app.app_context():
        db.create_all()
        now = datetime.now(UTC)
        db.session.add_all(
            ReferenceRow(name=f"row {n}", value=n, created_at=now) for n in range(1, ROWS + 1)
        )
        db.session.commit()
        db.engine.dispose()


def commit_latency(url: str, iterations: int = 200) -> dict:
    """PostgreSQL: ms of one durable autocommit RAW_INSERT from Python (psycopg, no pool, no ORM),
    `iterations` times in a row on one connection after 10 untimed."""
    ms = []
    with psycopg.connect(conninfo(url), autocommit=True) as connection:
        for n in range(iterations + 10):
            clock = time.perf_counter()
            connection.execute(RAW_INSERT, ("commit latency", n))
            ms.append((time.perf_counter() - clock) * 1000)
    ms = sorted(ms[10:])
    times = {"median": statistics.median(ms), "p90": statistics.quantiles(ms, n=10)[-1]}
    return {k: round(v, 3) for k, v in times.items()} | {"max": round(ms[-1], 3), "n": iterations}
