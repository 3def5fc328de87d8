"""`python -m bench.cost`: the CPU time one request costs the app, measured in process.

wrk's numbers say how fast the whole machine answers; this says where one request's time
goes, without gunicorn, wrk or other requests in the way: each path is called through the
WSGI interface a few thousand times in a row (after a warm-up) and the process's CPU time
and the wall time per call are reported, beside a bare Flask endpoint (bench/ceiling.py)
and a no-op route added to the app (its hooks and extensions, no view work). With
`--profile PATH` it prints cProfile's top functions for that path instead.

It makes a PostgreSQL database of its own (as `make bench` does) and drops it after.
"""

import argparse
import cProfile
import io
import pstats
import secrets
import sys
import tempfile
import time
from pathlib import Path

from werkzeug.test import EnvironBuilder

from bench import data, databases
from bench.ceiling import app as ceiling_app
from om_core import create_app
from om_core.data import db

CALLS = 3000


def call(app, environ: dict) -> str:
    status = []
    body = app(dict(environ), lambda s, headers, exc_info=None: status.append(s))
    b"".join(body)
    getattr(body, "close", lambda: None)()
    return status[0]


def measure(app, path: str, method: str = "GET", **request) -> tuple[float, float, str]:
    environ = EnvironBuilder(path=path, method=method, **request).get_environ()
    for _ in range(200):
        call(app, environ)
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(CALLS):
        status = call(app, environ)
    return (
        (time.process_time() - cpu) / CALLS * 1e6,
        (time.perf_counter() - wall) / CALLS * 1e6,
        status,
    )


def profile(app, path: str) -> str:
    environ = EnvironBuilder(path=path).get_environ()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(CALLS):
        call(app, environ)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
    return out.getvalue()


def production_app(url: str):
    """The app as `make bench` serves it (servers.app_environment), plus a no-op route."""
    app = create_app(
        "production",
        {
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ORIGINS": ["http://127.0.0.1"],
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_ENABLED": False,
        },
    )
    app.add_url_rule("/noop", "noop", lambda: {"status": "ok"})
    return app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", metavar="PATH", help="cProfile this path (e.g. /p/{poll})")
    args = parser.parse_args()
    with databases.postgresql() as url, tempfile.TemporaryDirectory() as folder:
        databases.upgrade(url)
        setup = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
        with setup.app_context():
            owner = data.add_accounts(1, Path(folder) / "tokens.txt")
            poll = data.add_big_poll(owner, 1_000, "cost").id
            db.engine.dispose()
        app = production_app(url)
        sys.stderr = io.StringIO()  # the access log, not the point here
        if args.profile:
            print(profile(app, args.profile.format(poll=poll)))  # noqa: T201
            return 0
        rows = [("ceiling (bare Flask)", ceiling_app, "/ceiling")]
        for name, path in [
            ("app: no-op route", "/noop"),
            ("health (SELECT 1, ORM session)", "/api/health"),
            ("poll read", f"/api/polls/{poll}"),
            ("results", f"/api/polls/{poll}/results"),
            ("page", f"/p/{poll}"),
        ]:
            rows.append((name, app, path))
        print(f"{'request':32} {'CPU us':>7} {'wall us':>8}  status")  # noqa: T201
        for name, target, path in rows:
            cpu, wall, status = measure(target, path)
            print(f"{name:32} {cpu:7.0f} {wall:8.0f}  {status}")  # noqa: T201
        with app.app_context():
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
