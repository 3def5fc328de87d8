"""Ballots and their kept counts, in the caller's transaction: the data half of a vote.

Nothing here commits; the voting service owns each transaction. Kept counts are sharded:
a vote adds to a random one of TALLY_SHARDS rows per choice, so voters of one hot poll do
not all queue on one row, and a results read sums at most TALLY_SHARDS rows per choice.
"""

import functools
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from sqlalchemy import Integer, bindparam, delete, exists, func, literal, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import lazyload, selectinload

from om_core.data.database import UTCDateTime, db, utcnow
from om_core.data.poll import Ballot, ChoiceTally, Poll, PollTally

TALLY_SHARDS = 16


def lock_poll(poll_id: str, *, for_edit: bool = False) -> Poll | None:
    """The poll as it is now, locked until the transaction ends, before its ballots (or, with
    `for_edit`, its choices and kind) change; None when there is no such poll.

    Its SQL differs by database, as add_ballot's does. PostgreSQL locks the poll's row:
    FOR SHARE lets ballots change side by side but waits for an edit, a close or a delete in
    flight (and reads the row as that left it); an edit's FOR UPDATE waits for them in turn.
    SQLite has no row locks: its write lock is taken first (BEGIN IMMEDIATE), so the poll is
    read by the transaction that will write, never from a snapshot another write made stale.
    """
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        _sqlite_write_lock(connection)
    query = (
        select(Poll)
        .where(Poll.id == poll_id)
        # The choices are read by a second statement, once the lock is held: a statement
        # that waited for a lock sees the new row, but the other tables as they were.
        .options(lazyload(Poll.owner), selectinload(Poll.choices))
        .with_for_update(read=not for_edit, of=Poll)
        .execution_options(populate_existing=True)
    )
    return db.session.scalar(query)


def _sqlite_write_lock(connection) -> None:
    """SQLite: take the database's write lock now (BEGIN IMMEDIATE), unless this transaction
    holds it already, so that what it reads next no other write can make stale."""
    if not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _insert(model):
    """SQLAlchemy builds INSERT ... ON CONFLICT per dialect, though both write it alike."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


class Outcome(Enum):
    RECORDED = "recorded"
    ALREADY_VOTED = "already-voted"  # the voter has a ballot in this poll
    POLL_CHANGED = "poll-changed"  # edited, closed or deleted since the caller read it


@dataclass(frozen=True, slots=True)
class NewBallot:
    """A ballot the service has checked against the poll as it read it (`seen`: the poll's
    updated_at then); `counted` are the choices that gain a kept vote."""

    poll_id: str
    seen: datetime
    voter: str
    user_id: int | None
    choices: tuple[int, ...]
    counted: tuple[int, ...]

    def parameters(self) -> dict:
        at = utcnow()
        return {
            "poll_id": self.poll_id,
            "seen": self.seen,
            "voter": self.voter,
            "user_id": self.user_id,
            "choices": list(self.choices),
            "counted": sorted(self.counted),  # a fixed lock order: votes cannot deadlock
            "shard": _random_shard(),
            "at": at,
        }


def add_ballot(new: NewBallot) -> tuple[Outcome, Ballot | None]:
    """Store a ballot with its kept counts, if the poll is still as the service checked it
    (its updated_at is `seen`: not edited, closed or deleted since) and the voter has no
    ballot in it yet (the unique constraint on (poll_id, voter) decides, so simultaneous
    submits count once). The caller commits, or rolls back what is not RECORDED.

    Its SQL differs by database, as lock_poll's does: PostgreSQL does it all in one statement
    (data-modifying CTEs: one round trip, the poll's row read FOR SHARE so that an edit in
    flight is waited for and then seen); SQLite, in process, takes its write lock and runs the
    same steps one by one. Both are built once and reused."""
    parameters = new.parameters()
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        recorded, unchanged = connection.execute(_postgresql_vote(), parameters).one()
        outcome = _outcome(recorded, unchanged)
    else:
        outcome = _sqlite_vote(connection, parameters)
    if outcome is not Outcome.RECORDED:
        return outcome, None
    row = {key: parameters[key] for key in ("poll_id", "voter", "user_id", "choices")}
    return outcome, Ballot(**row, created_at=parameters["at"], updated_at=parameters["at"])


def _outcome(recorded: bool, poll_unchanged: bool) -> Outcome:
    if recorded:
        return Outcome.RECORDED
    return Outcome.ALREADY_VOTED if poll_unchanged else Outcome.POLL_CHANGED


def _unchanged_poll(dialect):
    """The poll's id, if the poll is as it was seen."""
    query = select(Poll.id).where(
        Poll.id == bindparam("poll_id"), Poll.updated_at == bindparam("seen", type_=UTCDateTime)
    )
    return query.with_for_update(read=True) if dialect is postgresql else query


def _ballot_insert(dialect, poll):
    at = bindparam("at", type_=UTCDateTime)
    choices = bindparam("choices", type_=Ballot.choices.type)
    row = select(
        poll.c.id, bindparam("voter"), bindparam("user_id", type_=Integer), choices, at, at
    )
    columns = ["poll_id", "voter", "user_id", "choices", "created_at", "updated_at"]
    # WHERE true: SQLite would read the ON of ON CONFLICT as a join's ON without a WHERE
    statement = dialect.insert(Ballot).from_select(columns, row.select_from(poll).where(true()))
    return statement.on_conflict_do_nothing(index_elements=["poll_id", "voter"])


def _count_upsert(dialect, model, keys, counter, rows):
    return _adding(dialect.insert(model).from_select([*keys, counter], rows), keys, counter)


@functools.cache
def _postgresql_vote():
    poll = _unchanged_poll(postgresql).cte("poll")
    ballot = _ballot_insert(postgresql, poll).returning(Ballot.id).cte("ballot")
    shard = bindparam("shard", type_=Integer)
    poll_rows = select(poll.c.id, shard, literal(1)).select_from(ballot.join(poll, true()))
    poll_count = _count_upsert(postgresql, PollTally, ["poll_id", "shard"], "ballots", poll_rows)
    counted = func.unnest(bindparam("counted", type_=postgresql.ARRAY(Integer)))
    counted = counted.table_valued("choice_id").render_derived()
    choice_rows = select(counted.c.choice_id, shard, literal(1)).select_from(
        ballot.join(counted, true())
    )
    choice_counts = _count_upsert(
        postgresql, ChoiceTally, ["choice_id", "shard"], "votes", choice_rows
    )
    return select(
        exists(select(ballot.c.id)).label("recorded"),
        exists(select(poll.c.id)).label("poll_unchanged"),
    ).add_cte(poll_count.cte("poll_count"), choice_counts.cte("choice_counts"))


@functools.cache
def _sqlite_statements():
    poll = _unchanged_poll(sqlite).subquery("poll")
    return select(poll.c.id), _ballot_insert(sqlite, poll).returning(Ballot.id)


def _sqlite_vote(connection, parameters: dict) -> Outcome:
    _sqlite_write_lock(connection)
    unchanged, insert = _sqlite_statements()
    if connection.execute(unchanged, parameters).first() is None:
        return Outcome.POLL_CHANGED
    if connection.execute(insert, parameters).first() is None:
        return Outcome.ALREADY_VOTED
    choice_votes = dict.fromkeys(parameters["counted"], 1)
    change_counts(poll_id=parameters["poll_id"], ballots=1, choice_votes=choice_votes)
    return Outcome.RECORDED


def ballot_of(poll_id: str, voter: str, *, for_update: bool = False) -> Ballot | None:
    """The voter's ballot in the poll, if any (locked, to change it, with `for_update`)."""
    query = select(Ballot).where(Ballot.poll_id == poll_id, Ballot.voter == voter)
    return db.session.scalar(query.with_for_update() if for_update else query)


def remove_ballot(poll_id: str, voter: str) -> list[int] | None:
    """Delete the voter's ballot and return its choices; None when there was none. The
    caller takes its counts back (change_counts)."""
    statement = (
        delete(Ballot)
        .where(Ballot.poll_id == poll_id, Ballot.voter == voter)
        .returning(Ballot.choices)
        .execution_options(synchronize_session=False)
    )
    return db.session.execute(statement).scalar_one_or_none()


def rankings(poll_id: str) -> list[list[int]]:
    """Every ballot's choices in the poll, for counting methods that need whole ballots."""
    return list(db.session.scalars(select(Ballot.choices).where(Ballot.poll_id == poll_id)))


def change_counts(*, poll_id: str, ballots: int, choice_votes: Mapping[int, int]) -> None:
    """Add `ballots` to the poll's kept count and each delta of `choice_votes` to its choice.

    Rows are touched in a fixed order (poll, then choices by id) so that concurrent
    transactions cannot deadlock on them.
    """
    shard = _random_shard()
    if ballots:
        rows = [{"poll_id": poll_id, "shard": shard, "ballots": ballots}]
        db.session.execute(_upsert(PollTally, ["poll_id", "shard"], "ballots", rows))
    rows = [
        {"choice_id": choice_id, "shard": shard, "votes": delta}
        for choice_id, delta in sorted(choice_votes.items())
        if delta
    ]
    if rows:
        db.session.execute(_upsert(ChoiceTally, ["choice_id", "shard"], "votes", rows))


def _upsert(model, keys: list[str], counter: str, rows: list[dict]):
    return _adding(_insert(model).values(rows), keys, counter)


def _adding(insert, keys: list[str], counter: str):
    """`insert` of kept-count rows, adding each row's `counter` to the row it meets."""
    column = getattr(insert.table.c, counter)
    return insert.on_conflict_do_update(
        index_elements=keys, set_={counter: column + getattr(insert.excluded, counter)}
    )


def _random_shard() -> int:
    """The kept-count shard a change goes to: random, to spread load (not a secret)."""
    return random.randrange(TALLY_SHARDS)  # noqa: S311  # nosec B311
