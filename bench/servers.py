"""gunicorn on 127.0.0.1, with one set of settings for the app, the ceiling and the
references alike."""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# Every server of a bench run (app, ceiling, references) gets exactly these settings.
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
GUNICORN_SETTINGS = [
    "--workers", str(WORKERS),
    "--worker-class", "sync",
    "--backlog", "2048",
    "--timeout", "30",
    "--graceful-timeout", "5",
    "--no-control-socket",
]  # fmt: skip
APP = "app:app"
CEILING = "bench.ceiling:app"
REFERENCE = "bench.reference:create_app()"  # reads DATABASE_URL


def app_environment(database_url: str) -> dict[str, str]:
    """The app as production runs it, with rate limits off (they would refuse a load test)."""
    return {
        "APP_CONFIG": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "CORS_ORIGINS": f"http://{HOST}",
        "DATABASE_URL": database_url,
        "FLASK_RATELIMIT_ENABLED": "false",
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def get(port: int, path: str, timeout: float = 5) -> int:
    """The status of one GET to the server (0 when it does not answer)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        connection.close()


class Server:
    """One gunicorn serving `app` on a free port of 127.0.0.1, its log in `log`, run in
    `root` (the tree `app` is imported from: the working directory comes first on sys.path)."""

    def __init__(
        self, app: str, log: Path, env: dict[str, str] | None = None, root: Path = ROOT
    ) -> None:
        self.app, self.log_path, self.env, self.root = app, log, env or {}, root
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.first_workers: set[int] = set()
        self.ready_path = "/"  # a path it answers 200 once up (set by start)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "gunicorn",
            *GUNICORN_SETTINGS,
            "--bind",
            f"{HOST}:{self.port}",
            self.app,
        ]

    def start(self, ready_path: str, timeout: float = 30) -> "Server":
        self.ready_path = ready_path
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own command line
                self.command(),
                cwd=self.root,
                env={**os.environ, **self.env},
                stdout=log,
                stderr=log,
            )
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.app} exited:\n{self.log_tail()}")
            if get(self.port, ready_path, timeout=2) == 200 and len(self.workers()) == WORKERS:
                self.first_workers = set(self.workers())
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn {self.app} did not answer {ready_path}:\n{self.log_tail()}")

    def workers(self) -> list[int]:
        """The pids of the master's worker processes."""
        if self.process is None:
            return []
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.process.pid:
                children.append(int(entry.name))
        return sorted(children)

    def peak_rss_mb(self) -> dict[int, float]:
        """Each live worker's peak resident memory (VmHWM), in MiB."""
        peaks = {}
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peaks[pid] = round(int(line.split()[1]) / 1024, 1)
        return peaks

    def restarted_workers(self) -> int:
        """How many workers are not the ones it started with (a crash or a timeout kill)."""
        return len(set(self.workers()) - self.first_workers)

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]

    def log_mentions(self, *words: str) -> dict[str, int]:
        text = self.log_path.read_text(errors="replace")
        return {word: text.count(word) for word in words}

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
