"""`single` polls: exactly one choice per ballot, counted by plurality."""

from collections.abc import Collection, Sequence

from om_core.errors import InvalidBallotError
from om_core.voting.interfaces import PollKind
from om_core.voting.kinds.rules import checked_ids


def validate(
    choice_ids: Sequence[int], poll_choice_ids: Collection[int], max_selections: int | None
) -> tuple[int, ...]:
    """A single ballot holds exactly one choice id of the poll."""
    if not choice_ids:
        raise InvalidBallotError("choose exactly one choice")
    ballot = checked_ids(choice_ids, poll_choice_ids)
    if len(ballot) > 1:
        raise InvalidBallotError("choose exactly one choice")
    return ballot


KIND = PollKind(
    name="single", label="One choice", method="plurality", ballot_input="one", validate=validate
)
