"""Counting the SQL statements an app sends its database, where they leave the driver.

SQLAlchemy's events would not show the BEGIN and COMMIT the drivers send themselves. Here
every statement counts, implicit BEGIN and COMMIT included: PostgreSQL's are the Query and
Execute messages libpq's trace shows psycopg sending; SQLite's are what sqlite3's trace
callback reports.
"""

import os
import tempfile
from contextlib import contextmanager

from psycopg import pq
from sqlalchemy import event

from om_core.data import db


class _Watch:
    def __init__(self) -> None:
        self.sqlite: list[str] = []
        self.traces: list = []  # (pgconn, file) of every traced PostgreSQL connection

    def checkout(self, dbapi_connection, record, proxy) -> None:
        pgconn = getattr(dbapi_connection, "pgconn", None)
        if pgconn is None:
            dbapi_connection.set_trace_callback(self.sqlite.append)
        elif not any(traced is pgconn for traced, _ in self.traces):
            trace = tempfile.TemporaryFile()  # noqa: SIM115 - closed in statements()
            pgconn.trace(trace.fileno())
            pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
            self.traces.append((pgconn, trace))

    def statements(self) -> list[str]:
        sent = list(self.sqlite)
        for pgconn, trace in self.traces:
            if pgconn.status == pq.ConnStatus.OK:
                pgconn.untrace()
            trace.seek(0, os.SEEK_SET)
            sent += _sent_statements(trace.read().decode(errors="replace"))
            trace.close()
        return sent


def _sent_statements(trace: str) -> list[str]:
    """The statements in a libpq trace: each simple Query, and each Execute with the SQL its
    Parse gave (a prepared statement's Parse came earlier, under the statement's name)."""
    parsed: dict[str, str] = {}
    sent, bound = [], ""
    for line in trace.splitlines():
        fields = line.split("\t")
        if len(fields) < 3 or fields[0] != "F":
            continue
        message, body = fields[2], "\t".join(fields[3:]).strip()
        if message == "Parse":
            name, _, sql = body.partition(" ")
            parsed[name] = sql
        elif message == "Bind":
            bound = parsed.get(body.split(" ")[1], "?")
        elif message == "Execute":
            sent.append(bound)
        elif message == "Query":
            sent.append(body)
    return sent


@contextmanager
def counted_statements(app):
    """Yields a list that holds, once the block ends, every statement sent in it."""
    with app.app_context():
        engine = db.engine
        engine.dispose()  # every connection the block uses is checked out, and watched, anew
    watch = _Watch()
    event.listen(engine, "checkout", watch.checkout)
    found: list[str] = []
    try:
        yield found
    finally:
        event.remove(engine, "checkout", watch.checkout)
        found += watch.statements()
        engine.dispose()
