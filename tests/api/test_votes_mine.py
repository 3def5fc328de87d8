"""GET, PUT and DELETE /api/polls/<id>/votes/mine, and votes on a closed poll."""

from datetime import datetime

import pytest

from tests.api.polls_helpers import (
    assert_problem,
    choice_ids,
    close_poll,
    create_poll,
    get_results,
    stored_ballots,
    vote,
    votes_of,
)


def mine(poll_id: str, account) -> tuple[str, dict]:
    """The URL of the caller's ballot, and `account`'s auth headers."""
    return f"/api/polls/{poll_id}/votes/mine", account.headers


def test_get_my_ballot_is_200_with_it(client, auth):
    poll, voter = create_poll(client, auth.signup(), kind="ranked"), auth.signup()
    ranking = choice_ids(poll)[::-1]
    vote(client, poll["id"], ranking, voter)
    url, headers = mine(poll["id"], voter)
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert (response.json["poll_id"], response.json["choices"]) == (poll["id"], ranking)
    assert {"created_at", "updated_at"} <= set(response.json)


def test_anonymous_voter_gets_their_ballot_by_cookie(client, auth):
    poll = create_poll(client, auth.signup())
    vote(client, poll["id"], choice_ids(poll)[2:])
    response = client.get(f"/api/polls/{poll['id']}/votes/mine")
    assert (response.status_code, response.json["choices"]) == (200, choice_ids(poll)[2:])


def test_get_my_ballot_without_one_is_404(client, auth):
    poll, voter = create_poll(client, auth.signup()), auth.signup()
    vote(client, poll["id"], choice_ids(poll)[:1])  # a browser voted, not this user
    url, headers = mine(poll["id"], voter)
    assert_problem(client.get(url, headers=headers), 404)


def test_get_my_ballot_with_neither_token_nor_cookie_is_404(client, app, auth):
    poll = create_poll(client, auth.signup())
    vote(client, poll["id"], choice_ids(poll)[:1])
    assert_problem(app.test_client().get(f"/api/polls/{poll['id']}/votes/mine"), 404)


def test_put_replaces_my_ballot_and_moves_the_counts(client, app, auth):
    poll, voter = create_poll(client, auth.signup()), auth.signup()
    first, second = choice_ids(poll)[:2]
    vote(client, poll["id"], [first], voter)
    url, headers = mine(poll["id"], voter)
    response = client.put(url, json={"choices": [second]}, headers=headers)
    assert (response.status_code, response.json["choices"]) == (200, [second])
    assert datetime.fromisoformat(response.json["updated_at"]).utcoffset() is not None
    results = get_results(client, poll["id"])
    assert (results["total_votes"], votes_of(results)) == (1, [0, 1, 0])
    assert stored_ballots(app, poll["id"]) == [[second]]


def test_anonymous_voter_replaces_their_ballot(client, auth):
    poll = create_poll(client, auth.signup(), kind="multiple")
    vote(client, poll["id"], choice_ids(poll)[:2])
    response = client.put(
        f"/api/polls/{poll['id']}/votes/mine", json={"choices": [choice_ids(poll)[2]]}
    )
    assert response.status_code == 200
    assert votes_of(get_results(client, poll["id"])) == [0, 0, 1]


def test_put_with_an_invalid_ballot_is_422_and_keeps_the_old_one(client, app, auth):
    poll, voter = create_poll(client, auth.signup()), auth.signup()
    first = choice_ids(poll)[0]
    vote(client, poll["id"], [first], voter)
    url, headers = mine(poll["id"], voter)
    assert_problem(client.put(url, json={"choices": choice_ids(poll)[:2]}, headers=headers), 422)
    assert stored_ballots(app, poll["id"]) == [[first]]
    assert votes_of(get_results(client, poll["id"])) == [1, 0, 0]


def test_put_without_a_ballot_is_404_and_stores_nothing(client, app, auth):
    poll, voter = create_poll(client, auth.signup()), auth.signup()
    url, headers = mine(poll["id"], voter)
    assert_problem(client.put(url, json={"choices": choice_ids(poll)[:1]}, headers=headers), 404)
    assert stored_ballots(app, poll["id"]) == []


def test_delete_withdraws_my_ballot_and_its_counts(client, app, auth):
    poll, voter = create_poll(client, auth.signup()), auth.signup()
    vote(client, poll["id"], choice_ids(poll)[:1], voter)
    url, headers = mine(poll["id"], voter)
    response = client.delete(url, headers=headers)
    assert (response.status_code, response.data) == (204, b"")
    results = get_results(client, poll["id"])
    assert (results["total_votes"], votes_of(results)) == (0, [0, 0, 0])
    assert stored_ballots(app, poll["id"]) == []
    assert_problem(client.get(url, headers=headers), 404)


def test_after_withdrawing_one_can_vote_again(client, auth):
    poll, voter = create_poll(client, auth.signup()), auth.signup()
    vote(client, poll["id"], choice_ids(poll)[:1], voter)
    url, headers = mine(poll["id"], voter)
    client.delete(url, headers=headers)
    assert vote(client, poll["id"], choice_ids(poll)[1:2], voter).status_code == 201
    assert votes_of(get_results(client, poll["id"])) == [0, 1, 0]


def test_anonymous_voter_withdraws_and_votes_again(client, auth):
    poll = create_poll(client, auth.signup())
    vote(client, poll["id"], choice_ids(poll)[:1])
    assert client.delete(f"/api/polls/{poll['id']}/votes/mine").status_code == 204
    assert vote(client, poll["id"], choice_ids(poll)[:1]).status_code == 201
    assert client.get(f"/api/polls/{poll['id']}").json["total_votes"] == 1


def test_delete_without_a_ballot_is_404(client, auth):
    poll, voter = create_poll(client, auth.signup()), auth.signup()
    url, headers = mine(poll["id"], voter)
    assert_problem(client.delete(url, headers=headers), 404)


def test_post_on_a_closed_poll_is_409_poll_closed_and_stores_nothing(client, app, auth):
    owner = auth.signup()
    poll = create_poll(client, owner)
    close_poll(client, poll["id"], owner)
    assert_problem(
        vote(client, poll["id"], choice_ids(poll)[:1], auth.signup()), 409, "poll-closed"
    )
    assert stored_ballots(app, poll["id"]) == []


@pytest.mark.parametrize("method", ["put", "delete"])
def test_changing_a_ballot_on_a_closed_poll_is_409_poll_closed(client, app, auth, method):
    owner, voter = auth.signup(), auth.signup()
    poll = create_poll(client, owner)
    first, second = choice_ids(poll)[:2]
    vote(client, poll["id"], [first], voter)
    close_poll(client, poll["id"], owner)
    url, headers = mine(poll["id"], voter)
    response = client.open(url, method=method, json={"choices": [second]}, headers=headers)
    assert_problem(response, 409, "poll-closed")
    assert stored_ballots(app, poll["id"]) == [[first]]
