"""Who casts a ballot, as the voting use cases know them."""

from dataclasses import dataclass

from om_core.data.poll import ACCOUNT_VOTER, ANONYMOUS_VOTER


@dataclass(frozen=True, slots=True)
class Voter:
    """Who casts a ballot: an account, or a browser known by its signed voter cookie."""

    key: str  # the ballot's `voter`
    user_id: int | None = None

    @classmethod
    def for_user(cls, user_id: int) -> "Voter":
        return cls(f"{ACCOUNT_VOTER}{user_id}", user_id)

    @classmethod
    def anonymous(cls, cookie_id: str) -> "Voter":
        return cls(f"{ANONYMOUS_VOTER}{cookie_id}")

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None
