"""The databases a run measures: a PostgreSQL database made for it, and a SQLite file."""

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
SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@contextlib.contextmanager
def postgresql() -> Iterator[str]:
    """A new, empty database `poll_app_bench_<random>` on SERVER; dropped after."""
    name = f"poll_app_bench_{secrets.token_hex(6)}"
    try:
        _run(SERVER, {"postgresql": (f'CREATE DATABASE "{name}"',)})
    except OperationalError as error:
        message = f"no database made on {SERVER} (set BENCH_POSTGRES_URL or BENCH_DATABASES)"
        raise RuntimeError(message) from error
    try:
        yield make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    finally:
        _run(SERVER, {"postgresql": (f'DROP DATABASE "{name}" WITH (FORCE)',)})


@contextlib.contextmanager
def sqlite() -> Iterator[str]:
    """A SQLite file in a temporary folder, removed after."""
    with tempfile.TemporaryDirectory(prefix="poll_app_bench_") as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


DATABASES = {"postgresql": postgresql, "sqlite": sqlite}


def upgrade(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "APP_CONFIG": "development"}
    command = [sys.executable, "manage.py", "db", "upgrade"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        raise RuntimeError(f"manage.py db upgrade failed:\n{done.stderr[-3000:]}")


def _run(url: str, statements: dict[str, tuple[str, ...]]) -> dict:
    """The dialect's statements in autocommit: {each one's last word: what it returned}."""
    engine = create_engine(database_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            answers = {}
            for statement in statements[engine.dialect.name]:
                result = connection.execute(text(statement))
                answers[statement.split()[-1]] = result.scalar() if result.returns_rows else None
            return answers
    finally:
        engine.dispose()


def settle(url: str) -> None:
    """Before the runs, what autovacuum would do during them: VACUUM ANALYZE the new ballots,
    CHECKPOINT the load's WAL (SQLite: a WAL checkpoint). Not the kept-count tables: analyzed
    with a few polls' rows, the planner later scans them whole (reads fell from 0.32 to 0.09)."""
    _run(url, {"postgresql": ("VACUUM ANALYZE ballots", "CHECKPOINT"),
               "sqlite": ("PRAGMA wal_checkpoint(TRUNCATE)",)})  # fmt: skip


def durability(url: str) -> dict:
    """How commits reach the disk: PostgreSQL's settings, SQLite's pragmas (2 is FULL)."""
    names = ("fsync", "synchronous_commit", "wal_sync_method", "server_version")
    return _run(url, {"postgresql": tuple(f"SHOW {name}" for name in names),
                      "sqlite": ("PRAGMA journal_mode", "PRAGMA synchronous")})  # fmt: skip
