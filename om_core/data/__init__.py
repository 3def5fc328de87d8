"""The data layer: the `db` handle and the typed models. Nothing here commits or knows HTTP."""

from om_core.data.database import db, utcnow
from om_core.data.user import Token, User

__all__ = ["Token", "User", "db", "utcnow"]
