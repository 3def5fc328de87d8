"""A new poll kind is one module and one registry line: "pick exactly two", defined here in the
test alone, is created, voted in and counted through the API and the web page, with no other
module changed."""

import re

import pytest

from om_core.errors import InvalidBallotError
from om_core.voting.interfaces import PollKind
from om_core.voting.kinds.rules import checked_ids
from om_core.voting.registry import KINDS, register_kind
from tests.api.polls_helpers import assert_problem, choice_ids, create_poll, get_results, vote
from tests.web_forms import csrf_token


def pick_exactly_two(choice_ids, poll_choice_ids, max_selections) -> tuple[int, ...]:
    ballot = checked_ids(choice_ids, poll_choice_ids)
    if len(ballot) != 2:
        raise InvalidBallotError("pick exactly two choices")
    return ballot


PICK_TWO = PollKind(
    name="pick_two",
    label="Pick exactly two",
    method="approval",
    ballot_input="many",
    validate=pick_exactly_two,
)


@pytest.fixture
def pick_two():
    register_kind(PICK_TWO)
    yield PICK_TWO
    del KINDS[PICK_TWO.name]


def test_a_kind_registered_in_a_test_takes_ballots_through_the_api(client, auth, pick_two):
    poll = create_poll(client, auth.signup(), kind="pick_two", choices=["A", "B", "C"])
    a, _, c = choice_ids(poll)
    assert poll["kind"] == "pick_two"
    refused = vote(client, poll["id"], [a])
    assert assert_problem(refused, 422, "invalid-ballot")["errors"] == {
        "choices": ["pick exactly two choices"]
    }
    assert vote(client, poll["id"], [a, c]).status_code == 201
    results = get_results(client, poll["id"])
    assert [line["votes"] for line in results["choices"]] == [1, 0, 1]
    assert results["winners"] == [a, c]


def test_a_kind_registered_in_a_test_takes_ballots_on_the_web_page(app, client, auth, pick_two):
    poll = create_poll(client, auth.signup(), kind="pick_two", choices=["A", "B", "C"])
    a, b, _ = choice_ids(poll)
    browser = app.test_client()
    page = browser.get(f"/p/{poll['id']}").get_data(as_text=True)
    assert len(re.findall(r'<input type="checkbox" name="choice"', page)) == 3
    form = {"choice": [str(a), str(b)], "csrf_token": csrf_token(browser, f"/p/{poll['id']}")}
    answer = browser.post(f"/p/{poll['id']}", data=form)
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/p/{poll['id']}/results")
    assert get_results(client, poll["id"])["winners"] == [a, b]


def test_an_unregistered_kind_is_refused_as_an_invalid_field(client, auth):
    response = client.post(
        "/api/polls",
        json={"question": "Q?", "choices": ["A", "B"], "kind": "pick_two"},
        headers=auth.signup().headers,
    )
    assert "kind" in assert_problem(response, 422)["errors"]
