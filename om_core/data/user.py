"""Accounts: the brief's User, with an argon2id hash in `password`, and their API tokens."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Select, String, bindparam, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from om_core.data.database import UTCDateTime, db, utcnow
from om_core.limits import EMAIL_MAX, NAME_MAX


class User(UserMixin, db.Model):
    """Someone with an account: they own polls and vote by account. (UserMixin gives
    Flask-Login the few attributes web sessions need.)"""

    __tablename__ = "users"
    # SQLite AUTOINCREMENT: a deleted user's id is never given again (ballots keep "user:<id>").
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)  # stored lower-cased
    password: Mapped[str] = mapped_column(String(255))  # an argon2id hash, never the password
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    surname: Mapped[str] = mapped_column(String(NAME_MAX))
    active: Mapped[bool] = mapped_column(default=True)
    is_admin: Mapped[bool] = mapped_column(default=False)
    # Part of the web session's id: raising it (log out, new password) ends every session.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    tokens: Mapped[list["Token"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_active(self) -> bool:
        """Flask-Login: a deactivated user's session stops working."""
        return self.active

    def get_id(self) -> str:
        """Flask-Login: what the session cookie holds, so a newer session_version voids it."""
        return f"{self.id}.{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class Token(db.Model):
    """An API bearer token. Only its SHA-256 is stored, so a leaked table yields no tokens."""

    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")


def live_token_callers() -> Select:
    """Who the token whose hash is `:token_hash` speaks for, if it is live at `:at`: not
    expired, its user active. (user_id, is_admin, token_id); the one place for that rule,
    used by the token lookup and by the token vote's single statement."""
    return (
        select(User.id.label("user_id"), User.is_admin, Token.id.label("token_id"))
        .join(Token, Token.user_id == User.id)
        .where(
            Token.token_hash == bindparam("token_hash"),
            Token.expires_at > bindparam("at", type_=UTCDateTime),
            User.active,
        )
    )
