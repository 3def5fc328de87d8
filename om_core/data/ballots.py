"""Ballots and their kept counts, in the caller's transaction: the data half of a vote.

Nothing here commits; the voting service owns each transaction. Kept counts are sharded:
a vote adds to a random one of TALLY_SHARDS rows per choice, so voters of one hot poll do
not all queue on one row, and a results read sums at most TALLY_SHARDS rows per choice.
"""

import random
from collections.abc import Mapping, Sequence

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import lazyload, selectinload

from om_core.data.database import db, utcnow
from om_core.data.poll import Ballot, ChoiceTally, Poll, PollTally

TALLY_SHARDS = 16


def lock_poll(poll_id: str, *, for_edit: bool = False) -> Poll | None:
    """The poll as it is now, locked until the transaction ends, before its ballots (or, with
    `for_edit`, its choices and kind) change; None when there is no such poll.

    The one place where the two databases need different SQL. PostgreSQL locks the poll's row:
    FOR SHARE lets ballots change side by side but waits for an edit, a close or a delete in
    flight (and reads the row as that left it); an edit's FOR UPDATE waits for them in turn.
    SQLite has no row locks: its write lock is taken first (BEGIN IMMEDIATE), so the poll is
    read by the transaction that will write, never from a snapshot another write made stale.
    """
    connection = db.session.connection()
    if (
        connection.dialect.name == "sqlite"
        and not connection.connection.dbapi_connection.in_transaction
    ):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
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


def _insert(model):
    """SQLAlchemy builds INSERT ... ON CONFLICT per dialect, though both write it alike."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


def add_ballot(
    *, poll_id: str, voter: str, user_id: int | None, choices: Sequence[int], counted: Sequence[int]
) -> Ballot | None:
    """Store a ballot and add it to the kept counts (`counted`: the choices that gain a vote);
    None, storing nothing, when the voter has a ballot in this poll already (the unique
    constraint on (poll_id, voter) decides, so simultaneous submits count once)."""
    now = utcnow()
    row = {"poll_id": poll_id, "voter": voter, "user_id": user_id, "choices": list(choices)}
    statement = (
        _insert(Ballot)
        .values(**row, created_at=now, updated_at=now)
        .on_conflict_do_nothing(index_elements=["poll_id", "voter"])
        .returning(Ballot.id)
    )
    ballot_id = db.session.scalar(statement)
    if ballot_id is None:
        return None
    change_counts(poll_id=poll_id, ballots=1, choice_votes=dict.fromkeys(counted, 1))
    return Ballot(id=ballot_id, **row, created_at=now, updated_at=now)


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
    shard = random.randrange(TALLY_SHARDS)  # spreads load, not a secret  # noqa: S311  # nosec B311
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
    """INSERT rows, or add their `counter` to the existing row."""
    statement = _insert(model).values(rows)
    column = getattr(model, counter)
    return statement.on_conflict_do_update(
        index_elements=keys, set_={counter: column + getattr(statement.excluded, counter)}
    )
