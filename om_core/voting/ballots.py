"""Which ballots are valid for which poll kind: pure rules on choice ids, no Flask, no database."""

from collections.abc import Collection, Sequence
from enum import StrEnum

from om_core.errors import InvalidBallotError, InvalidPollError


class Kind(StrEnum):
    """How a poll is voted on, and so which ballots it accepts."""

    SINGLE = "single"  # exactly one choice
    MULTIPLE = "multiple"  # 1..max_selections distinct choices
    RANKED = "ranked"  # 1..all distinct choices, in order of preference


_TOO_FEW = {
    Kind.SINGLE: "choose exactly one choice",
    Kind.MULTIPLE: "choose at least one choice",
    Kind.RANKED: "rank at least one choice",
}


def validate_ballot(
    kind: str,
    choice_ids: Sequence[int],
    poll_choice_ids: Collection[int],
    max_selections: int | None = None,
) -> tuple[int, ...]:
    """Return the ballot as a tuple of choice ids, in the order given, or say why it is invalid.

    The rules, by poll kind:
    - "single": exactly one choice id;
    - "multiple": 1 to `max_selections` distinct choice ids (None means every choice);
    - "ranked": 1 to all distinct choice ids, in order of preference (the order is kept).
    Every id must be one of `poll_choice_ids` and may appear once. `max_selections` only
    applies to "multiple" polls and is ignored for the other kinds.

    Raises InvalidBallotError (field "choices") naming the first problem found: an empty
    ballot, an id that is not a whole number, an id not of this poll, a repeated id, then
    too many ids. Raises ValueError for an unknown `kind`: that is a bug, not a voter's error.
    """
    poll_kind = Kind(kind)
    ballot = tuple(choice_ids)
    if not ballot:
        raise InvalidBallotError(_TOO_FEW[poll_kind])
    _check_ids(ballot, poll_choice_ids)
    limit = _selection_limit(poll_kind, max_selections, len(set(poll_choice_ids)))
    if len(ballot) > limit:
        raise InvalidBallotError(_too_many_message(poll_kind, limit))
    return ballot


def _check_ids(ballot: tuple[int, ...], poll_choice_ids: Collection[int]) -> None:
    """Raise InvalidBallotError for the first id not an int, not in the poll, or repeated."""
    seen: set[int] = set()
    for choice_id in ballot:
        # bool is an int subclass: True would otherwise pass as choice 1.
        if isinstance(choice_id, bool) or not isinstance(choice_id, int):
            raise InvalidBallotError(f"choice {choice_id!r} is not a choice id")
        if choice_id not in poll_choice_ids:
            raise InvalidBallotError(f"choice {choice_id} is not in this poll")
        if choice_id in seen:
            raise InvalidBallotError(f"choice {choice_id} is repeated")
        seen.add(choice_id)


def _selection_limit(kind: Kind, max_selections: int | None, choice_count: int) -> int:
    """How many ids a ballot of this kind may hold."""
    if kind is Kind.SINGLE:
        return 1
    if kind is Kind.MULTIPLE and max_selections is not None:
        return max_selections
    return choice_count


def _too_many_message(kind: Kind, limit: int) -> str:
    """Tell the voter the upper bound they went over."""
    if kind is Kind.SINGLE:
        return "choose exactly one choice"
    noun = "choice" if limit == 1 else "choices"
    verb = "rank" if kind is Kind.RANKED else "choose"
    return f"{verb} at most {limit} {noun}"


def check_poll_shape(kind: str, choice_count: int, max_selections: int | None) -> None:
    """A poll's kind, choices and max_selections must fit together: `max_selections` belongs
    to "multiple" polls only, and is 1 to the number of choices. Raises InvalidPollError."""
    if max_selections is None:
        return
    if Kind(kind) is not Kind.MULTIPLE:
        raise InvalidPollError("max_selections is for multiple polls only", "max_selections")
    if not 1 <= max_selections <= choice_count:
        raise InvalidPollError(
            f"max_selections must be between 1 and {choice_count}", "max_selections"
        )
