"""The database handle and the column types every model shares."""

import functools
import logging
from datetime import UTC, datetime

from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSQLAlchemySession
from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Named constraints, so migrations can drop and alter them on every database (SQLite included).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Session(FlaskSQLAlchemySession):
    """Flask-SQLAlchemy's session, which reads in autocommit once told that its unit of work
    only reads (`read_only()`): no BEGIN and ROLLBACK round trips around its statements.

    A speed device (docs/performance.md). SQLAlchemy documents `get_bind` as the hook for
    choosing a session's engine; the autocommit engine shares the pool and its connections.
    The choice is made at the session's first statement, so a request that never reads takes
    no connection."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        engine = super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)
        if bind is None and self.info.get(READ_ONLY):
            return _autocommit(engine)
        return engine


READ_ONLY = "read_only"


@functools.cache
def _autocommit(engine: Engine) -> Engine:
    """PostgreSQL's autocommit engine. SQLite's driver reads outside a transaction already,
    and resetting its isolation level after each read cost SQLite reads 15% (make bench)."""
    if engine.dialect.name == "sqlite":
        return engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def read_only() -> None:
    """This session's unit of work only reads: it may run in autocommit."""
    db.session.info[READ_ONLY] = True


db = SQLAlchemy(model_class=Base, session_options={"class_": Session})


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no offset, so without this a time read back from it would be naive and
    serialize without the UTC offset that API.md promises.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, connection_record) -> None:
    """SQLite: enforce foreign keys (off by default) and use WAL so readers never block writers."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def is_unique_violation(error: IntegrityError, table: str, *columns: str) -> bool:
    """Whether `error` comes from the unique constraint on `table(columns)`.

    PostgreSQL names the constraint (named by NAMING_CONVENTION); SQLite lists its columns.
    """
    diag = getattr(error.orig, "diag", None)
    if diag is not None:
        return diag.constraint_name == f"uq_{table}_{'_'.join(columns)}"
    listed = ", ".join(f"{table}.{column}" for column in columns)
    return str(error.orig) == f"UNIQUE constraint failed: {listed}"


def render_migration_type(type_: str, obj, autogen_context) -> str | bool:
    """Write UTCDateTime into migrations as the plain column type it stores, so migration
    files do not import the application (Alembic's `render_item` hook)."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def end_session(exc: BaseException | None) -> None:
    """At the end of each request, before Flask-SQLAlchemy's own teardown: close the session.

    Closing rolls back its transaction. When the connection died after the request's last
    statement, that ROLLBACK fails, yet the answer stands (a vote may be recorded already):
    a 500 now would lose it. The dead connection is discarded already; drop the session too.
    """
    try:
        db.session.remove()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        logging.getLogger(__name__).warning(
            "database connection lost at the end of a request: %s", type(error.orig).__name__
        )
        db.session.remove()  # its transaction is closed now, so this only drops it
