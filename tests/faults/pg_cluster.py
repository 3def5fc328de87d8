"""A PostgreSQL cluster that a test creates, owns, stops hard and throws away.

`initdb` into a temporary folder, served on a free port of 127.0.0.1 with its socket in that
folder: never the shared server on 5432. PostgreSQL refuses to run as root, so as root its
programs run as the `postgres` OS user (`runuser`), and the folder belongs to that user.
"""

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

PG_USER = "postgres"  # both the OS user that runs the server (as root) and the superuser
COMMAND_TIMEOUT = 60


def find_program(name: str) -> Path | None:
    """A PostgreSQL program on PATH, else the newest of Debian's /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return Path(found)
    installed = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    return installed[-1] if installed else None


def unavailable_reason() -> str | None:
    """Why this machine cannot run a cluster of its own, or None when it can."""
    for program in ("initdb", "pg_ctl"):
        if find_program(program) is None:
            return f"{program} is not installed (Debian: apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(PG_USER)
        except KeyError:
            return f"running as root, and there is no {PG_USER!r} OS user to run PostgreSQL"
        if shutil.which("runuser") is None:
            return "running as root, and runuser (util-linux) is missing"
    return None


class PostgresCluster:
    """One throwaway cluster: `init`, then `start` and `stop` as often as a test likes."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.bindir = find_program("initdb").parent
        self.root = Path(tempfile.mkdtemp(prefix="poll_app_pg_"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        if os.geteuid() == 0:
            user = pwd.getpwnam(PG_USER)
            os.chown(self.root, user.pw_uid, user.pw_gid)

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess:
        """Run a PostgreSQL program as the cluster's owner; a failure shows its output."""
        command = [str(self.bindir / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", PG_USER, "--", *command]
        result = subprocess.run(
            command,
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{program} {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout}{result.stderr}\n{self.log_tail()}"
            )
        return result

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", PG_USER, "--no-sync")

    def start(self) -> None:
        """Start the server and wait until it takes connections (crash recovery included)."""
        # syncfs: crash recovery syncs the data folder in one call, not file by file (~3 s)
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        options += " -c recovery_init_sync_method=syncfs"
        data, log = str(self.data), str(self.log)
        self._run("pg_ctl", "start", "-w", "-t", "30", "-D", data, "-o", options, "-l", log)

    def stop(self, mode: str = "immediate") -> None:
        """`immediate`: every server process quits at once, as in a crash (no checkpoint)."""
        self._run("pg_ctl", "stop", "-w", "-t", "30", "-m", mode, "-D", str(self.data))

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def url(self, database: str = PG_USER) -> str:
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.url(), autocommit=True, connect_timeout=10) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def log_tail(self, characters: int = 3000) -> str:
        if not self.log.exists():
            return "(no server log)"
        return "postgres.log:\n" + self.log.read_text(errors="replace")[-characters:]

    def remove(self) -> None:
        """Stop the server if it runs (immediately: nothing in it is worth keeping) and delete
        the folder."""
        if self.running():
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
