"""`python -m bench.compare REV`: did a change make votes faster under gunicorn?

This VM's throughput drifts by ±20% within minutes, so two `make bench` runs taken minutes
apart cannot tell a 5% change. This serves the app at REV (a git worktree in a temporary
folder, removed after) and the app in this working tree side by side, with the bench's
gunicorn settings (servers.py), on one PostgreSQL database migrated with this tree's
migrations (REV's must be the same), and takes wrk vote runs from each in turns, round after
round, with a ceiling run each round: the drift hits both alike. Every vote is a new voter's.
"""

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bench import data, databases, servers, wrk
from bench.setup import POLLS_PER_RUN, TOKENS
from bench.steps import CONNECTIONS, get, log, votes
from om_core import create_app
from om_core.data import db

ROUNDS = 4
MODES = ("token", "anonymous")  # as vote.lua takes them
WARM_UP = 2  # seconds
VERSIONS = Path("migrations", "versions")
KINDS = [(tree, mode) for tree in ("old", "new") for mode in MODES]


def git(*args: str, strict: bool = True) -> str:
    command = ["git", *args]
    done = subprocess.run(command, cwd=servers.ROOT, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        failure = f"git {' '.join(args)}: {done.stderr.strip()}"
        if strict:
            raise SystemExit(f"FAILED: {failure}")
        print(f"WARNING: {failure}", file=sys.stderr)  # noqa: T201
    return done.stdout.strip()


@contextlib.contextmanager
def worktree(rev: str) -> Iterator[Path]:
    """REV checked out, detached, in a temporary folder; the worktree removed after."""
    with tempfile.TemporaryDirectory(prefix="bench_compare_") as name:
        tree = Path(name) / "tree"
        git("worktree", "add", "--detach", str(tree), rev)
        try:
            yield tree
        finally:
            git("worktree", "remove", "--force", str(tree), strict=False)


def check(tree: Path) -> None:
    """Refuse when REV's migrations differ from ours (one schema serves both), or when
    Python run in `tree` would not import `tree`'s app (the editable install is /work/main)."""

    def versions(root: Path) -> dict[Path, bytes]:
        files = (root / VERSIONS).rglob("*")
        paths = [p for p in files if p.is_file() and "__pycache__" not in p.parts]
        return {p.relative_to(root): p.read_bytes() for p in paths}

    old, new = versions(tree), versions(servers.ROOT)
    if differ := sorted(str(p) for p in old.keys() | new.keys() if old.get(p) != new.get(p)):
        raise SystemExit(f"FAILED: REV's {VERSIONS} differ from this tree's: {', '.join(differ)}")
    code = "import app, om_core; print(app.__file__); print(om_core.__file__)"
    found = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-c", code], cwd=tree, capture_output=True, text=True, check=True
    ).stdout.split()
    if not all(Path(path).is_relative_to(tree) for path in found):
        raise SystemExit(f"FAILED: run in {tree}, Python imports {found}")


def prepare(url: str, folder: Path, rounds: int) -> tuple[Path, dict[str, list[Path]]]:
    """Accounts with tokens, and POLLS_PER_RUN fresh polls per run (the warm-up's first)."""
    databases.upgrade(url)
    with create_app("testing", {"SQLALCHEMY_DATABASE_URI": url}).app_context():
        tokens = folder / "tokens.txt"
        owner = data.add_accounts(TOKENS, tokens)
        files: dict[str, list[Path]] = {}
        for name in (f"{tree} {mode}" for tree in ("old", "new") for mode in MODES):
            for run in range(rounds + 1):
                polls = data.add_polls(owner, POLLS_PER_RUN, f"{name} run {run}")
                path = folder / f"{name.replace(' ', '-')}-{run}.txt"
                files.setdefault(name, []).append(data.write_polls(polls, path))
        db.engine.dispose()
    return tokens, files


@contextlib.contextmanager
def serving(url: str, old: Path, folder: Path) -> Iterator[dict[str, servers.Server]]:
    """The app at REV (run in its worktree), the working tree's, and the ceiling."""
    env, started = servers.app_environment(url), {}
    try:
        for tree, root in (("old", old), ("new", servers.ROOT)):
            app = servers.Server(servers.APP, folder / f"{tree}.log", env, root=root)
            started[tree] = app.start("/api/health")
        ceiling = servers.Server(servers.CEILING, folder / "ceiling.log")
        started["ceiling"] = ceiling.start("/ceiling")
        yield started
    finally:
        for server in started.values():
            server.stop()


def warm_up(srv: dict[str, servers.Server], tokens: Path, files: dict[str, list[Path]]) -> None:
    """WARM_UP seconds of each app's votes of each kind (run 0's polls): no cold workers."""
    for tree, mode in KINDS:
        votes(srv[tree], mode, files[f"{tree} {mode}"], tokens, CONNECTIONS, seconds=WARM_UP)(0)


def rounds(
    srv: dict[str, servers.Server], tokens: Path, files: dict[str, list[Path]], count: int
) -> dict[str, list[wrk.Run]]:
    """`count` rounds of: the ceiling, then each app's token and anonymous votes, the two
    apps' order swapped every round."""
    steps = {f"{t} {m}": votes(srv[t], m, files[f"{t} {m}"], tokens, CONNECTIONS) for t, m in KINDS}
    steps["ceiling"] = get(srv["ceiling"], "/ceiling")
    runs: dict[str, list[wrk.Run]] = {name: [] for name in ("ceiling", *steps)}
    for number in range(1, count + 1):
        order = ("old", "new") if number % 2 else ("new", "old")
        for name in ("ceiling", *(f"{tree} {mode}" for tree in order for mode in MODES)):
            run = steps[name](number)
            runs[name].append(run)
            p99 = f"p99 {run.latency_us['p99'] / 1000:.1f} ms"
            log(f"round {number} {name}: {run.rps:.0f} req/s, {p99}, errors {run.errors}")
    return runs


def summary(runs: dict[str, list[wrk.Run]]) -> int:
    """The table, new/old per mode, and the errors; 1 when any run had errors."""
    median = {name: statistics.median(r.rps for r in done) for name, done in runs.items()}
    print(f"\n{'':14} {'median req/s':>12} {'vs ceiling':>10}  runs")  # noqa: T201
    for name in ("ceiling", *(f"{tree} {mode}" for mode in MODES for tree in ("old", "new"))):
        each = ", ".join(f"{r.rps:.0f}" for r in runs[name])
        ratio = median[name] / median["ceiling"]
        print(f"{name:14} {median[name]:12.0f} {ratio:10.3f}  {each}")  # noqa: T201
    for mode in MODES:
        old, new = runs[f"old {mode}"], runs[f"new {mode}"]
        won = sum(n.rps > o.rps for o, n in zip(old, new, strict=True))
        gain = median[f"new {mode}"] / median[f"old {mode}"]
        print(f"new/old {mode}: {gain:.3f} (new faster in {won} of {len(new)} rounds)")  # noqa: T201
    errors = {name: sum(r.errors for r in done) for name, done in runs.items()}
    if not any(errors.values()):
        print("errors: none")  # noqa: T201
        return 0
    for name in (name for name, count in errors.items() if count):
        detail = [(r.statuses, r.socket_errors) for r in runs[name] if r.errors]
        print(f"!!! ERRORS in {name}: {errors[name]} (statuses, socket errors: {detail})")  # noqa: T201
    print("!!! Some runs had errors: their req/s are not comparable.")  # noqa: T201
    return 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", metavar="REV", help="the git revision to compare with, e.g. HEAD~1")
    parser.add_argument("--rounds", type=int, default=ROUNDS, metavar="N", help=f"({ROUNDS})")
    args = parser.parse_args()
    wrk.executable()  # fails early when wrk is missing
    with worktree(args.rev) as tree, tempfile.TemporaryDirectory() as name:
        check(tree)
        changed = "with uncommitted changes" if git("status", "--porcelain", "-uno") else "clean"
        log(f"old: {git('-C', str(tree), 'log', '-1', '--format=%h %s')[:90]}")
        log(f"new: the working tree at {git('rev-parse', '--short', 'HEAD')}, {changed}")
        with databases.postgresql() as url:
            tokens, files = prepare(url, Path(name), args.rounds)
            with serving(url, tree, Path(name)) as srv:
                warm_up(srv, tokens, files)
                runs = rounds(srv, tokens, files, args.rounds)
    return summary(runs)


if __name__ == "__main__":
    sys.exit(main())
