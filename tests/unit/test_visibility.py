"""Who sees a poll's results, and when (voting/visibility.py)."""

import pytest

from om_core.voting.visibility import results_visible


@pytest.mark.parametrize("visibility", ["always", "after_vote", "after_close"])
def test_owner_always_sees_results(visibility):
    assert results_visible(visibility, is_open=True, has_voted=False, manages=True)


@pytest.mark.parametrize("visibility", ["always", "after_vote", "after_close"])
def test_everyone_sees_results_of_a_closed_poll(visibility):
    assert results_visible(visibility, is_open=False, has_voted=False, manages=False)


@pytest.mark.parametrize(
    ("visibility", "has_voted", "visible"),
    [
        ("always", False, True),
        ("after_vote", False, False),
        ("after_vote", True, True),
        ("after_close", False, False),
        ("after_close", True, False),
    ],
)
def test_open_poll_results_follow_the_rule(visibility, has_voted, visible):
    assert results_visible(visibility, is_open=True, has_voted=has_voted, manages=False) is visible


def test_unknown_rule_is_a_bug_not_a_hidden_result():
    with pytest.raises(ValueError, match="sometimes"):
        results_visible("sometimes", is_open=True, has_voted=False, manages=False)
