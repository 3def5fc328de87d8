"""Who sees a poll's results, and when: results_visibility for JSON and CSV alike.

Our documented decision: once a poll is closed, everyone sees its results, `after_vote`
polls included (nobody can vote any more).
"""

import pytest

from tests.api.polls_helpers import (
    assert_problem,
    choice_ids,
    close_poll,
    create_poll,
    in_future,
    move_closes_at_to_past,
    vote,
)

RESULT_PATHS = ["/results", "/results.csv"]


def results_of(client, poll: dict, path: str, account=None):
    headers = account.headers if account else {}
    return client.get(f"/api/polls/{poll['id']}{path}", headers=headers)


@pytest.mark.parametrize("path", RESULT_PATHS)
def test_after_vote_hides_results_from_a_user_who_has_not_voted(client, auth, path):
    poll = create_poll(client, auth.signup(), results_visibility="after_vote")
    vote(client, poll["id"], choice_ids(poll)[:1], auth.signup())  # someone else voted
    assert_problem(results_of(client, poll, path, auth.signup()), 403)


@pytest.mark.parametrize("path", RESULT_PATHS)
def test_after_vote_hides_results_from_a_browser_that_has_not_voted(client, auth, path):
    poll = create_poll(client, auth.signup(), results_visibility="after_vote")
    assert_problem(results_of(client, poll, path), 403)


@pytest.mark.parametrize("path", RESULT_PATHS)
def test_after_vote_shows_results_to_a_user_who_voted(client, auth, path):
    poll, voter = create_poll(client, auth.signup(), results_visibility="after_vote"), auth.signup()
    vote(client, poll["id"], choice_ids(poll)[:1], voter)
    assert results_of(client, poll, path, voter).status_code == 200


def test_after_vote_shows_results_to_a_browser_that_voted(client, auth):
    poll = create_poll(client, auth.signup(), results_visibility="after_vote")
    vote(client, poll["id"], choice_ids(poll)[:1])
    response = results_of(client, poll, "/results")
    assert (response.status_code, response.json["total_votes"]) == (200, 1)


def test_after_vote_hides_results_again_after_withdrawing(client, auth):
    poll, voter = create_poll(client, auth.signup(), results_visibility="after_vote"), auth.signup()
    vote(client, poll["id"], choice_ids(poll)[:1], voter)
    client.delete(f"/api/polls/{poll['id']}/votes/mine", headers=voter.headers)
    assert_problem(results_of(client, poll, "/results", voter), 403)


@pytest.mark.parametrize("rule", ["after_vote", "after_close"])
@pytest.mark.parametrize("path", RESULT_PATHS)
def test_owner_always_sees_the_results(client, auth, rule, path):
    owner = auth.signup()
    poll = create_poll(client, owner, results_visibility=rule)
    assert results_of(client, poll, path, owner).status_code == 200


@pytest.mark.parametrize("rule", ["after_vote", "after_close"])
def test_everyone_sees_the_results_once_the_poll_is_closed(client, auth, rule):
    owner = auth.signup()
    poll = create_poll(client, owner, results_visibility=rule)
    vote(client, poll["id"], choice_ids(poll)[:1], owner)
    close_poll(client, poll["id"], owner)
    response = results_of(client, poll, "/results", auth.signup())
    assert (response.status_code, response.json["total_votes"]) == (200, 1)
    assert results_of(client, poll, "/results.csv").status_code == 200


@pytest.mark.parametrize("path", RESULT_PATHS)
def test_after_close_hides_results_from_a_voter_while_open(client, auth, path):
    poll, voter = (
        create_poll(client, auth.signup(), results_visibility="after_close"),
        auth.signup(),
    )
    vote(client, poll["id"], choice_ids(poll)[:1], voter)
    assert_problem(results_of(client, poll, path, voter), 403)
    assert_problem(results_of(client, poll, path), 403)


def test_after_close_shows_results_once_closes_at_has_passed(client, app, auth):
    poll = create_poll(
        client, auth.signup(), results_visibility="after_close", closes_at=in_future(minutes=1)
    )
    assert_problem(results_of(client, poll, "/results"), 403)
    move_closes_at_to_past(app, poll["id"])
    assert results_of(client, poll, "/results").status_code == 200
