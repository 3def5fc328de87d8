"""Reads of polls for lists and pages: no rules, no writes."""

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import false, select
from sqlalchemy.orm import defer, joinedload, lazyload

from om_core.data import Choice, Poll, db


def get_poll(poll_id: str) -> Poll | None:
    """One poll with its owner, its choices and their kept counts, in one query (a poll has at
    most 50 choices), so the counts come from one moment and add up."""
    return db.session.get(Poll, poll_id, options=[joinedload(Poll.choices)])


def poll_to_vote_in(poll_id: str) -> Poll | None:
    """One poll with its choices, read anew (not from the session's identity map), to check a
    ballot against it."""
    query = (
        select(Poll)
        .where(Poll.id == poll_id)
        .options(  # no owner, no kept counts: a ballot is checked against the rest
            lazyload(Poll.owner),
            defer(Poll.total_votes),
            joinedload(Poll.choices).defer(Choice.votes),
        )
        .execution_options(populate_existing=True)
    )
    return db.session.scalars(query).unique().one_or_none()


def list_polls(
    *,
    page: int,
    per_page: int,
    q: str | None = None,
    status: str | None = None,
    owner: int | None = None,
) -> Pagination:
    """A page of public polls, newest first; unlisted polls are never listed.
    `q` matches text in the question, ignoring case; `status` is "open" or "closed"."""
    query = select(Poll).where(Poll.visibility == "public")
    if q:
        query = query.where(_question_holds(q))
    if status:
        query = query.where(Poll.is_open if status == "open" else ~Poll.is_open)
    if owner is not None:
        query = query.where(Poll.owner_id == owner)
    query = query.order_by(Poll.created_at.desc(), Poll.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def _question_holds(text: str):
    """Case-insensitive containment, lowered by the database on both sides so that one set of
    case rules decides (Python's and PostgreSQL's differ: "İ"). No stored question holds a NUL
    (text fields refuse control characters), and PostgreSQL cannot take one in a string."""
    return false() if "\x00" in text else Poll.question.icontains(text, autoescape=True)


def owned_polls(*, owner_id: int, page: int, per_page: int) -> Pagination:
    """A page of a user's own polls, unlisted and closed ones included, newest first."""
    query = select(Poll).where(Poll.owner_id == owner_id)
    query = query.order_by(Poll.created_at.desc(), Poll.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
