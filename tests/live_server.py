"""Real gunicorn servers for the tests that need real processes, and a tiny HTTP client.

Servers listen on 127.0.0.1 only; every request has a timeout, every wait is bounded, and a
server is always stopped.
"""

import http.client
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

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


VOTER_COOKIE = "poll_voter"
REQUEST_TIMEOUT = 10


@dataclass(frozen=True)
class Reply:
    """One request and its answer; `status` 0 means none came (refused, reset, timed out),
    and `text` then says why."""

    method: str
    path: str
    status: int
    headers: dict[str, str]
    text: str
    cookie: str | None  # the voter cookie the answer set, if any
    started: float  # time.monotonic()
    ended: float

    @property
    def elapsed(self) -> float:
        return self.ended - self.started

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")

    @property
    def retry_after(self) -> str | None:
        return self.headers.get("Retry-After")

    @property
    def json(self) -> dict | list | None:
        try:
            return json.loads(self.text)
        except ValueError:
            return None

    @property
    def body(self) -> dict | list | str:
        """The JSON answer, or its text when it is not JSON."""
        parsed = self.json
        return self.text if parsed is None else parsed


def call(
    server: str | int, method: str, path: str, body=None, headers=None, timeout=REQUEST_TIMEOUT
) -> Reply:
    """One JSON request to a server on 127.0.0.1 (its URL or port), on a connection of its
    own, with a timeout; a 4xx/5xx, or no answer at all, is a Reply like any other."""
    port = server if isinstance(server, int) else int(urlsplit(server).port)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.monotonic()
    try:
        payload = None if body is None else json.dumps(body)
        connection.request(
            method, path, payload, {"Content-Type": "application/json", **(headers or {})}
        )
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
    except (OSError, http.client.HTTPException) as error:
        return Reply(method, path, 0, {}, repr(error), None, started, time.monotonic())
    finally:
        connection.close()
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    cookie = cookies[VOTER_COOKIE].value if VOTER_COOKIE in cookies else None
    answer_headers = dict(response.headers.items())
    return Reply(
        method, path, response.status, answer_headers, text, cookie, started, time.monotonic()
    )


def _wait_for_health(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early:\n{log.read_text()[-4000:]}")
        if call(url, "GET", "/api/health", timeout=2).status == 200:
            return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /api/health in time:\n{log.read_text()}")


def stop(process: subprocess.Popen, grace: float = 15) -> None:
    """Stop a server as an operator does: SIGTERM, and SIGKILL if it is not gone in `grace`
    seconds."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


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
        stop(process)
