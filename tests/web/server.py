"""A real gunicorn serving the app on a free port, over a fresh, migrated SQLite file."""

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.test_cli import ROOT, free_port, run_manage

HEALTH_TIMEOUT_SECONDS = 30


def _wait_for_health(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /api/health in time:\n{log.read_text()}")


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
        # Cheap argon2id, as the testing config has: sign-ups are not what is tested here.
        "FLASK_ARGON2_TIME_COST": "1",
        "FLASK_ARGON2_MEMORY_COST": "8192",
        "FLASK_ARGON2_PARALLELISM": "1",
    }
    migrated = run_manage("db", "upgrade", env=env)
    assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    log = folder / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "--threads", "4"]
    command.append("--no-control-socket")  # else each server claims ~/.gunicorn/gunicorn.ctl
    with log.open("w") as output:
        process = subprocess.Popen(
            [*command, "-b", f"127.0.0.1:{port}", "app:app"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)
    served = log.read_text()
    assert "Traceback" not in served, f"the server logged an error:\n{served[-5000:]}"
