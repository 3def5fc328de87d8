"""`make bench`: the app under gunicorn on 127.0.0.1, driven by wrk, on PostgreSQL and on
SQLite, against a bare Flask app served the same way (the ceiling) and against bare Flask
endpoints doing one Flask-SQLAlchemy SELECT or INSERT + commit on the same database (the
references, bench/reference.py) and, on PostgreSQL, one raw statement (the floors: a
one-row INSERT, and the app's own vote statement). Data and warm-up: bench/setup.py.
Writes bench/results/latest.json and latest.md (report.py, markdown.py, bounds.py). Every load
is bounded: wrk runs BENCH_SECONDS (6 s) at a time, 3 runs per scenario; the whole bench
takes about 7-8 minutes.

Environment knobs (defaults are the reported settings): BENCH_SECONDS, BENCH_DATABASES
("postgresql,sqlite"), BENCH_HOT_DATABASES ("postgresql,sqlite"), BENCH_POSTGRES_URL (the
server to make the bench database on), BENCH_STRICT=1 (exit 1 when a target is missed).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

from bench import data, databases, markdown, reference, report, servers, wrk
from bench.setup import POLLS_PER_RUN, TOKENS, Prepared, prepare, warm_up
from bench.steps import CONNECTIONS, RUNS, SECONDS, STARTED, get, in_turns, inserts, log, votes
from om_core import create_app
from om_core.data import db

HOT_CONNECTIONS = 64
DATABASE_NAMES = os.environ.get("BENCH_DATABASES", "postgresql,sqlite").split(",")
HOT_ON = os.environ.get("BENCH_HOT_DATABASES", "postgresql,sqlite").split(",")
FLOORS_ON = "postgresql"  # the floors run raw psycopg (bench/reference.py)


def bench_database(name: str, url: str, work: Path) -> dict:
    """Migrate, fill, serve and measure one database."""
    clock = time.monotonic()
    databases.upgrade(url)
    migrate_seconds = time.monotonic() - clock
    data_app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    hot = name in HOT_ON
    with data_app.app_context():
        prepared = prepare(work, hot, floors=name == FLOORS_ON)
        db.engine.dispose()
    prepared.seconds["migrate"] = migrate_seconds
    clock = time.monotonic()
    reference.create_rows(url)
    prepared.seconds["reference_rows"] = time.monotonic() - clock
    clock = time.monotonic()
    databases.settle(url)
    prepared.seconds["settle"] = time.monotonic() - clock
    log(f"{name}: data ready { ({k: round(v, 1) for k, v in prepared.seconds.items()}) }")
    commit = None
    if name == "postgresql":
        commit = reference.commit_latency(url)
        log(
            f"{name}: durable autocommit INSERT {commit['median']:.3f} ms median, "
            f"{commit['p90']:.3f} ms p90: at most {commit['vote_upper_bound_rps']:.0f} votes/s"
        )
    env = servers.app_environment(url)
    app = servers.Server(servers.APP, work / "app.log", env)
    ceiling = servers.Server(servers.CEILING, work / "ceiling.log")
    ref = servers.Server(servers.REFERENCE, work / "reference.log", {"DATABASE_URL": url})
    with app, ceiling, ref:
        app.start("/api/health")
        ceiling.start("/ceiling")
        ref.start("/reference/select")
        warm_up(app, ceiling, ref, prepared, floors=name == FLOORS_ON)
        big, small = prepared.big.id, prepared.small.id
        plan = {
            "ceiling": get(ceiling, "/ceiling"),
            "reference_select": get(ref, "/reference/select"),
            "reference_insert": inserts(ref),
            "vote": votes(app, "token", prepared.vote_files["vote"], prepared.tokens, CONNECTIONS),
            "anonymous_vote": votes(
                app,
                "anonymous",
                prepared.vote_files["anonymous_vote"],
                prepared.tokens,
                CONNECTIONS,
            ),
            "results_1m": get(app, f"/api/polls/{big}/results"),
            "results_1k": get(app, f"/api/polls/{small}/results"),
            "poll_read": get(app, f"/api/polls/{big}"),
            "page": get(app, f"/p/{big}"),
        }
        if name == FLOORS_ON:
            plan |= {
                "floor_insert": inserts(ref, "/reference/raw-insert"),
                "floor_vote": votes(
                    ref,
                    "token",
                    prepared.vote_files["floor_vote"],
                    prepared.tokens,
                    CONNECTIONS,
                    path="/reference/raw-vote/%s",
                ),
            }

        def workers() -> list[int]:
            return app.workers() + ceiling.workers() + ref.workers()

        runs = in_turns(plan, name, workers)
        hot_runs = {}
        if hot:
            hot_runs = in_turns(
                {
                    "hot": votes(
                        app, "token", prepared.vote_files["hot"], prepared.tokens, HOT_CONNECTIONS
                    ),
                    "spread": votes(
                        app,
                        "token",
                        prepared.vote_files["spread"],
                        prepared.tokens,
                        HOT_CONNECTIONS,
                    ),
                },
                name,
                workers,
            )
        time.sleep(1)  # let the last in-flight votes commit before counting
        rss = {
            "app": list(app.peak_rss_mb().values()),
            "ceiling": list(ceiling.peak_rss_mb().values()),
            "reference": list(ref.peak_rss_mb().values()),
        }
        words = ("Traceback", "deadlock", "WORKER TIMEOUT", "Error")
        server_log = {
            "app": app.log_mentions(*words),
            "restarted_workers": app.restarted_workers(),
            "reference": ref.log_mentions(*words),
            "reference_restarted_workers": ref.restarted_workers(),
        }
    with data_app.app_context():
        checked = data.recount()
        hot_poll = _hot_poll(hot_runs, prepared) if hot else None
        db.engine.dispose()
    return {
        "ceiling": runs.pop("ceiling"),
        "scenarios": runs,
        "commit_latency": commit,
        "time_ratio": report.time_ratio(runs["results_1m"], runs["results_1k"]),
        "hot_poll": hot_poll,
        "recount": checked,
        "rss_mb": rss,
        "durability": databases.durability(url),
        "server_log": server_log,
        "setup_seconds": {k: round(v, 1) for k, v in prepared.seconds.items()},
    }


def _hot_poll(runs: dict[str, list[wrk.Run]], prepared: Prepared) -> dict:
    return report.hot_poll(
        runs,
        connections=HOT_CONNECTIONS,
        spread_polls=POLLS_PER_RUN,
        deadlocks=data.deadlocks(),
        hot_ballots=data.ballots_in(prepared.hot_poll_ids),
    )


def settings() -> dict:
    env = servers.app_environment("<the bench database>")
    env["SECRET_KEY"] = "<random>"  # noqa: S105 - a placeholder, not a key
    return {
        "gunicorn": servers.GUNICORN_SETTINGS,
        "app_env": env,
        "wrk": f"wrk -t{wrk.THREADS} -c{CONNECTIONS} -d{SECONDS}s --latency "
        f"--timeout {wrk.TIMEOUT_SECONDS}s",
        "hot_connections": HOT_CONNECTIONS,
        "runs": RUNS,
        "seconds_per_run": SECONDS,
        "polls_per_vote_run": POLLS_PER_RUN,
        "accounts_with_tokens": TOKENS,
        "databases": DATABASE_NAMES,
        "hot_poll_on": HOT_ON,
    }


def main() -> int:
    wrk.executable()
    started, info = report.now_iso(), report.machine()
    results = {}
    with tempfile.TemporaryDirectory(prefix="poll_app_bench_") as tmp:
        for name in DATABASE_NAMES:
            work = Path(tmp) / name
            work.mkdir()
            with databases.DATABASES[name]() as url:
                log(f"{name}: {url.split('@')[-1]}")
                results[name] = bench_database(name, url, work)
    result = report.build(
        results, settings=settings(), started=started, elapsed=time.monotonic() - STARTED, info=info
    )
    json_path, md_path = markdown.write(result)
    print(markdown.markdown(result))  # noqa: T201 - the table, for whoever ran it
    log(f"wrote {json_path} and {md_path}")
    problems = report.failures(result)
    if os.environ.get("BENCH_STRICT") == "1":
        problems += report.missed_targets(result)
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
