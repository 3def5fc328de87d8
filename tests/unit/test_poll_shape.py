"""Which kinds, choice counts and max_selections fit together (voting/ballots.py)."""

import pytest

from om_core.errors import InvalidPollError
from om_core.voting.ballots import check_poll_shape


@pytest.mark.parametrize(
    ("kind", "choices", "max_selections"),
    [
        ("single", 2, None),
        ("ranked", 5, None),
        ("multiple", 3, None),
        ("multiple", 3, 1),
        ("multiple", 3, 3),
    ],
)
def test_fitting_shapes_pass(kind, choices, max_selections):
    check_poll_shape(kind, choices, max_selections)


@pytest.mark.parametrize("kind", ["single", "ranked"])
def test_max_selections_belongs_to_multiple_polls_only(kind):
    with pytest.raises(InvalidPollError, match="multiple polls only") as raised:
        check_poll_shape(kind, 3, 2)
    assert raised.value.field == "max_selections"


@pytest.mark.parametrize("max_selections", [0, 4])
def test_max_selections_is_between_one_and_the_number_of_choices(max_selections):
    with pytest.raises(InvalidPollError, match="between 1 and 3"):
        check_poll_shape("multiple", 3, max_selections)
