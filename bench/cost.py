"""`python -m bench.cost`: the CPU time one request costs the app, measured in process.

wrk's numbers say how fast the whole machine answers; this says where one request's time
goes, without gunicorn, wrk or other requests in the way: each path is called through the
WSGI interface a few thousand times in a row (after a warm-up) and the process's CPU time
and the wall time per call are reported, beside a bare Flask endpoint (bench/ceiling.py)
and a no-op route added to the app (its hooks and extensions, no view work). With
`--profile NAME` (a row's name, e.g. "page") it prints cProfile's top functions for that
request instead.

It makes a PostgreSQL database of its own (as `make bench` does) and drops it after.
"""

import argparse
import cProfile
import io
import itertools
import json
import pstats
import secrets
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from werkzeug.test import EnvironBuilder

from bench import data, databases
from bench.ceiling import app as ceiling_app
from om_core import create_app
from om_core.data import db

CALLS = 3000
WARM_UP = 200


def call(app, environ: dict) -> str:
    status = []
    body = app(dict(environ), lambda s, headers, exc_info=None: status.append(s))
    b"".join(body)
    getattr(body, "close", lambda: None)()
    return status[0]


def environs(path: str, body: dict | None = None, tokens: Iterable[str] = ()):
    """The request, again and again; a vote's body afresh each time, with the next token."""
    environ = EnvironBuilder(path=path, method="GET" if body is None else "POST").get_environ()
    if body is None:
        return itertools.repeat(environ)
    payload = json.dumps(body).encode()
    environ |= {"CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(payload))}
    headers = (
        ({"HTTP_AUTHORIZATION": f"Bearer {t}"} for t in tokens) if tokens else itertools.repeat({})
    )
    return (environ | {"wsgi.input": io.BytesIO(payload)} | header for header in headers)


def measure(app, requests) -> tuple[float, float, str]:
    for _ in range(WARM_UP):
        call(app, next(requests))
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(CALLS):
        status = call(app, next(requests))
    return (
        (time.process_time() - cpu) / CALLS * 1e6,
        (time.perf_counter() - wall) / CALLS * 1e6,
        status,
    )


def profile(app, requests) -> str:
    """cProfile's top functions, timed in CPU time: waiting for the database is not cost."""
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(CALLS):
        call(app, next(requests))
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
    parser.add_argument("--profile", metavar="NAME", help='cProfile one request, e.g. "page"')
    args = parser.parse_args()
    with databases.postgresql() as url, tempfile.TemporaryDirectory() as folder:
        databases.upgrade(url)
        setup = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
        with setup.app_context():
            token_file = Path(folder) / "tokens.txt"
            owner = data.add_accounts(WARM_UP + CALLS, token_file)
            tokens = token_file.read_text().split()
            poll = data.add_big_poll(owner, 1_000, "cost")
            db.engine.dispose()
        app = production_app(url)
        sys.stderr = io.StringIO()  # the access log, not the point here
        ballot = {"choices": [poll.choice_id]}
        paths = {
            "app: no-op route": environs("/noop"),
            "health (SELECT 1, ORM session)": environs("/api/health"),
            "poll read": environs(f"/api/polls/{poll.id}"),
            "results": environs(f"/api/polls/{poll.id}/results"),
            "page": environs(f"/p/{poll.id}"),
            "vote, anonymous (new voter)": environs(f"/api/polls/{poll.id}/votes", ballot),
            "vote, token (new voter)": environs(f"/api/polls/{poll.id}/votes", ballot, tokens),
        }
        if args.profile:
            print(profile(app, paths[args.profile]))  # noqa: T201
            return 0
        rows = [("ceiling (bare Flask)", ceiling_app, environs("/ceiling"))]
        rows += [(name, app, requests) for name, requests in paths.items()]
        print(f"{'request':32} {'CPU us':>7} {'wall us':>8}  status")  # noqa: T201
        for name, target, requests in rows:
            cpu, wall, status = measure(target, requests)
            print(f"{name:32} {cpu:7.0f} {wall:8.0f}  {status}")  # noqa: T201
        with app.app_context():
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
