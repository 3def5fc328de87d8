"""Real gunicorn servers for the tests that need real processes, and a tiny HTTP client.

Servers listen on 127.0.0.1 only; every wait is bounded, and a server is always stopped.
"""

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.test_cli import ROOT, free_port, run_manage

HEALTH_TIMEOUT_SECONDS = 30
CHEAP_ARGON2 = {  # as the testing config has: sign-ups are not what these tests measure
    "FLASK_ARGON2_TIME_COST": "1",
    "FLASK_ARGON2_MEMORY_COST": "8192",
    "FLASK_ARGON2_PARALLELISM": "1",
}


def production_env(database: str, **settings: str) -> dict[str, str]:
    """The environment of a production server on `database`, plus `settings`."""
    return {
        **os.environ,
        "APP_CONFIG": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "CORS_ORIGINS": "http://127.0.0.1",
        "DATABASE_URL": database,
        **CHEAP_ARGON2,
        **settings,
    }


def migrate(env: dict[str, str]) -> None:
    result = run_manage("db", "upgrade", env=env)
    assert result.returncode == 0, result.stderr


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict | list | str | None
    headers: dict[str, str]


def call(url: str, method: str, path: str, body=None, headers=None, timeout=10) -> Reply:
    """One JSON request; a 4xx/5xx is a Reply like any other."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return _reply(response.status, response.read(), response.headers)
    except urllib.error.HTTPError as error:
        return _reply(error.code, error.read(), error.headers)


def _reply(status: int, raw: bytes, headers) -> Reply:
    text = raw.decode(errors="replace")
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = text
    return Reply(status, body, dict(headers.items()))


def _wait_for_health(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early:\n{log.read_text()[-4000:]}")
        try:
            if call(url, "GET", "/api/health", timeout=2).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /api/health in time:\n{log.read_text()}")


@dataclass(frozen=True)
class LiveServer:
    url: str
    port: int
    process: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def gunicorn(
    env: dict[str, str], log: Path, workers: int = 2, threads: int = 1
) -> Iterator[LiveServer]:
    """gunicorn serving app:app with `env` on a free port of 127.0.0.1, until the block ends."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "--threads", str(threads)]
    command += ["--no-control-socket", "--graceful-timeout", "5", "-b", f"127.0.0.1:{port}"]
    with log.open("w") as output:
        process = subprocess.Popen(
            [*command, "app:app"], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, process, log)
        yield LiveServer(url, port, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
