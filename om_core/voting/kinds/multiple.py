"""`multiple` polls: 1 to `max_selections` distinct choices per ballot, counted by approval."""

from collections.abc import Collection, Sequence

from om_core.errors import InvalidBallotError
from om_core.voting.interfaces import PollKind
from om_core.voting.kinds.rules import at_most, checked_ids


def validate(
    choice_ids: Sequence[int], poll_choice_ids: Collection[int], max_selections: int | None
) -> tuple[int, ...]:
    """A multiple ballot holds 1 to `max_selections` distinct choice ids of the poll (None:
    up to every choice), in the order given."""
    if not choice_ids:
        raise InvalidBallotError("choose at least one choice")
    ballot = checked_ids(choice_ids, poll_choice_ids)
    limit = max_selections if max_selections is not None else len(set(poll_choice_ids))
    if len(ballot) > limit:
        raise InvalidBallotError(at_most(limit, "choose"))
    return ballot


KIND = PollKind(
    name="multiple",
    label="Several choices",
    method="approval",
    ballot_input="many",
    validate=validate,
    takes_max_selections=True,
)
