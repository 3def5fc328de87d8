"""gunicorn as production runs it, on a free port of 127.0.0.1, for the fault tests."""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.live_server import LiveServer, production_env
from tests.live_server import gunicorn as live_gunicorn


@dataclass
class Server:
    """A running gunicorn, and the SECRET_KEY it signs voter cookies with."""

    live: LiveServer
    secret: str

    @property
    def port(self) -> int:
        return self.live.port

    @property
    def process(self):
        return self.live.process

    def log_text(self) -> str:
        return self.live.log_text()


@contextmanager
def gunicorn(database: str, log_path: Path) -> Iterator[Server]:
    """app:app with the production config, 2 workers of 4 threads each, rate limits off."""
    secret = secrets.token_urlsafe(48)
    env = production_env(database, SECRET_KEY=secret, FLASK_RATELIMIT_ENABLED="false")
    with live_gunicorn(env, log_path, workers=2, threads=4) as live:
        yield Server(live, secret)
