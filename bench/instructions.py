"""`python -m bench.instructions`: the CPU instructions one request costs the app, counted.

Wall and CPU time on this shared 2-core VM vary by ±20% between runs (`python -m bench.cost`);
the instructions a request executes, counted by valgrind's callgrind, repeat to ~0.1%. Each
request of bench/cost.py, the bare Flask ceiling and `make bench`'s two floors (bench/
reference.py: bare Flask running one raw INSERT, or the vote's own statement) is called
WARM_UP times, then `--calls N` times counted: the floors show what the app's vote costs
beyond its statement. Instructions are not time (cache misses, system calls and the database's work
are not in them): use it to compare two versions of the code, and `make bench` for throughput.

It makes a PostgreSQL database of its own (dropped after) and runs itself with `--child`
under valgrind, with a small C library (built with cc) that turns the counting on and off.
"""

import argparse
import contextlib
import ctypes
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from flask import Flask

from bench import data, databases, reference
from bench.ceiling import app as ceiling_app
from bench.cost import call, environs, production_app
from om_core import create_app
from om_core.data import db

CALLS = 200
WARM_UP = 50
HEADER = Path("/usr/include/valgrind/callgrind.h")
# start(): count from zero; stop(name): stop counting and write the count to a dump, named.
TOGGLE = """#include <valgrind/callgrind.h>
void start(void) { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; }
void stop(const char *name) { CALLGRIND_STOP_INSTRUMENTATION; CALLGRIND_DUMP_STATS_AT(name); }
"""
TRIGGER = "desc: Trigger: Client Request: "
RAW_ROW = {"name": "instructions", "value": 1}


def missing() -> str | None:
    """What this machine lacks to count instructions, if anything."""
    if not (shutil.which("valgrind") and HEADER.exists()):
        return f"valgrind and {HEADER} (install it as root with: apt-get install valgrind)"
    return None if shutil.which("cc") else "cc (install it as root with: apt-get install gcc)"


def prepare(folder: Path, url: str, calls: int) -> Path:
    """The database's data and the toggle library; what the child needs, in a JSON file."""
    databases.upgrade(url)
    with create_app("testing", {"SQLALCHEMY_DATABASE_URI": url}).app_context():
        token_file = folder / "tokens.txt"
        owner = data.add_accounts(2 * (WARM_UP + calls), token_file)  # two rows of token votes
        poll = data.add_big_poll(owner, 1_000, "instructions")
        (fresh, floor) = data.add_polls(owner, 2, "instructions, votes")  # a new voter each
        db.engine.dispose()
    reference.create_rows(url)
    toggle = folder / "toggle.so"
    (folder / "toggle.c").write_text(TOGGLE)
    command = ["cc", "-shared", "-fPIC", "-O2", "-o", toggle, folder / "toggle.c"]
    subprocess.run(command, check=True)  # noqa: S603 - our own command line
    state = {
        "url": url,
        "calls": calls,
        "toggle": str(toggle),
        "tokens": token_file.read_text().split(),
        "poll": poll.id,
        "votes_poll": fresh.id,
        "choice": fresh.choice_id,
        "floor_poll": floor.id,
        "floor_choice": floor.choice_id,
    }
    (folder / "state.json").write_text(json.dumps(state))
    return folder / "state.json"


def read_dumps(folder: Path) -> dict[str, int]:
    """Each named dump's total instructions, in the order they were written."""
    counts = {}
    for dump in sorted(folder.glob("out.*.*"), key=lambda path: int(path.suffix[1:])):
        lines = dump.read_text().splitlines()
        names = [line.removeprefix(TRIGGER) for line in lines if line.startswith(TRIGGER)]
        totals = [int(line.split()[1]) for line in lines if line.startswith("totals:")]
        if names and totals:
            counts[names[0]] = totals[0]
    return counts


def measure(toggle: ctypes.CDLL, name: str, app: Flask, requests: Iterator, calls: int) -> None:
    for _ in range(WARM_UP):
        call(app, next(requests))
    toggle.start()
    statuses = [call(app, next(requests)) for _ in range(calls)]
    toggle.stop(name.encode())
    if wrong := [status for status in statuses if not status.startswith("2")]:
        raise RuntimeError(f"{name}: {len(wrong)} of {calls} answers not 2xx, e.g. {wrong[0]}")


def child(state_file: Path) -> int:
    """Under callgrind: every request kind, counted, one dump each."""
    state = json.loads(state_file.read_text())
    toggle = ctypes.CDLL(state["toggle"])
    toggle.stop.argtypes = [ctypes.c_char_p]
    app = production_app(state["url"])
    floors = reference.create_app(state["url"])
    poll, votes = state["poll"], f"/api/polls/{state['votes_poll']}/votes"
    ballot = {"choices": [state["choice"]]}
    floor_vote = f"/reference/raw-vote/{state['floor_poll']}"
    floor_ballot = {"choices": [state["floor_choice"]]}
    # Tokens for votes: each row's warm-up and counted calls use their own, all new voters.
    tokens = iter(state["tokens"])
    rows = {
        "ceiling (bare Flask)": (ceiling_app, environs("/ceiling")),
        "floor: one raw INSERT": (floors, environs("/reference/raw-insert", RAW_ROW)),
        "floor: the vote's statement": (floors, environs(floor_vote, floor_ballot, tokens)),
        "app: no-op route": (app, environs("/noop")),
        "poll read": (app, environs(f"/api/polls/{poll}")),
        "results": (app, environs(f"/api/polls/{poll}/results")),
        "page": (app, environs(f"/p/{poll}")),
        "vote, anonymous (new voter)": (app, environs(votes, ballot)),
        "vote, token (new voter)": (app, environs(votes, ballot, tokens)),
    }
    log = io.StringIO()  # the access log, not the point here
    try:
        with contextlib.redirect_stderr(log):
            for name, (target, requests) in rows.items():
                measure(toggle, name, target, requests, state["calls"])
    except Exception:
        sys.stderr.writelines(log.getvalue().splitlines(True)[-10:])  # then the traceback
        raise
    with app.app_context():
        db.engine.dispose()
    return 0


def count(folder: Path, state_file: Path) -> int:
    """Runs the child under callgrind (its hash seed fixed, so dicts and sets repeat too)."""
    command = ["valgrind", "--quiet", "--tool=callgrind", "--instr-atstart=no"]
    command += [f"--callgrind-out-file={folder / 'out.%p'}"]
    command += [sys.executable, "-m", "bench.instructions", "--child", str(state_file)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.run(command, cwd=databases.ROOT, env=env, check=False).returncode  # noqa: S603


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--calls", type=int, default=CALLS, metavar="N", help=f"calls counted of each ({CALLS})"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child)
    if problem := missing():
        print(f"FAILED: bench.instructions needs {problem}", file=sys.stderr)  # noqa: T201
        return 1
    with databases.postgresql() as url, tempfile.TemporaryDirectory() as name:
        if status := count(Path(name), prepare(Path(name), url, args.calls)):
            print(f"FAILED: the requests under callgrind exited {status}", file=sys.stderr)  # noqa: T201
            return 1
        counts = read_dumps(Path(name))
    ceiling = counts["ceiling (bare Flask)"]
    print(f"{'request':32} {'instructions':>12} {'vs ceiling':>10}")  # noqa: T201
    for request, total in counts.items():
        print(f"{request:32} {total // args.calls:>12,} {total / ceiling:>9.2f}x")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
