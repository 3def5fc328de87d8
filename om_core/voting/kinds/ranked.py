"""`ranked` polls: 1 to all distinct choices in order of preference, counted by instant runoff.

A ranked ballot adds a kept vote to its first preference only (results show first
preferences beside the runoff)."""

from collections.abc import Collection, Sequence

from om_core.errors import InvalidBallotError
from om_core.voting.interfaces import PollKind
from om_core.voting.kinds.rules import at_most, checked_ids


def validate(
    choice_ids: Sequence[int], poll_choice_ids: Collection[int], max_selections: int | None
) -> tuple[int, ...]:
    """A ranked ballot holds 1 to all distinct choice ids of the poll, in order of preference."""
    if not choice_ids:
        raise InvalidBallotError("rank at least one choice")
    ballot = checked_ids(choice_ids, poll_choice_ids)
    limit = len(set(poll_choice_ids))
    if len(ballot) > limit:
        raise InvalidBallotError(at_most(limit, "rank"))
    return ballot


def first_preference(ballot: Sequence[int]) -> tuple[int, ...]:
    return (ballot[0],)


KIND = PollKind(
    name="ranked",
    label="Ranked (order the choices)",
    method="irv",
    ballot_input="rank",
    validate=validate,
    counted=first_preference,
)
