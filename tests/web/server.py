"""A real gunicorn serving the app on a free port, over a fresh, migrated SQLite file."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.live_server import CHEAP_ARGON2, gunicorn, migrate


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Migrate `folder`/web.db with `manage.py db upgrade`, start gunicorn (2 workers,
    4 threads) on it, wait for /api/health and yield the base URL; stop it at the end,
    and fail if it logged a traceback (a 500 on any page)."""
    env = {
        **os.environ,
        "APP_CONFIG": "development",
        "DATABASE_URL": f"sqlite:///{folder / 'web.db'}",
        "FLASK_RATELIMIT_ENABLED": "false",
        "FLASK_DEBUG": "0",
        **CHEAP_ARGON2,
    }
    migrate(env)
    log = folder / "gunicorn.log"
    with gunicorn(env, log, workers=2, threads=4) as server:
        yield server.url
    served = log.read_text()
    assert "Traceback" not in served, f"the server logged an error:\n{served[-5000:]}"
