"""A poll as the read paths show it, read in one prepared statement: its fields, its owner,
its kept ballot count and its choices in order with their kept vote counts.

The poll's JSON, its page and its results all start from this one round trip; the counts in
it come from one moment, so the choices' votes always add up with the total.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select

from om_core.data.poll import Choice, ChoiceTally, Poll, is_open
from om_core.data.prepared import Prepared
from om_core.data.user import User


@dataclass(frozen=True, slots=True)
class Owner:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class ChoiceCount:
    id: int
    text: str
    position: int
    votes: int  # kept count: ballots naming it (first preferences in a ranked poll)


@dataclass(frozen=True, slots=True)
class PollSnapshot:
    """What a poll holds at one moment; the same names as the Poll model's."""

    id: str
    question: str
    description: str | None
    kind: str
    max_selections: int | None
    closes_at: datetime | None
    closed_at: datetime | None
    results_visibility: str
    visibility: str
    allow_anonymous: bool
    created_at: datetime
    updated_at: datetime
    owner_id: int
    owner: Owner
    total_votes: int
    choices: tuple[ChoiceCount, ...]

    @property
    def is_open(self) -> bool:
        return is_open(self.closed_at, self.closes_at)


POLL_FIELDS = (
    Poll.id,
    Poll.question,
    Poll.description,
    Poll.kind,
    Poll.max_selections,
    Poll.closes_at,
    Poll.closed_at,
    Poll.results_visibility,
    Poll.visibility,
    Poll.allow_anonymous,
    Poll.created_at,
    Poll.updated_at,
    Poll.owner_id,
)
FIELD_NAMES = tuple(field.key for field in POLL_FIELDS)


@Prepared
def _snapshot(dialect):
    choice_votes = (
        select(func.coalesce(func.sum(ChoiceTally.votes), 0))
        .where(ChoiceTally.choice_id == Choice.id)
        .scalar_subquery()
    )
    return (
        select(*POLL_FIELDS, User.name, Poll.total_votes)
        .add_columns(Choice.id, Choice.text, Choice.position, choice_votes)
        .join(User, User.id == Poll.owner_id)
        .join(Choice, Choice.poll_id == Poll.id)
        .where(Poll.id == bindparam("poll_id"))
        .order_by(Choice.position)
    )


def poll_snapshot(poll_id: str) -> PollSnapshot | None:
    """The poll now, or None when there is no such poll."""
    rows = _snapshot.rows(poll_id=poll_id)
    if not rows:
        return None
    poll = dict(zip(FIELD_NAMES, rows[0], strict=False))  # the poll's fields, by name
    owner_name, total_votes = rows[0][len(POLL_FIELDS) : len(POLL_FIELDS) + 2]
    return PollSnapshot(
        **poll,
        owner=Owner(poll["owner_id"], owner_name),
        total_votes=int(total_votes),
        choices=tuple(ChoiceCount(*row[len(POLL_FIELDS) + 2 :]) for row in rows),
    )
