"""Domain errors: what can go wrong in poll_app, independent of HTTP."""


class DomainError(Exception):
    """Base of every error the domain raises on purpose.

    The HTTP layer maps each subclass to one status and problem type; anything
    else that escapes is a bug, not a domain error.
    """


class InvalidBallotError(DomainError):
    """A ballot that breaks the rules of its poll's kind (a 422 on `choices`).

    The message says what is wrong in words a voter understands, for example
    "choose exactly one choice" or "choice 17 is not in this poll".
    """

    field = "choices"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class EmailTakenError(DomainError):
    """An account with this email (compared case-insensitively) already exists."""


class InvalidCredentialsError(DomainError):
    """Login refused: unknown email, wrong password or inactive account, told apart by nothing."""


class WrongPasswordError(DomainError):
    """The `current_password` given to confirm a password change is not the user's password."""
