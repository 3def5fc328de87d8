"""The data layer: the `db` handle and the typed models. Nothing here commits or knows HTTP."""

from om_core.data.database import db, utcnow
from om_core.data.poll import Ballot, Choice, ChoiceTally, Poll, PollTally
from om_core.data.user import Token, User

__all__ = [
    "Ballot",
    "Choice",
    "ChoiceTally",
    "Poll",
    "PollTally",
    "Token",
    "User",
    "db",
    "utcnow",
]
