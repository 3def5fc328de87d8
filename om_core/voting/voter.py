"""Who casts a ballot, as the voting use cases know them."""

from dataclasses import dataclass

from om_core.data.poll import ACCOUNT_VOTER, ANONYMOUS_VOTER


@dataclass(frozen=True, slots=True)
class Voter:
    """Who casts a ballot: an account, or a browser known by its signed voter cookie, or
    (casting only) whoever a bearer token speaks for, checked by the vote's own statement."""

    key: str | None  # the ballot's `voter`; None until a token's user is known
    user_id: int | None = None
    token_hash: str | None = None

    @classmethod
    def for_user(cls, user_id: int) -> "Voter":
        return cls(f"{ACCOUNT_VOTER}{user_id}", user_id)

    @classmethod
    def anonymous(cls, cookie_id: str) -> "Voter":
        return cls(f"{ANONYMOUS_VOTER}{cookie_id}")

    @classmethod
    def by_token(cls, token_hash: str) -> "Voter":
        return cls(None, token_hash=token_hash)

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None and self.token_hash is None
