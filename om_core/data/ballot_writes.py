"""Casting a ballot in as few round trips as the database allows: the hot path of the service.

One guarded INSERT records the ballot only if the poll still is what the caller validated it
against (open, same kind, same max_selections, the ballot's choices still its own, anonymous
votes allowed if anonymous), and only if the voter has none yet (the unique constraint on
(poll_id, voter), via ON CONFLICT DO NOTHING, so a double submit counts once). The kept
counts change with it. On PostgreSQL all of this is one statement (data-modifying CTEs) run
in autocommit, so a vote costs one round trip and one durable commit; SQLite, in process,
runs the same INSERT and the count upserts in one transaction.
"""

import random
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from sqlalchemy import Boolean, Integer, column, exists, func, literal, select, true, values
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from om_core.data.database import db
from om_core.data.poll import Ballot, Choice, ChoiceTally, Poll, PollTally
from om_core.data.tallies import TALLY_SHARDS, change_tallies


class Outcome(Enum):
    RECORDED = "recorded"
    DUPLICATE = "duplicate"  # the voter has a ballot in this poll already
    POLL_CHANGED = "poll-changed"  # gone, closed, reshaped, or closed to anonymous voters


@dataclass(frozen=True, slots=True)
class NewBallot:
    """A validated ballot, and the poll shape it was validated against."""

    poll_id: str
    voter: str
    user_id: int | None
    choices: list[int]
    counted: list[int]  # the choices that gain a vote (a ranked ballot's first one)
    kind: str
    max_selections: int | None
    at: datetime


def _poll_still_fits(new: NewBallot):
    """The guard: the poll is as the ballot was validated against, and open to this voter."""
    own_choices = (
        select(func.count())
        .where(Choice.poll_id == Poll.id, Choice.id.in_(new.choices))
        .scalar_subquery()
    )
    conditions = [
        Poll.id == new.poll_id,
        Poll.closed_at.is_(None),
        Poll.closes_at.is_(None) | (Poll.closes_at > new.at),
        Poll.kind == new.kind,
        Poll.max_selections.is_not_distinct_from(literal(new.max_selections, Integer)),
        own_choices == len(new.choices),
    ]
    if new.user_id is None:
        conditions.append(Poll.allow_anonymous)
    return exists(select(Poll.id).where(*conditions))


def _guarded_insert(dialect, new: NewBallot):
    row = select(
        literal(new.poll_id),
        literal(new.voter),
        literal(new.user_id, Integer),
        literal(new.choices, Ballot.choices.type),
        literal(new.at, Ballot.created_at.type),
        literal(new.at, Ballot.updated_at.type),
    ).where(_poll_still_fits(new))
    columns = ["poll_id", "voter", "user_id", "choices", "created_at", "updated_at"]
    statement = dialect.insert(Ballot).from_select(columns, row)
    return statement.on_conflict_do_nothing(index_elements=["poll_id", "voter"])


def record_ballot(new: NewBallot) -> Outcome:
    """Record `new` with its kept counts, durably, or say why not."""
    if db.engine.dialect.name == "postgresql":
        return _record_postgresql(new)
    return _record_sqlite(new)


def _record_postgresql(new: NewBallot) -> Outcome:
    shard = random.randrange(TALLY_SHARDS)  # spreads load, not a secret  # noqa: S311  # nosec B311
    ballot = _guarded_insert(postgresql, new).returning(Ballot.id).cte("ballot")
    poll_count = postgresql.insert(PollTally).from_select(
        ["poll_id", "shard", "ballots"],
        select(literal(new.poll_id), literal(shard), literal(1)).select_from(ballot),
    )
    poll_count = poll_count.on_conflict_do_update(
        index_elements=["poll_id", "shard"], set_={"ballots": PollTally.ballots + 1}
    ).cte("poll_count")
    counted = values(column("choice_id", Integer), name="counted").data(
        [(choice_id,) for choice_id in sorted(new.counted)]  # fixed lock order: no deadlock
    )
    choice_counts = postgresql.insert(ChoiceTally).from_select(
        ["choice_id", "shard", "votes"],
        select(counted.c.choice_id, literal(shard), literal(1)).select_from(
            ballot.join(counted, true())
        ),
    )
    choice_counts = choice_counts.on_conflict_do_update(
        index_elements=["choice_id", "shard"], set_={"votes": ChoiceTally.votes + 1}
    ).cte("choice_counts")
    outcome = select(
        exists(select(ballot.c.id)).label("recorded"),
        _poll_still_fits(new).label("poll_fits"),
    ).add_cte(poll_count, choice_counts)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        try:
            recorded, poll_fits = connection.execute(outcome).one()
        except IntegrityError:
            # Only a foreign key can fail here (ON CONFLICT handles the duplicate): the poll
            # or a choice was deleted by an edit committed while this statement waited.
            return Outcome.POLL_CHANGED
    if recorded:
        return Outcome.RECORDED
    return Outcome.DUPLICATE if poll_fits else Outcome.POLL_CHANGED


def _record_sqlite(new: NewBallot) -> Outcome:
    inserted = db.session.execute(_guarded_insert(sqlite, new).returning(Ballot.id)).first()
    if inserted is None:
        poll_fits = db.session.scalar(select(_poll_still_fits(new).cast(Boolean)))
        db.session.rollback()
        return Outcome.DUPLICATE if poll_fits else Outcome.POLL_CHANGED
    change_tallies(poll_id=new.poll_id, ballots=1, choice_votes=dict.fromkeys(new.counted, 1))
    db.session.commit()
    return Outcome.RECORDED
