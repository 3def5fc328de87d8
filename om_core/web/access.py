"""Who is asking on the pages, and what they may do: the signed-in user (a session cookie),
the guest who created a poll (its admin cookie), a voter (the voter cookie)."""

from flask import abort
from flask_login import current_user

from om_core.data import Poll, User
from om_core.voting import queries, service
from om_core.web import poll_admin


def signed_in_user() -> User | None:
    return current_user._get_current_object() if current_user.is_authenticated else None


def poll_or_404(poll_id: str) -> Poll:
    """The poll as it is now, with its counts, to show it or vote in it."""
    poll = queries.get_poll(poll_id)
    if poll is None:
        abort(404)
    return poll


def can_manage(poll: Poll) -> bool:
    """Whether the caller may change this poll: its owner, an admin, or the browser that
    keeps a guest poll's admin token."""
    return service.may_manage(signed_in_user(), poll, poll_admin.admin_token())


def managed_poll(poll_id: str) -> Poll:
    """The poll, to change it, if the caller may (403 otherwise)."""
    poll = poll_or_404(poll_id)
    if not can_manage(poll):
        abort(403)
    return poll
