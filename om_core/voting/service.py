"""Voting use cases, each one unit of work that commits once.

Functions take keyword-only values (the caller, the values) and never read the request, so
the JSON API and the web pages call the very same ones. The database decides what must be
unique (one ballot per voter per poll); kept counts change in the ballot's own transaction.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, select

from om_core.accounts.service import Caller
from om_core.data import Ballot, Choice, Poll, User, db, utcnow
from om_core.data.ballot_writes import NewBallot, Outcome, record_ballot
from om_core.data.poll_snapshot import PollSnapshot, poll_snapshot
from om_core.data.tallies import change_tallies
from om_core.errors import (
    AlreadyVotedError,
    DeadTokenError,
    InvalidBallotError,
    LoginRequiredError,
    NoBallotError,
    PollClosedError,
    PollHasVotesError,
    PollNotFoundError,
)
from om_core.limits import CHOICES_MAX
from om_core.voting.ballots import Kind, check_poll_shape, validate_ballot
from om_core.voting.shapes import PollShape, forget, remember
from om_core.voting.voter import Voter

FROZEN_ONCE_VOTED = frozenset({"choices", "kind", "max_selections"})


def may_manage(user: User | Caller | None, poll: Poll | PollSnapshot) -> bool:
    """Whether `user` may edit, close or delete `poll` (and always see its results): its
    owner or an admin."""
    return user is not None and (user.id == poll.owner_id or user.is_admin)


def create_poll(*, owner: User, question: str, choices: Sequence[str], **fields) -> Poll:
    """Create a poll with its choices at positions 1..n. `fields` are the optional settings
    (description, kind, max_selections, closes_at, visibility, results_visibility,
    allow_anonymous). Raises InvalidPollError when they do not fit together."""
    check_poll_shape(fields.get("kind", Kind.SINGLE), len(choices), fields.get("max_selections"))
    poll = Poll(owner=owner, question=question, choices=_choices(choices), **fields)
    db.session.add(poll)
    db.session.commit()
    return poll


def update_poll(*, poll: Poll, changes: dict) -> Poll:
    """Change a poll's fields. Choices, kind and max_selections are frozen once a ballot
    exists (PollHasVotesError); a closed poll's closing time is final (PollClosedError)."""
    _drop_unchanged_frozen(poll, changes)
    if FROZEN_ONCE_VOTED & changes.keys():
        # Lock the poll row first: a ballot being cast holds a key-share lock on it (its
        # foreign key), so no ballot can slip in between this check and the commit.
        db.session.execute(select(Poll.id).where(Poll.id == poll.id).with_for_update())
        if _has_ballots(poll):
            raise PollHasVotesError("choices, kind and max_selections are frozen once voted on")
    if "closes_at" in changes and not poll.is_open:
        raise PollClosedError("this poll is closed")
    kind = changes.get("kind", poll.kind)
    if kind != Kind.MULTIPLE and "max_selections" not in changes:
        changes["max_selections"] = None  # only multiple polls have one
    texts = changes.pop("choices", None)
    choice_count = len(texts) if texts is not None else len(poll.choices)
    check_poll_shape(kind, choice_count, changes.get("max_selections", poll.max_selections))
    if texts is not None:
        _replace_choices(poll, texts)
    for field, value in changes.items():
        setattr(poll, field, value)
    db.session.commit()
    forget(poll.id)  # this process's kept shape is stale now; the next vote reloads it
    return poll


def close_poll(*, poll: Poll) -> Poll:
    """Close a poll now (closing a closed poll changes nothing)."""
    if poll.is_open:
        poll.closed_at = utcnow()
        db.session.commit()
    return poll


def delete_poll(*, poll: Poll) -> None:
    """Delete a poll; its choices, ballots and counts go with it (ON DELETE CASCADE)."""
    db.session.delete(poll)
    db.session.commit()
    forget(poll.id)


def get_ballot(*, poll: Poll | PollSnapshot, voter: Voter | None) -> Ballot | None:
    if voter is None:
        return None
    return db.session.scalar(
        select(Ballot).where(Ballot.poll_id == poll.id, Ballot.voter == voter.key)
    )


@dataclass(frozen=True, slots=True)
class CastBallot:
    """A ballot just cast, as its voter sees it."""

    poll_id: str
    choices: list[int]
    created_at: datetime
    updated_at: datetime


def cast_ballot(*, shape: PollShape, voter: Voter, choice_ids: Sequence[int]) -> CastBallot:
    """Record a voter's ballot and count it, durably. Raises InvalidBallotError,
    AlreadyVotedError (the unique (poll_id, voter) constraint decides, so simultaneous
    submits count once), PollClosedError, PollNotFoundError, LoginRequiredError, or
    DeadTokenError (a voter by token whose token is not live).

    `shape` may come from memory; the INSERT re-checks it, and a stale one is reloaded once.
    A ballot that does not fit `shape` is judged again by the poll as it is now, so a closed
    poll says so whatever the ballot, and a kept shape cannot refuse the poll's new choices."""
    for attempt in range(2):
        try:
            choices = list(
                validate_ballot(shape.kind, choice_ids, shape.choice_ids, shape.max_selections)
            )
        except InvalidBallotError:
            if attempt:
                raise
            shape = _why_refused(shape.id, voter)
            continue
        new = NewBallot(
            poll_id=shape.id,
            voter=voter.key,
            user_id=voter.user_id,
            token_hash=voter.token_hash,
            choices=choices,
            counted=list(_counted(shape.kind, choices)),
            kind=shape.kind,
            max_selections=shape.max_selections,
            at=utcnow(),
        )
        outcome = record_ballot(new)
        if outcome is Outcome.RECORDED:
            return CastBallot(shape.id, choices, new.at, new.at)
        if outcome is Outcome.DUPLICATE:
            raise AlreadyVotedError("you already voted in this poll")
        if outcome is Outcome.DEAD_TOKEN:
            raise DeadTokenError("the bearer token is not live")
        shape = _why_refused(shape.id, voter)
    raise InvalidBallotError("the poll changed while you voted; reload it")


def _why_refused(poll_id: str, voter: Voter) -> PollShape:
    """The database refused a ballot for its poll, or the ballot did not fit the shape kept of
    it: say why (gone, closed, not for anonymous voters), or return the poll's shape now."""
    poll = poll_snapshot(poll_id)
    if poll is None:
        forget(poll_id)
        raise PollNotFoundError("there is no poll with this id")
    if not poll.is_open:
        raise PollClosedError("this poll is closed")
    if voter.is_anonymous and not poll.allow_anonymous:
        raise LoginRequiredError("this poll takes votes from signed-in users only")
    return remember(poll)


def replace_ballot(*, poll: Poll, voter: Voter, choice_ids: Sequence[int]) -> Ballot:
    """Replace the voter's ballot, moving its counts. Raises PollClosedError,
    InvalidBallotError, NoBallotError."""
    choices = _valid_ballot(poll, choice_ids)
    ballot = db.session.scalar(
        select(Ballot).where(Ballot.poll_id == poll.id, Ballot.voter == voter.key).with_for_update()
    )
    if ballot is None:
        raise NoBallotError("you have no ballot in this poll")
    moved = Counter(_counted(poll.kind, choices))
    moved.subtract(_counted(poll.kind, ballot.choices))
    ballot.choices = choices
    ballot.updated_at = utcnow()
    change_tallies(poll_id=poll.id, ballots=0, choice_votes=moved)
    db.session.commit()
    return ballot


def withdraw_ballot(*, poll: Poll, voter: Voter) -> None:
    """Withdraw the voter's ballot and its counts. Raises PollClosedError, NoBallotError."""
    _ensure_open(poll)
    withdrawn = db.session.execute(
        delete(Ballot)
        .where(Ballot.poll_id == poll.id, Ballot.voter == voter.key)
        .returning(Ballot.choices)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if withdrawn is None:
        raise NoBallotError("you have no ballot in this poll")
    taken_back = {choice_id: -n for choice_id, n in _counted(poll.kind, withdrawn).items()}
    change_tallies(poll_id=poll.id, ballots=-1, choice_votes=taken_back)
    db.session.commit()


def _ensure_open(poll: Poll) -> None:
    """Lock the poll's row (FOR SHARE) and check that it is open as it is now, before a
    ballot changes: a close, an edit or a delete in flight is waited for, and one that has
    answered is obeyed (the poll as read at the start of the request may be stale)."""
    is_open = db.session.scalar(
        select(Poll.is_open).where(Poll.id == poll.id).with_for_update(read=True)
    )
    if is_open is None:
        raise PollNotFoundError("there is no poll with this id")
    if not is_open:
        raise PollClosedError("this poll is closed")


def _valid_ballot(poll: Poll, choice_ids: Sequence[int]) -> list[int]:
    _ensure_open(poll)
    poll_choice_ids = {choice.id for choice in poll.choices}
    return list(validate_ballot(poll.kind, choice_ids, poll_choice_ids, poll.max_selections))


def _counted(kind: str, choices: Sequence[int]) -> dict[int, int]:
    """What a ballot adds to the kept counts: each choice, or a ranked ballot's first one."""
    return {choices[0]: 1} if kind == Kind.RANKED else dict.fromkeys(choices, 1)


def _drop_unchanged_frozen(poll: Poll, changes: dict) -> None:
    """Resending a frozen field as it is changes nothing, so it is no reason for a 409 (and
    the choices, ids included, stay as they are)."""
    current = {
        "choices": [choice.text for choice in poll.choices],
        "kind": poll.kind,
        "max_selections": poll.max_selections,
    }
    for field in FROZEN_ONCE_VOTED & changes.keys():
        if changes[field] == current[field]:
            del changes[field]


def _has_ballots(poll: Poll) -> bool:
    return bool(db.session.scalar(select(exists().where(Ballot.poll_id == poll.id))))


def _replace_choices(poll: Poll, texts: Sequence[str]) -> None:
    """Give the poll new choices. The new rows are written before the old ones go, so every
    new id is above every old one: SQLite gives the highest freed ids to the next rows, and a
    client still showing the old choices must never vote for a new one by an old id (it gets
    a 422). PostgreSQL's sequences never reuse ids anyway."""
    old = list(poll.choices)
    for choice in old:
        choice.position += CHOICES_MAX  # out of the new choices' way: positions are unique
    db.session.flush()
    poll.choices.extend(_choices(texts))
    db.session.flush()
    for choice in old:
        poll.choices.remove(choice)


def _choices(texts: Sequence[str]) -> list[Choice]:
    return [Choice(text=text, position=n) for n, text in enumerate(texts, start=1)]
