"""Who may see a poll's results, and when: a pure rule, no Flask, no database."""

from enum import StrEnum


class ResultsVisibility(StrEnum):
    ALWAYS = "always"
    AFTER_VOTE = "after_vote"
    AFTER_CLOSE = "after_close"


def results_visible(visibility: str, *, is_open: bool, has_voted: bool, manages: bool) -> bool:
    """Whether a caller sees the results.

    The owner (and an admin: `manages`) always does. "always": everyone. "after_vote": those
    who voted, and everyone once the poll is closed (nobody can vote any more). "after_close":
    everyone once the poll is closed, nobody before.
    """
    if manages or not is_open:
        return True
    rule = ResultsVisibility(visibility)
    return rule is ResultsVisibility.ALWAYS or (rule is ResultsVisibility.AFTER_VOTE and has_voted)
