"""Which ballots each poll kind accepts: the wrong ones are 422 and count nothing."""

import pytest

from tests.api.polls_helpers import (
    assert_problem,
    choice_ids,
    create_poll,
    error_fields,
    stored_ballots,
)

KINDS = ["single", "multiple", "ranked"]
# Each bad ballot, built from the poll's choice ids and the id of another poll's choice.
BAD_BALLOTS = {
    "empty": lambda ids, other: [],
    "repeat": lambda ids, other: [ids[0], ids[0]],
    "other-poll": lambda ids, other: [other],
    "other-poll-after-a-good-one": lambda ids, other: [ids[0], other],
    "unknown-id": lambda ids, other: [max(*ids, other) + 1000],
    "string": lambda ids, other: [str(ids[0])],
    "boolean": lambda ids, other: [True],
    "float": lambda ids, other: [float(ids[0])],
    "null": lambda ids, other: [None],
    "nested": lambda ids, other: [[ids[0]]],
}
TOO_MANY = {
    "single": lambda ids, other: ids[:2],
    "multiple": lambda ids, other: ids[:3],  # max_selections is 2
}  # a ranked ballot can hold every choice: one more is a repeat or a foreign id
CASES = [(kind, name, build) for kind in KINDS for name, build in BAD_BALLOTS.items()] + [
    (kind, "too-many", build) for kind, build in TOO_MANY.items()
]


@pytest.fixture
def polls(client, auth):
    """Make a poll of the asked kind and another poll; return the first and a foreign id."""

    def make(kind: str) -> tuple[dict, int]:
        owner = auth.signup()
        settings = {"kind": kind, "max_selections": 2} if kind == "multiple" else {"kind": kind}
        other = create_poll(client, owner)
        return create_poll(client, owner, **settings), choice_ids(other)[0]

    return make


def post_ballot(client, poll_id: str, body: dict):
    return client.post(f"/api/polls/{poll_id}/votes", json=body)


@pytest.mark.parametrize(("kind", "name", "build"), CASES, ids=[f"{k}-{n}" for k, n, _ in CASES])
def test_invalid_ballot_is_422_on_choices_and_counts_nothing(client, app, polls, kind, name, build):
    poll, foreign = polls(kind)
    response = post_ballot(client, poll["id"], {"choices": build(choice_ids(poll), foreign)})
    assert "choices" in error_fields(assert_problem(response, 422))
    assert stored_ballots(app, poll["id"]) == []
    assert client.get(f"/api/polls/{poll['id']}").json["total_votes"] == 0


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "body", [{}, {"choices": None}, {"choices": 1}, {"choices": "1,2"}, {"choices": {"1": 1}}]
)
def test_ballot_without_a_list_of_choices_is_422(client, app, polls, kind, body):
    poll, _ = polls(kind)
    assert "choices" in error_fields(assert_problem(post_ballot(client, poll["id"], body), 422))
    assert stored_ballots(app, poll["id"]) == []


def test_ballot_with_an_unknown_field_is_422(client, app, polls):
    poll, _ = polls("single")
    body = {"choices": choice_ids(poll)[:1], "weight": 10}
    assert "weight" in error_fields(assert_problem(post_ballot(client, poll["id"], body), 422))
    assert stored_ballots(app, poll["id"]) == []


def test_invalid_ballot_sets_no_voter_cookie(client, polls):
    poll, _ = polls("single")
    response = post_ballot(client, poll["id"], {"choices": []})
    assert response.status_code == 422
    assert "poll_voter=" not in " ".join(response.headers.getlist("Set-Cookie"))


@pytest.mark.parametrize("raw", ["[1, 2]", '"choices"', "{not json"])
def test_ballot_body_that_is_not_a_json_object_is_400(client, app, polls, raw):
    poll, _ = polls("single")
    url = f"/api/polls/{poll['id']}/votes"
    assert_problem(client.post(url, data=raw, content_type="application/json"), 400)
    assert stored_ballots(app, poll["id"]) == []
