"""The two databases a bench run measures: a PostgreSQL database made for the run (and
dropped after it) and a SQLite file in a temporary folder. Both are migrated the way an
operator does it, with `python manage.py db upgrade`."""

import contextlib
import os
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from config import database_url

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_SERVER = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@contextlib.contextmanager
def postgresql() -> Iterator[str]:
    """A new, empty database `poll_app_bench_<random>` on the local server; dropped after."""
    server = make_url(database_url(POSTGRES_SERVER))
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"poll_app_bench_{secrets.token_hex(6)}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        raise RuntimeError(
            f"cannot make the bench database on {server.render_as_string()}: is PostgreSQL "
            "running there? (set BENCH_POSTGRES_URL, or BENCH_DATABASES=sqlite to skip it)"
        ) from error
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextlib.contextmanager
def sqlite() -> Iterator[str]:
    """A SQLite file in a temporary folder, removed after."""
    with tempfile.TemporaryDirectory(prefix="poll_app_bench_") as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


DATABASES = {"postgresql": postgresql, "sqlite": sqlite}


def upgrade(url: str) -> None:
    """`python manage.py db upgrade` on the database, as an operator would migrate it."""
    env = {**os.environ, "DATABASE_URL": url, "APP_CONFIG": "development"}
    subprocess.run(
        [sys.executable, "manage.py", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def settle(url: str) -> None:
    """What the data load leaves autovacuum to do, done before the runs instead of during
    them: VACUUM ANALYZE of the ballots (a million new rows) and a CHECKPOINT of the load's
    WAL (pgbench vacuums before its runs too); on SQLite a WAL checkpoint. Only the ballots:
    analyzing the kept-count tables while they hold a few polls' rows teaches the planner
    that one poll is half of them, and the reads then scan them whole once the vote runs have
    added thousands of polls (measured: reads fell from 0.32 of the ceiling to 0.09)."""
    engine = create_engine(database_url(url), isolation_level="AUTOCOMMIT")
    if engine.dialect.name == "postgresql":
        statements = ("VACUUM ANALYZE ballots", "CHECKPOINT")
    else:
        statements = ("PRAGMA wal_checkpoint(TRUNCATE)",)
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def durability(url: str) -> dict:
    """How commits reach the disk: PostgreSQL's fsync and synchronous_commit, SQLite's
    journal mode and synchronous level as the app's connections set them."""
    engine = create_engine(database_url(url))
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                names = ("fsync", "synchronous_commit", "wal_sync_method", "server_version")
                return {n: connection.execute(text(f"SHOW {n}")).scalar() for n in names}
            sync = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
            level = connection.execute(text("PRAGMA synchronous")).scalar()
            return {
                "journal_mode": connection.execute(text("PRAGMA journal_mode")).scalar(),
                "synchronous": sync.get(level, level),
            }
    finally:
        engine.dispose()
