"""gunicorn on 127.0.0.1, with one set of settings for the app, the ceiling and the reference."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
GUNICORN_SETTINGS = f"--workers {WORKERS} --worker-class sync --backlog 2048 --timeout 30 \
--graceful-timeout 5 --no-control-socket".split()
LOG_WORDS = ("Traceback", "deadlock", "WORKER TIMEOUT", "Error")


def app_environment(database_url: str) -> dict[str, str]:
    """The app as production runs it, with rate limits off (they would refuse a load test)."""
    return {
        "APP_CONFIG": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "CORS_ORIGINS": f"http://{HOST}",
        "DATABASE_URL": database_url,
        "FLASK_RATELIMIT_ENABLED": "false",
    }


def get(port: int, path: str, timeout: float = 5) -> int:
    """The status of one GET to the server (0 when it does not answer)."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=timeout) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


class Server:
    """A context: gunicorn serving `app` (e.g. "app:app") on a free port, logging to `log`,
    up once `ready_path` answers 200 and all its workers are there; stopped on exit."""

    def __init__(self, app: str, ready_path: str, log: Path, env: dict | None = None) -> None:
        self.app, self.ready_path, self.log_path, self.env = app, ready_path, log, env or {}
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://{HOST}:{self.port}"
        self.first_workers: set[int] = set()

    def __enter__(self) -> "Server":
        command = [sys.executable, "-m", "gunicorn", *GUNICORN_SETTINGS]
        command += ["--bind", f"{HOST}:{self.port}", self.app]
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own command line
                command, cwd=ROOT, env={**os.environ, **self.env}, stdout=log, stderr=log
            )
        until = time.monotonic() + 30
        while time.monotonic() < until and self.process.poll() is None:
            if get(self.port, self.ready_path, timeout=2) == 200 and len(self.workers()) == WORKERS:
                self.first_workers = set(self.workers())
                return self
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(
            f"gunicorn {self.app} did not start:\n{self.log_path.read_text()[-4000:]}"
        )

    def __exit__(self, *_exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def workers(self) -> list[int]:
        """The pids of the master's worker processes."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def drain(self) -> None:
        """Wait (a GET queues behind them) for requests wrk sent but stopped waiting for."""
        get(self.port, self.ready_path, timeout=15)

    def peak_rss_mb(self) -> list[float]:
        """Each live worker's peak resident memory (VmHWM), in MiB."""
        status = [Path(f"/proc/{pid}/status").read_text() for pid in self.workers()]
        return [round(int(re.search(r"VmHWM:\s*(\d+)", s)[1]) / 1024, 1) for s in status]

    def log_scan(self) -> dict[str, int]:
        """How often the log mentions each of LOG_WORDS; workers replaced (crashed, killed)."""
        text = self.log_path.read_text(errors="replace")
        counts = {word: text.count(word) for word in LOG_WORDS}
        return counts | {"restarted_workers": len(set(self.workers()) - self.first_workers)}
