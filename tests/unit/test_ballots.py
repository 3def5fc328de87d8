"""Which ballots each poll kind accepts: the kinds' own modules, found through the registry,
with no app."""

import pytest

from om_core.errors import DomainError, InvalidBallotError
from om_core.voting.registry import KINDS, kind_named

POLL = (10, 11, 12, 13)


def validate_ballot(kind: str, choice_ids, poll_choice_ids, max_selections):
    return kind_named(kind).validate(choice_ids, poll_choice_ids, max_selections)


def test_single_ballot_with_one_choice_is_returned_as_a_tuple():
    assert validate_ballot("single", [11], POLL, None) == (11,)


def test_single_ballot_with_two_choices_is_invalid():
    with pytest.raises(InvalidBallotError, match=r"^choose exactly one choice$"):
        validate_ballot("single", [10, 11], POLL, None)


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("single", "choose exactly one choice"),
        ("multiple", "choose at least one choice"),
        ("ranked", "rank at least one choice"),
    ],
)
def test_empty_ballot_is_invalid_for_every_kind(kind, message):
    with pytest.raises(InvalidBallotError, match=rf"^{message}$"):
        validate_ballot(kind, [], POLL, None)


@pytest.mark.parametrize("kind", list(KINDS))
def test_choice_of_another_poll_is_invalid(kind):
    with pytest.raises(InvalidBallotError, match=r"^choice 17 is not in this poll$"):
        validate_ballot(kind, [10, 17], POLL, None)


@pytest.mark.parametrize("kind", ["multiple", "ranked", "single"])
def test_repeated_choice_is_invalid(kind):
    with pytest.raises(InvalidBallotError, match=r"^choice 12 is repeated$"):
        validate_ballot(kind, [12, 12], POLL, None)


@pytest.mark.parametrize("bad_id", ["10", 10.0, None, True, [10]])
def test_choice_that_is_not_an_int_is_invalid(bad_id):
    with pytest.raises(InvalidBallotError, match=r"is not a choice id$"):
        validate_ballot("multiple", [bad_id], POLL, None)


def test_multiple_ballot_up_to_max_selections_keeps_the_order_given():
    assert validate_ballot("multiple", [13, 10], POLL, 2) == (13, 10)


@pytest.mark.parametrize(
    ("max_selections", "message"),
    [(2, "choose at most 2 choices"), (1, "choose at most 1 choice")],
)
def test_multiple_ballot_over_max_selections_is_invalid(max_selections, message):
    with pytest.raises(InvalidBallotError, match=rf"^{message}$"):
        validate_ballot("multiple", [10, 11, 12], POLL, max_selections)


def test_multiple_ballot_without_max_selections_may_hold_every_choice():
    assert validate_ballot("multiple", [13, 12, 11, 10], POLL, None) == (13, 12, 11, 10)


def test_ranked_ballot_keeps_the_order_of_preference():
    assert validate_ballot("ranked", (12, 10, 13), POLL, None) == (12, 10, 13)


def test_ranked_ballot_may_rank_every_choice():
    assert validate_ballot("ranked", [13, 11, 12, 10], POLL, None) == (13, 11, 12, 10)


def test_ranked_ballot_ignores_max_selections():
    assert validate_ballot("ranked", [11, 10, 12], POLL, 1) == (11, 10, 12)


def test_unknown_kind_is_a_value_error_not_a_ballot_error():
    with pytest.raises(ValueError, match="approval"):
        validate_ballot("approval", [10], POLL, None)


def test_invalid_ballot_error_names_the_choices_field_and_is_a_domain_error():
    with pytest.raises(InvalidBallotError) as caught:
        validate_ballot("single", [99], POLL, None)
    assert caught.value.field == "choices"
    assert caught.value.message == str(caught.value) == "choice 99 is not in this poll"
    assert isinstance(caught.value, DomainError)
