"""Prepared statements on raw connections (om_core.data.prepared): each runs in autocommit,
the pool's connections stay transactional for the ORM, and a database error is raised as
SQLAlchemy raises it, so the app answers it as usual. On PostgreSQL each thread keeps a
connection of its own (om_core.data.held), renewed when connections are found dead."""

import threading
import time

import pytest
from sqlalchemy import bindparam, func, insert, literal, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from om_core.data import Ballot, Poll, db, held, utcnow
from om_core.data.prepared import Prepared


@Prepared
def two_numbers(dialect):
    return select(bindparam("first", type_=db.Integer), literal(2))


@Prepared
def orphan_ballot(dialect):
    """A ballot of a poll that does not exist: its foreign key refuses it."""
    now = utcnow()
    return insert(Ballot).values(
        poll_id=bindparam("poll_id"), voter="anon:x", choices=[1], created_at=now, updated_at=now
    )


@Prepared
def backend(dialect):
    return select(func.pg_backend_pid())


@pytest.fixture
def postgres_app(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("connections are held on PostgreSQL only")
    return app


def closed(app, pid: int) -> bool:
    """Whether the server has let the backend `pid` go (it may take a moment after a close)."""
    query = text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")
    for _ in range(100):
        with app.app_context(), db.engine.connect() as connection:
            if not connection.scalar(query, {"pid": pid}):
                return True
        time.sleep(0.02)
    return False


def assert_replaced(app, pid: int) -> None:
    """The thread's next statement runs on a new connection, and the old one is closed."""
    with app.app_context():
        (renewed,) = backend.first()
    assert renewed != pid
    assert closed(app, pid)


def transactions_on(app) -> bool:
    """Whether a connection the pool hands out next is in its default, transactional mode."""
    with app.app_context():
        pooled = db.engine.raw_connection()
        try:
            connection = pooled.driver_connection
            if db.engine.dialect.name == "postgresql":
                return connection.autocommit is False
            return connection.isolation_level is not None  # sqlite3: None is autocommit
        finally:
            pooled.close()


def test_rows_come_back_with_the_parameters_and_defaults(app):
    with app.app_context():
        db.engine.dispose()
        assert two_numbers.rows(first=1) == [(1, 2)]
        assert two_numbers.first(first=5) == (5, 2)
    assert transactions_on(app)


def test_a_refused_statement_is_sqlalchemys_error_and_leaves_nothing(app):
    with app.app_context():
        db.engine.dispose()  # one connection: the one the statement used is the next one out
        with pytest.raises(IntegrityError):
            orphan_ballot.rows(poll_id="no-such-poll")
        assert db.session.scalar(select(db.func.count()).select_from(Ballot)) == 0
        assert db.session.get(Poll, "no-such-poll") is None
    assert transactions_on(app)


def test_each_thread_keeps_one_connection_of_its_own(postgres_app):
    with postgres_app.app_context():
        first = backend.first()
        assert backend.first() == first
        elsewhere = []

        def other_thread():
            with postgres_app.app_context():
                elsewhere.append(backend.first())

        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
        (other,) = elsewhere[0]
        assert backend.first() == first
    assert other != first[0]
    assert closed(postgres_app, other)  # closed when its thread ended
    assert transactions_on(postgres_app)


def test_a_held_connection_found_dead_fails_one_statement_then_is_renewed(postgres_app):
    with postgres_app.app_context():
        (pid,) = backend.first()
        with db.engine.connect() as connection:
            connection.execute(select(func.pg_terminate_backend(pid)))
        with pytest.raises(OperationalError) as failure:
            backend.first()
        assert failure.value.connection_invalidated  # the app answers it with a 503
    assert_replaced(postgres_app, pid)


def test_a_held_connection_a_failure_leaves_busy_is_replaced(postgres_app):
    """As the pool would roll it back or discard it: never a connection stuck mid-way."""
    with postgres_app.app_context():
        (pid,) = backend.first()
        held.cursor(db.engine).execute("BEGIN")  # as if a statement had been cut off
        with pytest.raises(IntegrityError):
            orphan_ballot.rows(poll_id="no-such-poll")
        assert db.session.scalar(select(func.count()).select_from(Ballot)) == 0
    assert_replaced(postgres_app, pid)


def test_a_pooled_connection_found_dead_renews_the_held_ones(postgres_app):
    """The server may have restarted: an idle held connection would fail its next request."""
    with postgres_app.app_context():
        (pid,) = backend.first()
        with db.engine.connect() as connection:
            connection.invalidate()
    assert_replaced(postgres_app, pid)


def test_disposing_of_the_engine_closes_the_held_connections(postgres_app):
    with postgres_app.app_context():
        (pid,) = backend.first()
        db.engine.dispose()
    assert closed(postgres_app, pid)
