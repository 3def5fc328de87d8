"""Polls, their choices and ballots, and the kept counts that make results cheap to read."""

import secrets
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    and_,
    func,
    or_,
    select,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from om_core.data.database import UTCDateTime, db, utcnow
from om_core.data.user import User
from om_core.limits import CHOICE_TEXT_MAX, DESCRIPTION_MAX, POLL_ID_BYTES, QUESTION_MAX


def new_poll_id() -> str:
    return secrets.token_urlsafe(POLL_ID_BYTES)


def is_open(closed_at: datetime | None, closes_at: datetime | None) -> bool:
    """A poll is open until closed by its owner or until `closes_at` passes: no job needed."""
    return closed_at is None and (closes_at is None or closes_at > utcnow())


class Poll(db.Model):
    """A question with choices, open until closed or past `closes_at`. It is owned by a user,
    or by no one (a guest poll): then whoever holds its admin token manages it, and the
    database keeps only that token's hash."""

    __tablename__ = "polls"
    __table_args__ = (
        CheckConstraint("visibility IN ('public', 'unlisted')", name="visibility"),
        CheckConstraint(
            "results_visibility IN ('always', 'after_vote', 'after_close')",
            name="results_visibility",
        ),
        Index("ix_polls_visibility_created_at", "visibility", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(16), primary_key=True, default=new_poll_id)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    admin_token_hash: Mapped[str | None] = mapped_column(String(64))
    question: Mapped[str] = mapped_column(String(QUESTION_MAX))
    description: Mapped[str | None] = mapped_column(String(DESCRIPTION_MAX))
    kind: Mapped[str] = mapped_column(String(8))  # a name in voting's registry of kinds
    max_selections: Mapped[int | None]
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    results_visibility: Mapped[str] = mapped_column(String(12), default="always")
    visibility: Mapped[str] = mapped_column(String(8), default="public")
    allow_anonymous: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner: Mapped[User | None] = relationship(lazy="joined")
    choices: Mapped[list["Choice"]] = relationship(
        order_by="Choice.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )

    @hybrid_property
    def is_open(self) -> bool:
        return is_open(self.closed_at, self.closes_at)

    @is_open.inplace.expression
    @classmethod
    def _is_open_expression(cls):
        return and_(cls.closed_at.is_(None), or_(cls.closes_at.is_(None), cls.closes_at > utcnow()))


class Choice(db.Model):
    """One answer of a poll, at a 1-based position in the order it was given."""

    __tablename__ = "choices"
    __table_args__ = (UniqueConstraint("poll_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[str] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(CHOICE_TEXT_MAX))
    position: Mapped[int]


# A ballot's `voter`: ACCOUNT_VOTER + the user's id, or ANONYMOUS_VOTER + a voter cookie's id.
ACCOUNT_VOTER, ANONYMOUS_VOTER = "user:", "anon:"


class Ballot(db.Model):
    """One voter's vote in one poll: choice ids, in order of preference for ranked polls.

    `voter` is "user:<id>" or "anon:<cookie id>"; the unique constraint on (poll_id, voter) is
    what makes a double submit count once, whatever the timing. A deleted user's ballots stay
    counted (user_id becomes NULL), so closed results never change.
    """

    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("poll_id", "voter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[str] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    voter: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    choices: Mapped[list[int]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class PollTally(db.Model):
    """A share of a poll's kept ballot count; the poll's total is the sum of its shards.

    Votes add to a random shard, so many voters on one hot poll do not queue on one row.
    """

    __tablename__ = "poll_tallies"

    poll_id: Mapped[str] = mapped_column(
        ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True
    )
    shard: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    ballots: Mapped[int] = mapped_column(default=0)


class ChoiceTally(db.Model):
    """A share of a choice's kept vote count (first preferences in a ranked poll)."""

    __tablename__ = "choice_tallies"

    choice_id: Mapped[int] = mapped_column(
        ForeignKey("choices.id", ondelete="CASCADE"), primary_key=True
    )
    shard: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    votes: Mapped[int] = mapped_column(default=0)


def _kept_count(counter, shard_owner, owner):
    """A kept count, loaded with its owner: the sum of `counter` over its shard rows (at
    most 16)."""
    return column_property(
        select(func.coalesce(func.sum(counter), 0))
        .where(shard_owner == owner)
        .correlate_except(counter.class_)
        .scalar_subquery(),
        deferred=False,
    )


Poll.total_votes = _kept_count(PollTally.ballots, PollTally.poll_id, Poll.id)
Choice.votes = _kept_count(ChoiceTally.votes, ChoiceTally.choice_id, Choice.id)
