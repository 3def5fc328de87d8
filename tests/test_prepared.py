"""Prepared statements on raw pooled connections (om_core.data.prepared): each runs in
autocommit, the connection goes back to the pool as it came (transactions on, for the ORM),
and a database error is raised as SQLAlchemy raises it, so the app answers it as usual."""

import pytest
from sqlalchemy import bindparam, insert, literal, select
from sqlalchemy.exc import IntegrityError

from om_core.data import Ballot, Poll, db, utcnow
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
