"""Voting use cases, each one unit of work that commits once or changes nothing.

Functions take keyword-only values (the caller, the values) and never read the request, so
the JSON API and the web pages call the very same ones. Every rule of a vote is checked here,
in Python, on the poll as the transaction locked it (data.ballots.lock_poll); the database
decides only what must be unique (one ballot per voter per poll). Kept counts change in the
ballot's own transaction. What depends on a poll's kind is asked of the registry.
"""

import hmac
import secrets
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import exists, select

from om_core.accounts.service import Caller, token_hash
from om_core.data import Ballot, Choice, Poll, User, ballots, db, utcnow
from om_core.data.ballots import NewBallot, Outcome
from om_core.errors import (
    AlreadyVotedError,
    InvalidBallotError,
    InvalidPollError,
    LoginRequiredError,
    NoBallotError,
    PollClosedError,
    PollHasVotesError,
    PollNotFoundError,
)
from om_core.limits import ADMIN_TOKEN_BYTES, CHOICES_MAX
from om_core.voting import queries
from om_core.voting.interfaces import PollKind
from om_core.voting.registry import DEFAULT_KIND, kind_named
from om_core.voting.voter import Voter

FROZEN_ONCE_VOTED = frozenset({"choices", "kind", "max_selections"})


@contextmanager
def _transaction() -> Iterator[None]:
    """One unit of work: commit at the end, or roll back whatever went wrong and re-raise."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def may_manage(user: User | Caller | None, poll: Poll, admin_token: str | None = None) -> bool:
    """Whether the caller may edit, close or delete `poll` (and always see its results): its
    owner, an admin, or, while the poll has no owner, whoever holds its admin token."""
    if user is not None and (user.id == poll.owner_id or user.is_admin):
        return True
    return (
        admin_token is not None
        and poll.admin_token_hash is not None
        and hmac.compare_digest(poll.admin_token_hash, token_hash(admin_token))
    )


def check_poll_settings(kind: PollKind, choice_count: int, max_selections: int | None) -> None:
    """A poll's kind, choices and max_selections must fit together: `max_selections` belongs
    to kinds that take one (multiple), and is 1 to the number of choices. Raises
    InvalidPollError."""
    if max_selections is None:
        return
    if not kind.takes_max_selections:
        raise InvalidPollError(f"max_selections is not for {kind.name} polls", "max_selections")
    if not 1 <= max_selections <= choice_count:
        message = f"max_selections must be between 1 and {choice_count}"
        raise InvalidPollError(message, "max_selections")


def create_poll(
    *, owner: User | None, question: str, choices: Sequence[str], kind: str = DEFAULT_KIND, **fields
) -> Poll:
    """Create a poll with its choices at positions 1..n. `fields` are the poll's other
    settings, as its model names them. Raises InvalidPollError when they do not fit together."""
    check_poll_settings(kind_named(kind), len(choices), fields.get("max_selections"))
    poll = Poll(owner=owner, question=question, kind=kind, choices=_choices(choices), **fields)
    with _transaction():
        db.session.add(poll)
    return poll


def create_guest_poll(**fields) -> tuple[Poll, str]:
    """Create a poll with no owner, and the admin token that manages it: shown to its creator
    once, stored only as a hash. Takes what `create_poll` takes, but no owner."""
    admin_token = secrets.token_urlsafe(ADMIN_TOKEN_BYTES)
    poll = create_poll(owner=None, admin_token_hash=token_hash(admin_token), **fields)
    return poll, admin_token


def claim_poll(*, poll: Poll, user: User) -> Poll:
    """Make `user` the owner of a guest poll (the caller holds its admin token): from now on
    the account manages it and the admin token grants nothing."""
    with _transaction():
        poll.owner = user
        poll.admin_token_hash = None
    return poll


def update_poll(*, poll: Poll, changes: dict) -> Poll:
    """Change a poll's fields. Choices, kind and max_selections are frozen once a ballot
    exists (PollHasVotesError); a closed poll's closing time is final (PollClosedError)."""
    with _transaction():
        _drop_unchanged_frozen(poll, changes)
        if FROZEN_ONCE_VOTED & changes.keys():
            poll = _found(ballots.lock_poll(poll.id, for_edit=True))  # no ballot slips in now
            if db.session.scalar(select(exists().where(Ballot.poll_id == poll.id))):
                raise PollHasVotesError("choices, kind and max_selections are frozen once voted on")
        if "closes_at" in changes and not poll.is_open:
            raise PollClosedError("this poll is closed")
        kind = kind_named(changes.get("kind", poll.kind))
        if not kind.takes_max_selections and "max_selections" not in changes:
            changes["max_selections"] = None  # only kinds that take one keep one
        texts = changes.pop("choices", None)
        choice_count = len(texts) if texts is not None else len(poll.choices)
        check_poll_settings(kind, choice_count, changes.get("max_selections", poll.max_selections))
        if texts is not None:
            _replace_choices(poll, texts)
        for field, value in changes.items():
            setattr(poll, field, value)
        poll.updated_at = utcnow()  # a new version: ballots checked against the old one fail
    return poll


def close_poll(*, poll: Poll) -> Poll:
    """Close a poll now (closing a closed poll changes nothing)."""
    if poll.is_open:
        with _transaction():
            poll.closed_at = poll.updated_at = utcnow()
    return poll


def delete_poll(*, poll: Poll) -> None:
    """Delete a poll; its choices, ballots and counts go with it (ON DELETE CASCADE)."""
    with _transaction():
        db.session.delete(poll)


def get_ballot(*, poll_id: str, voter: Voter | None) -> Ballot | None:
    """The voter's ballot in the poll, if they have one."""
    return ballots.ballot_of(poll_id, voter.key) if voter is not None else None


def cast_ballot(*, poll_id: str, voter: Voter, choice_ids: Sequence[int]) -> Ballot:
    """Record a voter's ballot and count it, durably. Raises PollNotFoundError,
    LoginRequiredError (an anonymous voter in a poll for accounts only), PollClosedError,
    InvalidBallotError, or AlreadyVotedError (the database's unique constraint decides, so
    simultaneous submits count once).

    The poll is checked as read; the ballot is stored only if the poll is still as read
    (data.ballots.add_ballot). One edited, closed or deleted meanwhile is read and judged
    again, once."""
    for _ in range(2):
        poll = _open(queries.poll_to_vote_in(poll_id))
        with _transaction():
            outcome, ballot = ballots.add_ballot(_new_ballot(poll, voter, choice_ids))
            if outcome is Outcome.ALREADY_VOTED:
                raise AlreadyVotedError("you already voted in this poll")
        if outcome is Outcome.RECORDED:
            return ballot
    raise InvalidBallotError("the poll changed while you voted; reload it")


def _new_ballot(poll: Poll, voter: Voter, choice_ids: Sequence[int]) -> NewBallot:
    """The ballot, checked against the (open) poll: open to this voter, valid for its kind."""
    if voter.is_anonymous and not poll.allow_anonymous:
        raise LoginRequiredError("this poll takes votes from signed-in users only")
    kind, choices = _valid_ballot(poll, choice_ids)
    return NewBallot(
        poll_id=poll.id,
        seen=poll.updated_at,
        voter=voter.key,
        user_id=voter.user_id,
        choices=choices,
        counted=tuple(kind.counted(choices)),
    )


def replace_ballot(*, poll_id: str, voter: Voter, choice_ids: Sequence[int]) -> Ballot:
    """Replace the voter's ballot, moving its counts. Raises PollNotFoundError,
    PollClosedError, InvalidBallotError, NoBallotError."""
    with _transaction():
        poll = _open(ballots.lock_poll(poll_id))
        kind, choices = _valid_ballot(poll, choice_ids)
        ballot = ballots.ballot_of(poll.id, voter.key, for_update=True)
        if ballot is None:
            raise NoBallotError("you have no ballot in this poll")
        moved = Counter(kind.counted(choices))
        moved.subtract(kind.counted(ballot.choices))
        ballot.choices = list(choices)
        ballot.updated_at = utcnow()
        ballots.change_counts(poll_id=poll.id, ballots=0, choice_votes=moved)
    return ballot


def withdraw_ballot(*, poll_id: str, voter: Voter) -> None:
    """Withdraw the voter's ballot and its counts. Raises PollNotFoundError,
    PollClosedError, NoBallotError."""
    with _transaction():
        poll = _open(ballots.lock_poll(poll_id))
        withdrawn = ballots.remove_ballot(poll.id, voter.key)
        if withdrawn is None:
            raise NoBallotError("you have no ballot in this poll")
        taken_back = dict.fromkeys(kind_named(poll.kind).counted(withdrawn), -1)
        ballots.change_counts(poll_id=poll.id, ballots=-1, choice_votes=taken_back)


def _found(poll: Poll | None) -> Poll:
    """The poll, or PollNotFoundError when it is gone."""
    if poll is None:
        raise PollNotFoundError("there is no poll with this id")
    return poll


def _open(poll: Poll | None) -> Poll:
    """The poll, if it takes ballot changes now: PollNotFoundError, PollClosedError."""
    if not _found(poll).is_open:
        raise PollClosedError("this poll is closed")
    return poll


def _valid_ballot(poll: Poll, choice_ids: Sequence[int]) -> tuple[PollKind, tuple[int, ...]]:
    """The poll's kind, and the ballot as that kind takes it (InvalidBallotError if not)."""
    kind = kind_named(poll.kind)
    poll_choice_ids = {choice.id for choice in poll.choices}
    return kind, kind.validate(choice_ids, poll_choice_ids, poll.max_selections)


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
