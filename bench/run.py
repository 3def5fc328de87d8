"""`make bench`: measure every database in turn and write bench/results/latest.{json,md}."""

import contextlib
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench import data, databases, load, markdown, reference, report, servers
from bench.load import CONNECTIONS, HOT_CONNECTIONS, requests, votes
from bench.servers import Server
from om_core import create_app
from om_core.data import db

DATABASE_NAMES = os.environ.get("BENCH_DATABASES", "postgresql,sqlite").split(",")
VOTE_SETS = ["vote", "anonymous_vote", "spread", "hot"]
TWO_SERVERS = ["two_servers_a", "two_servers_b"]  # each server's polls, PostgreSQL only


def plan(apps: list[Server], ceiling: Server, ref: Server, made: dict) -> dict[str, load.Step]:
    """The scenarios taken in turns: two app servers when there are two (PostgreSQL)."""
    app, big, small = apps[0], made["big"], made["small"]
    steps = {
        "ceiling": requests(ceiling, "/ceiling"),
        "reference_select": requests(ref, "/reference/select"),
        "reference_insert": requests(ref, "/reference/insert", "insert.lua"),
        "vote": votes("token", made, CONNECTIONS, (app, "vote")),
        "anonymous_vote": votes("anonymous", made, CONNECTIONS, (app, "anonymous_vote")),
        "results_1m": requests(app, f"/api/polls/{big}/results"),
        "results_1k": requests(app, f"/api/polls/{small}/results"),
        "poll_read": requests(app, f"/api/polls/{big}"),
        "page": requests(app, f"/p/{big}"),
    }
    if len(apps) == 2:
        steps["floor_insert"] = requests(ref, "/reference/raw-insert", "insert.lua")
        two = zip(apps, TWO_SERVERS, strict=True)
        steps["two_servers"] = votes("token", made, CONNECTIONS, *two)
    return steps


def bench_database(name: str, url: str, work: Path) -> dict:
    """Migrate, fill, serve and measure one database."""
    postgres = name == "postgresql"
    databases.upgrade(url)
    data_app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with data_app.app_context():
        made = load.prepare(work, VOTE_SETS + (TWO_SERVERS if postgres else []))
        db.engine.dispose()
    reference.create_rows(url)
    databases.settle(url)
    commit = reference.commit_latency(url) if postgres else None
    load.log(f"{name}: data ready" + (f", commit {commit['median']} ms median" if commit else ""))
    env, count = servers.app_environment(url), 2 if postgres else 1
    apps = [Server("app:app", "/api/health", work / f"app{n}.log", env) for n in range(count)]
    ceiling = Server("bench.ceiling:app", "/ceiling", work / "ceiling.log")
    ref_env = {"DATABASE_URL": url}
    ref = Server("bench.reference:create_app()", "/reference/select", work / "ref.log", ref_env)
    with contextlib.ExitStack() as running:
        for server in (*apps, ceiling, ref):
            running.enter_context(server)
        load.warm_up(apps, ceiling, ref, made, floor=postgres)
        runs = load.in_turns(plan(apps, ceiling, ref, made), name)
        hot = {s: votes("token", made, HOT_CONNECTIONS, (apps[0], s)) for s in ("hot", "spread")}
        runs |= load.in_turns(hot, name)
        time.sleep(1)  # let the last in-flight votes commit before counting
        rss = {"app": [mb for app in apps for mb in app.peak_rss_mb()]}
        rss |= {"ceiling": ceiling.peak_rss_mb(), "reference": ref.peak_rss_mb()}
        logs = {f"app{n}": app.log_scan() for n, app in enumerate(apps)} | {"ref": ref.log_scan()}
    hot_polls = [line.split()[0] for f in made["hot"] for line in f.read_text().splitlines()]
    with data_app.app_context():
        checked = {"recount": data.recount(), "deadlocks": data.deadlocks()}
        checked["hot_ballots"] = data.ballots_in(hot_polls)
        db.engine.dispose()
    checked["durability"] = databases.durability(url)
    return {"runs": runs, "commit_latency": commit, "rss_mb": rss, "server_log": logs} | checked


def main() -> int:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make bench` installs it (apt-get install wrk)")
    started, machine = datetime.now().astimezone().isoformat(timespec="seconds"), report.machine()
    results = {}
    with tempfile.TemporaryDirectory(prefix="poll_app_bench_") as tmp:
        for name in DATABASE_NAMES:
            (work := Path(tmp) / name).mkdir()
            with databases.DATABASES[name]() as url:
                load.log(f"{name}: {url.split('@')[-1]}")
                results[name] = bench_database(name, url, work)
    result = report.build(results, started=started, machine=machine)
    print(markdown.write(result))  # noqa: T201 - the table, for whoever ran it
    problems = report.failures(result, strict=os.environ.get("BENCH_STRICT") == "1")
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
