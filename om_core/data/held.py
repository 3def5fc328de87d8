"""Each thread's own autocommit connection to PostgreSQL, for the prepared statements.

Checking a connection out of SQLAlchemy's pool and back in, and switching it to autocommit
and back, cost a vote or a poll read about 95,000 instructions (5%; README, "Benchmarks"):
more than psycopg's own work to send the statement. So each thread checks one connection
out of the pool once, detaches it (the pool makes another in its place for the ORM, whose
connections stay transactional) and keeps it in autocommit, with one cursor, on which
psycopg prepares the statements.

So a process has one more connection per live thread that runs them: gunicorn's sync and
gthread workers' threads live as long as the worker (under gevent every greenlet would keep
one: not a worker class for this app). A held connection is closed, and its thread makes a
new one on its next statement:
- when it or any connection of the process is found dead: the server may have restarted,
  and a connection that sat idle through that would fail its next request;
- when a statement failed and left it busy (interrupted mid-statement);
- when its engine is disposed (tests; a new pool), at once;
- when its thread ends (with the thread's locals).
"""

import threading
import weakref

from psycopg import Cursor
from psycopg.pq import TransactionStatus
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool


class _Held:
    """One thread's connection to one engine; closed when dropped or collected."""

    __slots__ = ("__weakref__", "close", "cursor", "generation")

    def __init__(self, cursor: Cursor, generation: int) -> None:
        self.cursor = cursor  # of the connection, which is `cursor.connection`
        self.generation = generation
        # Closed by psycopg itself: the pool would first roll back, on a dead one in vain.
        self.close = weakref.finalize(self, cursor.connection.close)


_local = threading.local()  # .held: {engine: _Held} of this thread, engines held weakly
_generation = 0  # counts connections found dead in this process
_CLOSED = -1  # the generation of a held connection closed from another thread
# Every thread's held connections by engine, to close them when the engine is disposed.
_by_engine: weakref.WeakKeyDictionary[Engine, weakref.WeakSet] = weakref.WeakKeyDictionary()
_registering = threading.Lock()


def cursor(engine: Engine) -> Cursor:
    """The cursor of this thread's held connection to `engine`, in autocommit."""
    try:
        held = _local.held.get(engine)
    except AttributeError:
        held = None
        _local.held = weakref.WeakKeyDictionary()
    if held is None or held.generation != _generation:
        held = _hold(engine, held)
    return held.cursor


def _hold(engine: Engine, stale: _Held | None) -> _Held:
    if stale is not None:
        stale.close()
    pooled = engine.raw_connection()
    connection = pooled.driver_connection
    pooled.detach()  # the pool's no more
    try:
        connection.autocommit = True
    except BaseException:
        connection.close()
        raise
    held = _local.held[engine] = _Held(connection.cursor(), _generation)
    with _registering:
        _by_engine.setdefault(engine, weakref.WeakSet()).add(held)
    return held


def failed(engine: Engine, cursor: Cursor, error: BaseException) -> bool:
    """A statement on this thread's held connection raised `error`; whether it proved the
    connection dead. A dead one is closed and every other renewed; one left mid-statement
    (an interrupt) is closed too, where the pool would have rolled it back or discarded it."""
    connection = cursor.connection
    dead = engine.dialect.is_disconnect(error, connection, None)
    if dead or connection.info.transaction_status != TransactionStatus.IDLE:
        held = _local.held.pop(engine, None)
        if held is not None:
            held.close()
    if dead:
        _renew_all()
    return dead


@event.listens_for(Pool, "invalidate")
def _pooled_found_dead(dbapi_connection, connection_record, exception) -> None:
    _renew_all()


def _renew_all() -> None:
    global _generation  # one counter per process, read on every statement
    _generation += 1


@event.listens_for(Engine, "engine_disposed")
def _disposed(engine: Engine) -> None:
    with _registering:
        disposed = list(_by_engine.pop(engine, ()))
    for held in disposed:
        held.generation = _CLOSED  # its thread makes a new one on its next statement
        held.close()
