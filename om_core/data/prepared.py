"""Statements of the hot paths, run on a pooled DBAPI connection in autocommit.

A vote or a poll read is one statement, yet going through the ORM session or even Core's
`Connection.execute` cost more Python than the database spent on it (measured: README,
"Benchmarks"). A `Prepared` statement is still written as SQLAlchemy Core, so it is
checked against the models and works on every dialect, but it is compiled once per dialect
and then handed straight to the driver with its types' own bind and result processors.
psycopg prepares a statement on the server after a few runs on a connection, so later runs
send only the parameters. On PostgreSQL each thread runs them on a connection of its own,
kept in autocommit (data/held.py); on SQLite on one from the pool, for the statement.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable

from om_core.data import held
from om_core.data.database import db


@dataclass(frozen=True, slots=True)
class Compiled:
    """A statement as one dialect's driver takes it."""

    sql: str
    positions: tuple[str, ...] | None  # parameter names in order, for positional styles
    defaults: dict[str, Any]
    binds: tuple[tuple[str, Callable], ...]  # (name, processor) where a type needs one
    results: tuple[tuple[int, Callable], ...]  # (column index, processor) where one is needed

    def parameters(self, values: dict[str, Any]) -> dict | tuple:
        values = {**self.defaults, **values}
        for name, process in self.binds:
            values[name] = process(values[name])
        if self.positions is None:
            return values
        return tuple(values[name] for name in self.positions)

    def row(self, row: tuple) -> tuple:
        if not self.results:
            return row
        values = list(row)
        for index, process in self.results:
            values[index] = process(values[index])
        return tuple(values)


class Prepared:
    """A Core statement, built by `build(dialect)` on first use on each dialect. Use it as a
    decorator on the function that builds the statement."""

    def __init__(self, build: Callable[[Dialect], Executable]) -> None:
        self._build = build
        self._compiled: dict[str, Compiled] = {}

    def compiled(self, dialect: Dialect) -> Compiled:
        """The statement as `dialect`'s driver takes it: its SQL and its parameters."""
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self._compiled[dialect.name] = _compile(self._build(dialect), dialect)
        return compiled

    def rows(self, **values: Any) -> list[tuple]:
        """Every row the statement returns, run in autocommit (its own transaction)."""
        engine = db.engine
        compiled = self.compiled(engine.dialect)
        run = _run_held if engine.dialect.name == "postgresql" else _run_pooled
        fetched = run(engine, compiled.sql, compiled.parameters(values))
        return [compiled.row(row) for row in fetched]

    def first(self, **values: Any) -> tuple | None:
        found = self.rows(**values)
        return found[0] if found else None


def _run_held(engine: Engine, sql: str, parameters) -> list[tuple]:
    """PostgreSQL: on this thread's own connection, kept in autocommit (data/held.py)."""
    cursor = None
    try:
        cursor = held.cursor(engine)
        return cursor.execute(sql, parameters).fetchall()
    except BaseException as error:
        dead = cursor is not None and held.failed(engine, cursor, error)
        if isinstance(error, engine.dialect.loaded_dbapi.Error):
            raise _sqlalchemy_error(error, sql, engine.dialect, dead) from error
        raise


def _run_pooled(engine: Engine, sql: str, parameters) -> list[tuple]:
    """SQLite: on a connection from the pool, in autocommit for the statement only (an
    in-memory database's one connection is the ORM's too, so none is held)."""
    pooled = None
    try:
        pooled = engine.raw_connection()
        return _autocommit_rows(pooled, sql, parameters)
    except engine.dialect.loaded_dbapi.Error as error:
        connection = pooled.driver_connection if pooled is not None else None
        dead = connection is not None and engine.dialect.is_disconnect(error, connection, None)
        if dead:
            pooled.invalidate(error)  # discarded, instead of going back to the pool
        raise _sqlalchemy_error(error, sql, engine.dialect, dead) from error
    finally:
        if pooled is not None:
            pooled.close()


def _autocommit_rows(pooled, sql: str, parameters) -> list[tuple]:
    connection = pooled.driver_connection
    before = connection.isolation_level
    connection.isolation_level = None  # sqlite3's autocommit
    try:
        return connection.execute(sql, parameters).fetchall()
    finally:
        if pooled.is_valid:
            connection.isolation_level = before


def _compile(statement: Executable, dialect: Dialect) -> Compiled:
    compiled = statement.compile(dialect=dialect)
    binds = []
    for name, parameter in compiled.binds.items():
        process = parameter.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            binds.append((name, process))
    columns = statement.exported_columns  # a SELECT's columns, or what a write RETURNs
    processors = (
        column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
    )
    results = tuple((i, process) for i, process in enumerate(processors) if process is not None)
    defaults = {name: parameter.value for name, parameter in compiled.binds.items()}
    positions = tuple(compiled.positiontup) if compiled.positional else None
    return Compiled(compiled.string, positions, defaults, tuple(binds), results)


def _sqlalchemy_error(error: Exception, sql: str, dialect: Dialect, dead: bool) -> DBAPIError:
    """`error` as SQLAlchemy raises it (OperationalError and so on), so the app answers it as
    it answers the ORM's: a dead connection's is a 503."""
    return DBAPIError.instance(
        sql,
        None,
        error,
        dialect.loaded_dbapi.Error,
        hide_parameters=True,
        connection_invalidated=dead,
        dialect=dialect,
    )
