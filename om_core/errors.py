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


class InvalidPollError(DomainError):
    """A poll whose fields do not fit together (e.g. max_selections on a single poll)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


class PollClosedError(DomainError):
    """The poll is closed: no ballot may be cast, replaced or withdrawn."""


class AlreadyVotedError(DomainError):
    """This voter already has a ballot in this poll; the database refused a second one."""


class PollHasVotesError(DomainError):
    """Choices, kind and max_selections are frozen once a ballot exists."""


class NoBallotError(DomainError):
    """The caller has no ballot in this poll."""


class ResultsHiddenError(DomainError):
    """The poll's results visibility hides its results from this caller for now."""


class DeadTokenError(DomainError):
    """The bearer token that came with the request is expired, revoked or unknown."""


class LoginRequiredError(DomainError):
    """The poll does not take anonymous votes, and the caller sent no token."""


class PollNotFoundError(DomainError):
    """There is no poll with this id (any more)."""
