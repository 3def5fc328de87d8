"""Casting a ballot in as few round trips as the database allows: the hot path of the service.

One guarded INSERT records the ballot only if the poll still is what the caller validated it
against (open, same kind, same max_selections, the ballot's choices still its own, anonymous
votes allowed if anonymous), and only if the voter has none yet (the unique constraint on
(poll_id, voter), via ON CONFLICT DO NOTHING, so a double submit counts once). The kept
counts change with it. On PostgreSQL all of this is one statement (data-modifying CTEs) run
in autocommit, so a vote costs one round trip and one durable commit; SQLite, in process,
runs the same INSERT and the count upserts in one transaction.

The statements are built once, with bound parameters, and reused: building a SQLAlchemy
statement per vote cost more than running it. PostgreSQL's runs as a prepared statement on
the thread's own connection (data/prepared.py, held.py), its choices one array parameter.
"""

import functools
import json
import random
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from sqlalchemy import (
    Boolean,
    Integer,
    String,
    any_,
    bindparam,
    cast,
    exists,
    func,
    literal,
    select,
    true,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import TypeDecorator

from om_core.data.database import UTCDateTime, db
from om_core.data.poll import ACCOUNT_VOTER, Ballot, Choice, ChoiceTally, Poll, PollTally
from om_core.data.prepared import Prepared
from om_core.data.tallies import TALLY_SHARDS, change_tallies
from om_core.data.user import live_token_callers


class Outcome(Enum):
    RECORDED = "recorded"
    DUPLICATE = "duplicate"  # the voter has a ballot in this poll already
    POLL_CHANGED = "poll-changed"  # gone, closed, reshaped, or closed to anonymous voters
    # a bearer token that is not live (expired, revoked); the name is no secret
    DEAD_TOKEN = "dead-token"  # noqa: S105  # nosec B105


class By(Enum):
    """Who the ballot is by: an anonymous browser, a known account, or whoever a bearer
    token speaks for, worked out by the vote's own statement (no lookup before it)."""

    ANONYMOUS = "anonymous"
    ACCOUNT = "account"
    TOKEN = "token"  # noqa: S105  # nosec B105


@dataclass(frozen=True, slots=True)
class NewBallot:
    """A validated ballot, and the poll shape it was validated against."""

    poll_id: str
    voter: str | None  # None when by token: the statement makes it from the token's user
    user_id: int | None
    token_hash: str | None
    choices: list[int]
    counted: list[int]  # the choices that gain a vote (a ranked ballot's first one)
    kind: str
    max_selections: int | None
    at: datetime

    @property
    def by(self) -> By:
        if self.token_hash is not None:
            return By.TOKEN
        return By.ANONYMOUS if self.user_id is None else By.ACCOUNT

    def parameters(self) -> dict:
        return {
            "poll_id": self.poll_id,
            "voter": self.voter,
            "user_id": self.user_id,
            "token_hash": self.token_hash,
            "choices": self.choices,
            "choices_json": json.dumps(self.choices),
            "choice_count": len(self.choices),
            "counted": sorted(self.counted),  # a fixed lock order: concurrent votes can't deadlock
            "kind": self.kind,
            "max_selections": self.max_selections,
            "at": self.at,
            "shard": random.randrange(TALLY_SHARDS),  # spreads load  # noqa: S311  # nosec B311
        }


class IntegerArrayText(TypeDecorator):
    """A list of integers sent to PostgreSQL as the text of an array, `{1,2}`, for the SQL to
    cast: psycopg dumps a list in Python, type-checking every item, which cost a third of a
    vote's execute on the client; a string it passes straight through."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: list[int] | None, dialect) -> str | None:
        return None if value is None else "{" + ",".join(str(int(item)) for item in value) + "}"


def _integer_array(name: str):
    return cast(bindparam(name, type_=IntegerArrayText()), postgresql.ARRAY(Integer))


def _poll_still_fits(dialect, anonymous: bool, lock: bool = False):
    """The guard: the poll is as the ballot was validated against, and open to this voter.

    With `lock` (PostgreSQL's vote), the poll's row is read FOR KEY SHARE, as the ballot's
    foreign key would lock it anyway, but first: a vote then waits for an edit, a close or a
    delete of the poll that holds the row, and PostgreSQL re-checks the guard against the
    row as that left it (a plain read would judge by the poll as it was when the statement
    began), and the poll is locked before any kept count, in the order a delete locks them."""
    if dialect is postgresql:  # one array parameter: the statement's text never changes
        in_ballot = Choice.id == any_(_integer_array("choices"))
    else:
        in_ballot = Choice.id.in_(bindparam("choices", expanding=True))
    own_choices = select(func.count()).where(Choice.poll_id == Poll.id, in_ballot).scalar_subquery()
    conditions = [
        Poll.id == bindparam("poll_id"),
        Poll.closed_at.is_(None),
        Poll.closes_at.is_(None) | (Poll.closes_at > bindparam("at", type_=UTCDateTime)),
        Poll.kind == bindparam("kind"),
        Poll.max_selections.is_not_distinct_from(bindparam("max_selections", type_=Integer)),
        own_choices == bindparam("choice_count"),
    ]
    if anonymous:
        conditions.append(Poll.allow_anonymous)
    poll = select(Poll.id).where(*conditions)
    return exists(poll.with_for_update(read=True, key_share=True) if lock else poll)


def _guarded_insert(dialect, anonymous: bool, caller=None):
    """The ballot's INSERT ... SELECT; with `caller` (the live token's user, a CTE), the
    voter is that user, and a dead token selects no row."""
    at = bindparam("at", type_=UTCDateTime)
    if caller is None:
        voter, user_id = bindparam("voter"), bindparam("user_id", type_=Integer)
    else:
        voter = literal(ACCOUNT_VOTER) + cast(caller.c.user_id, String)
        user_id = caller.c.user_id
    row = select(
        bindparam("poll_id"),
        voter,
        user_id,
        func.json(bindparam("choices_json"))
        if dialect is sqlite
        else bindparam("choices_json").cast(Ballot.choices.type),
        at,
        at,
    ).where(_poll_still_fits(dialect, anonymous, lock=dialect is postgresql))
    if caller is not None:
        row = row.select_from(caller)
    columns = ["poll_id", "voter", "user_id", "choices", "created_at", "updated_at"]
    statement = dialect.insert(Ballot).from_select(columns, row)
    return statement.on_conflict_do_nothing(index_elements=["poll_id", "voter"])


def _build_postgresql_vote(by: By):
    """Ballot and kept counts in one statement (by token: the token's check too); says
    whether it was recorded and, if not, whether the poll still fits (then the voter had
    voted already) and whether the token is live."""
    anonymous = by is By.ANONYMOUS
    caller = live_token_callers().cte("caller") if by is By.TOKEN else None
    shard = bindparam("shard", type_=Integer)
    ballot = _guarded_insert(postgresql, anonymous, caller).returning(Ballot.id).cte("ballot")
    poll_count = postgresql.insert(PollTally).from_select(
        ["poll_id", "shard", "ballots"],
        select(bindparam("poll_id"), shard, literal(1)).select_from(ballot),
    )
    poll_count = poll_count.on_conflict_do_update(
        index_elements=["poll_id", "shard"], set_={"ballots": PollTally.ballots + 1}
    ).cte("poll_count")
    counted = func.unnest(_integer_array("counted")).table_valued("choice_id").render_derived()
    choice_counts = postgresql.insert(ChoiceTally).from_select(
        ["choice_id", "shard", "votes"],
        select(counted.c.choice_id, shard, literal(1)).select_from(ballot.join(counted, true())),
    )
    choice_counts = choice_counts.on_conflict_do_update(
        index_elements=["choice_id", "shard"], set_={"votes": ChoiceTally.votes + 1}
    ).cte("choice_counts")
    caller_live = true() if caller is None else exists(select(caller.c.user_id))
    return select(
        exists(select(ballot.c.id)).label("recorded"),
        _poll_still_fits(postgresql, anonymous, lock=True).label("poll_fits"),
        caller_live.label("caller_live"),
    ).add_cte(poll_count, choice_counts)


def _prepared_vote(by: By) -> Prepared:
    return Prepared(lambda dialect: _build_postgresql_vote(by))


# The vote's one PostgreSQL statement, by who votes (bench/reference.py runs it bare too).
POSTGRESQL_VOTES = {by: _prepared_vote(by) for by in By}


def record_ballot(new: NewBallot) -> Outcome:
    """Record `new` with its kept counts, durably, or say why not."""
    if db.engine.dialect.name == "postgresql":
        return _record_postgresql(new)
    return _record_sqlite(new)


def _record_postgresql(new: NewBallot) -> Outcome:
    try:
        recorded, poll_fits, caller_live = POSTGRESQL_VOTES[new.by].first(**new.parameters())
    except IntegrityError:
        # Only a foreign key can fail here (ON CONFLICT handles the duplicate): the poll
        # or a choice was deleted by an edit committed while this statement waited.
        return Outcome.POLL_CHANGED
    if recorded:
        return Outcome.RECORDED
    if not caller_live:
        return Outcome.DEAD_TOKEN
    return Outcome.DUPLICATE if poll_fits else Outcome.POLL_CHANGED


@functools.cache
def _sqlite_vote(anonymous: bool):
    return _guarded_insert(sqlite, anonymous).returning(Ballot.id)


@functools.cache
def _sqlite_poll_fits(anonymous: bool):
    return select(_poll_still_fits(sqlite, anonymous).cast(Boolean))


def _record_sqlite(new: NewBallot) -> Outcome:
    db.session.commit()  # end any read transaction: a stale snapshot cannot take the write lock
    parameters = new.parameters()
    anonymous = new.by is By.ANONYMOUS
    connection = db.session.connection()  # Core, not the ORM's bulk INSERT
    if new.by is By.TOKEN:
        caller = connection.execute(live_token_callers(), parameters).first()
        if caller is None:
            db.session.rollback()
            return Outcome.DEAD_TOKEN
        parameters |= {"voter": f"{ACCOUNT_VOTER}{caller.user_id}", "user_id": caller.user_id}
    if connection.execute(_sqlite_vote(anonymous), parameters).first() is None:
        poll_fits = connection.scalar(_sqlite_poll_fits(anonymous), parameters)
        db.session.rollback()
        return Outcome.DUPLICATE if poll_fits else Outcome.POLL_CHANGED
    change_tallies(poll_id=new.poll_id, ballots=1, choice_votes=dict.fromkeys(new.counted, 1))
    db.session.commit()
    return Outcome.RECORDED
