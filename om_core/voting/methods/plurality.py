"""Plurality: the most votes wins, ties kept; counted from the kept votes per choice alone."""

from collections.abc import Iterable, Mapping, Sequence

from om_core.voting.interfaces import CountingMethod
from om_core.voting.tally import Counted, count_choices


def count(
    choice_ids: Sequence[int],
    kept_votes: Mapping[int, int],
    ballots: int,
    rankings: Iterable[Sequence[int]],
) -> Counted:
    """Each choice's kept votes and their percent of the ballots; every choice tied for the
    most votes wins. The ballots themselves are not read."""
    return count_choices({choice_id: kept_votes[choice_id] for choice_id in choice_ids}, ballots)


METHOD = CountingMethod(name="plurality", count=count)
