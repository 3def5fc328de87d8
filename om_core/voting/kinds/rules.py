"""Ballot rules every poll kind shares: ids must be whole numbers, of this poll, once each."""

from collections.abc import Collection, Sequence

from om_core.errors import InvalidBallotError


def checked_ids(choice_ids: Sequence[int], poll_choice_ids: Collection[int]) -> tuple[int, ...]:
    """The ballot as a tuple, in the order given. Raises InvalidBallotError for the first id
    that is not an int (True is not choice 1), not in the poll, or repeated."""
    ballot = tuple(choice_ids)
    seen: set[int] = set()
    for choice_id in ballot:
        if isinstance(choice_id, bool) or not isinstance(choice_id, int):
            raise InvalidBallotError(f"choice {choice_id!r} is not a choice id")
        if choice_id not in poll_choice_ids:
            raise InvalidBallotError(f"choice {choice_id} is not in this poll")
        if choice_id in seen:
            raise InvalidBallotError(f"choice {choice_id} is repeated")
        seen.add(choice_id)
    return ballot


def at_most(limit: int, verb: str) -> str:
    """Tell the voter the upper bound they went over: "choose at most 2 choices"."""
    return f"{verb} at most {limit} {'choice' if limit == 1 else 'choices'}"
