"""Poll shapes kept in memory: what a ballot is validated against, without a query per vote.

A poll's kind, max_selections and choices are frozen once it has a ballot, which is when
votes come fast. A kept shape can still be stale (a poll edited before its first vote,
closed, deleted): the ballot's INSERT re-checks it in the database and the service then
reads it anew from the database, so staleness costs a retry, never a wrong count.
"""

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from om_core.data import Poll
from om_core.data.poll_snapshot import PollSnapshot, poll_snapshot

MAX_KEPT = 10_000


@dataclass(frozen=True, slots=True)
class PollShape:
    id: str
    kind: str
    max_selections: int | None
    choice_ids: frozenset[int]
    allow_anonymous: bool


_kept: OrderedDict[str, PollShape] = OrderedDict()
_lock = Lock()


def poll_shape(poll_id: str) -> PollShape | None:
    """The shape of a poll, from memory if kept; None when there is no such poll."""
    with _lock:
        shape = _kept.get(poll_id)
        if shape is not None and shape.allow_anonymous:  # a refusal is always decided fresh
            _kept.move_to_end(poll_id)
            return shape
    poll = poll_snapshot(poll_id)
    return remember(poll) if poll is not None else forget(poll_id)


def remember(poll: Poll | PollSnapshot) -> PollShape:
    shape = PollShape(
        id=poll.id,
        kind=poll.kind,
        max_selections=poll.max_selections,
        choice_ids=frozenset(choice.id for choice in poll.choices),
        allow_anonymous=poll.allow_anonymous,
    )
    with _lock:
        _kept[poll.id] = shape
        _kept.move_to_end(poll.id)
        while len(_kept) > MAX_KEPT:
            _kept.popitem(last=False)
    return shape


def forget(poll_id: str) -> None:
    with _lock:
        _kept.pop(poll_id, None)
