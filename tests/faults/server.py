"""gunicorn as production runs it, on a free port of 127.0.0.1, for the fault tests."""

import os
import secrets
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.faults.load import call
from tests.test_cli import free_port

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Server:
    """A running gunicorn: its port, its process, the SECRET_KEY it signs cookies with, its log."""

    port: int
    process: subprocess.Popen
    secret: str
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def start_gunicorn(database: str, port: int, secret: str, log) -> subprocess.Popen:
    """app:app with the production config, 2 workers of 4 threads each, rate limits off."""
    env = {
        **os.environ,
        "APP_CONFIG": "production",
        "SECRET_KEY": secret,
        "CORS_ORIGINS": "http://127.0.0.1",
        "DATABASE_URL": database,
        "FLASK_RATELIMIT_ENABLED": "false",
    }
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--worker-class", "gthread"]
    command += ["--threads", "4", "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "5"]
    command += ["--no-control-socket", "app:app"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def wait_for_health(server: Server) -> None:
    until = time.monotonic() + 30
    while time.monotonic() < until:
        assert server.process.poll() is None, f"gunicorn exited:\n{server.log_text()[-4000:]}"
        if call(server.port, "GET", "/api/health").status == 200:
            return
        time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer /api/health in time:\n{server.log_text()}")


@contextmanager
def gunicorn(database: str, log_path: Path):
    """Serve `database` until the block ends; the log (stdout and stderr) goes to `log_path`."""
    with log_path.open("w") as log:
        port, secret = free_port(), secrets.token_urlsafe(48)
        server = Server(port, start_gunicorn(database, port, secret, log), secret, log_path)
        try:
            wait_for_health(server)
            yield server
        finally:
            server.process.terminate()
            try:
                server.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait(timeout=15)
