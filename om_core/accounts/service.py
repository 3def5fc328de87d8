"""Account use cases, each one unit of work that commits once.

Functions take keyword-only values and never read the request: the API and the web pages call
the same ones. Uniqueness (one account per email) is decided by the database's constraint.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from om_core.accounts.passwords import passwords
from om_core.data import Token, User, db, utcnow
from om_core.data.database import is_unique_violation
from om_core.data.user import live_token_callers
from om_core.errors import EmailTakenError, InvalidCredentialsError, WrongPasswordError
from om_core.limits import ID_MAX


def token_hash(token: str) -> str:
    """Tokens are 256 random bits, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(token.encode()).hexdigest()


def register(*, email: str, password: str, name: str, surname: str, is_admin: bool = False) -> User:
    """Create an account. Raises EmailTakenError when the (lower-cased) email is in use."""
    user = User(
        email=email.lower(),
        password=passwords.hash(password),
        name=name,
        surname=surname,
        is_admin=is_admin,
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        if is_unique_violation(error, "users", "email"):
            raise EmailTakenError("an account with this email already exists") from error
        raise
    return user


def authenticate(*, email: str, password: str) -> User:
    """The active user with these credentials, or InvalidCredentialsError (the same for all).
    No stored email holds a NUL, and PostgreSQL cannot take one in a string: not looked up."""
    lookup = select(User).where(User.email == email.lower())
    user = None if "\x00" in email else db.session.scalar(lookup)
    if not passwords.verify(user.password if user else None, password) or not user.active:
        raise InvalidCredentialsError("invalid email or password")
    return user


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A bearer token as its owner sees it, once; the database keeps only its hash."""

    access_token: str
    expires_in: int
    token_type: str = "Bearer"  # noqa: S105 - the scheme name, not a secret


def issue_token(*, user: User, ttl_seconds: int) -> IssuedToken:
    """A new bearer token for `user`, valid for `ttl_seconds`."""
    token = secrets.token_urlsafe(32)
    expires_at = utcnow() + timedelta(seconds=ttl_seconds)
    db.session.add(Token(token_hash=token_hash(token), user_id=user.id, expires_at=expires_at))
    db.session.commit()
    return IssuedToken(access_token=token, expires_in=ttl_seconds)


@dataclass(frozen=True, slots=True)
class Caller:
    """Who a live token speaks for: what every request needs to know of its user (the full
    User is loaded only by the requests that show or change the account)."""

    id: int
    is_admin: bool
    token_id: int


def caller_for_token(token: str) -> Caller | None:
    """The active user a live token belongs to; None for any other token. (On every request
    with a token: one statement, no ORM objects.)"""
    parameters = {"token_hash": token_hash(token), "at": utcnow()}
    row = db.session.execute(live_token_callers(), parameters).first()
    return Caller(*row) if row else None


def revoke_token(*, token_id: int) -> None:
    """Forget a token: it is refused from now on."""
    db.session.execute(delete(Token).where(Token.id == token_id))
    db.session.commit()


def update_profile(
    *, user: User, changes: dict, current_password: str | None = None, keep_token_id: int | None
) -> User:
    """Change name, surname or password. A new password needs the current one
    (WrongPasswordError otherwise) and revokes every token of the user but `keep_token_id`."""
    new_password = changes.pop("password", None)
    if new_password is not None:
        if not passwords.verify(user.password, current_password or ""):
            raise WrongPasswordError("the current password is not right")
        user.password = passwords.hash(new_password)
        _end_access(user, keep_token_id=keep_token_id)
    for field, value in changes.items():
        setattr(user, field, value)
    db.session.commit()
    return user


def end_sessions(*, user: User) -> None:
    """End every web session of the user (logging out ends them all: sessions are signed
    cookies, so the server can only void them together)."""
    user.session_version += 1
    db.session.commit()


def sign_out_everywhere(*, user: User) -> None:
    """End every web session and revoke every API token of the user."""
    _end_access(user)
    db.session.commit()


def set_roles(*, user: User, changes: dict) -> User:
    """Set `active` and `is_admin` (an admin's decision). Deactivation ends the user's tokens
    and web sessions for good: reactivated, they log in again (the old ones stay dead)."""
    if user.active and changes.get("active") is False:
        _end_access(user)
    for field in ("active", "is_admin"):
        if field in changes:
            setattr(user, field, changes[field])
    db.session.commit()
    return user


def _end_access(user: User, keep_token_id: int | None = None) -> None:
    """End every web session and revoke every token of the user but `keep_token_id`, in the
    caller's transaction."""
    user.session_version += 1
    db.session.execute(delete(Token).where(Token.user_id == user.id, Token.id != keep_token_id))


def delete_user(*, user: User) -> None:
    """Delete an account; its tokens (and polls) go with it by ON DELETE CASCADE."""
    db.session.delete(user)
    db.session.commit()


def list_users(*, page: int, per_page: int) -> Pagination:
    """One page of users, oldest first."""
    return db.paginate(
        select(User).order_by(User.id), page=page, per_page=per_page, error_out=False
    )


def get_user(user_id: int) -> User | None:
    """The user with this id; None for none, ids beyond what an INTEGER column holds included."""
    return db.session.get(User, user_id) if 0 < user_id <= ID_MAX else None
