"""POST /api/polls/<id>/votes: who a voter is, and one ballot per voter per poll."""

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest
from itsdangerous import URLSafeSerializer

from tests.api.polls_helpers import (
    assert_problem,
    choice_ids,
    create_poll,
    get_results,
    stored_ballots,
    vote,
    votes_of,
)


def voter_cookie_header(response) -> str:
    """The Set-Cookie header that sets the `poll_voter` cookie."""
    found = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("poll_voter=")]
    assert len(found) == 1, response.headers.getlist("Set-Cookie")
    return found[0]


def test_token_voter_gets_201_with_the_ballot(client, auth):
    poll, voter = create_poll(client, auth.signup()), auth.signup()
    chosen = choice_ids(poll)[1]
    response = vote(client, poll["id"], [chosen], voter)
    assert response.status_code == 201
    assert response.content_type == "application/json"
    assert (response.json["poll_id"], response.json["choices"]) == (poll["id"], [chosen])
    assert datetime.fromisoformat(response.json["created_at"]).utcoffset() is not None


def test_vote_is_counted(client, auth):
    poll = create_poll(client, auth.signup())
    vote(client, poll["id"], choice_ids(poll)[1:2], auth.signup())
    assert client.get(f"/api/polls/{poll['id']}").json["total_votes"] == 1
    assert votes_of(get_results(client, poll["id"])) == [0, 1, 0]


def test_second_vote_by_the_same_user_is_409_and_counts_nothing(client, app, auth):
    poll, voter = create_poll(client, auth.signup()), auth.signup()
    first, second = choice_ids(poll)[:2]
    vote(client, poll["id"], [first], voter)
    assert_problem(vote(client, poll["id"], [second], voter), 409, "already-voted")
    assert client.get(f"/api/polls/{poll['id']}").json["total_votes"] == 1
    assert votes_of(get_results(client, poll["id"])) == [1, 0, 0]
    assert stored_ballots(app, poll["id"]) == [[first]]


def test_first_anonymous_vote_sets_an_httponly_samesite_lax_voter_cookie(client, auth):
    poll = create_poll(client, auth.signup())
    response = vote(client, poll["id"], choice_ids(poll)[:1])
    assert response.status_code == 201
    attributes = [part.strip().lower() for part in voter_cookie_header(response).split(";")]
    assert "httponly" in attributes
    assert "samesite=lax" in attributes


def test_same_browser_cannot_vote_twice(client, app, auth):
    poll = create_poll(client, auth.signup())
    first, second = choice_ids(poll)[:2]
    assert vote(client, poll["id"], [first]).status_code == 201
    assert_problem(vote(client, poll["id"], [second]), 409, "already-voted")
    assert client.get(f"/api/polls/{poll['id']}").json["total_votes"] == 1
    assert stored_ballots(app, poll["id"]) == [[first]]


def test_another_browser_can_vote(client, app, auth):
    poll = create_poll(client, auth.signup())
    assert vote(client, poll["id"], choice_ids(poll)[:1]).status_code == 201
    assert vote(app.test_client(), poll["id"], choice_ids(poll)[:1]).status_code == 201
    assert client.get(f"/api/polls/{poll['id']}").json["total_votes"] == 2


def test_browser_with_a_voter_cookie_votes_on_another_poll_without_a_new_cookie(client, auth):
    owner = auth.signup()
    first, second = create_poll(client, owner), create_poll(client, owner)
    vote(client, first["id"], choice_ids(first)[:1])
    response = vote(client, second["id"], choice_ids(second)[:1])
    assert response.status_code == 201
    assert "poll_voter=" not in " ".join(response.headers.getlist("Set-Cookie"))


def test_tampered_voter_cookie_is_not_trusted(client, app, auth):
    poll = create_poll(client, auth.signup())
    response = vote(client, poll["id"], choice_ids(poll)[:1])
    value = voter_cookie_header(response).split(";")[0].removeprefix("poll_voter=")
    forger = app.test_client()
    forger.set_cookie("poll_voter", value[:-2] + ("AA" if value[-2:] != "AA" else "BB"))
    assert_problem(forger.get(f"/api/polls/{poll['id']}/votes/mine"), 404)


def test_voter_cookie_keeps_itsdangerous_format(client, app, auth):
    """Cookies set before the signer skipped compression, and after, are the same bytes: a
    plain URLSafeSerializer reads ours, and ours reads one it made (a browser's old cookie)."""
    poll = create_poll(client, auth.signup())
    response = vote(client, poll["id"], choice_ids(poll)[:1])
    value = voter_cookie_header(response).split(";")[0].removeprefix("poll_voter=")
    plain = URLSafeSerializer(app.secret_key, salt="voter-cookie")
    voter_id = plain.loads(value)
    assert plain.dumps(voter_id) == value
    returning = app.test_client()
    returning.set_cookie("poll_voter", plain.dumps(voter_id))
    assert returning.get(f"/api/polls/{poll['id']}/votes/mine").status_code == 200


def test_voter_cookie_lasts_a_year_by_max_age_and_expires(client, app, auth):
    poll = create_poll(client, auth.signup())
    response = vote(client, poll["id"], choice_ids(poll)[:1])
    header = voter_cookie_header(response)
    attributes = dict(part.strip().partition("=")[::2] for part in header.split(";")[1:])
    assert int(attributes["Max-Age"]) == app.config["VOTER_COOKIE_MAX_AGE"]
    lifetime = parsedate_to_datetime(attributes["Expires"]) - datetime.now(UTC)
    assert abs(lifetime.total_seconds() - app.config["VOTER_COOKIE_MAX_AGE"]) <= 2
    assert {"HttpOnly", "SameSite"} <= attributes.keys()


def test_anonymous_vote_on_members_only_poll_is_401_and_stores_nothing(client, app, auth):
    poll = create_poll(client, auth.signup(), allow_anonymous=False)
    response = vote(client, poll["id"], choice_ids(poll)[:1])
    assert_problem(response, 401)
    assert "poll_voter=" not in " ".join(response.headers.getlist("Set-Cookie"))
    assert stored_ballots(app, poll["id"]) == []
    assert client.get(f"/api/polls/{poll['id']}").json["total_votes"] == 0


def test_voter_cookie_does_not_open_a_members_only_poll(client, app, auth):
    owner = auth.signup()
    open_poll, members = (
        create_poll(client, owner),
        create_poll(client, owner, allow_anonymous=False),
    )
    vote(client, open_poll["id"], choice_ids(open_poll)[:1])  # this browser now has a cookie
    assert_problem(vote(client, members["id"], choice_ids(members)[:1]), 401)
    assert stored_ballots(app, members["id"]) == []


def test_token_voter_votes_on_members_only_poll(client, auth):
    poll = create_poll(client, auth.signup(), allow_anonymous=False)
    assert vote(client, poll["id"], choice_ids(poll)[:1], auth.signup()).status_code == 201


def test_multiple_poll_takes_up_to_max_selections(client, auth):
    poll = create_poll(client, auth.signup(), kind="multiple", max_selections=2)
    response = vote(client, poll["id"], choice_ids(poll)[:2])
    assert response.status_code == 201
    assert votes_of(get_results(client, poll["id"])) == [1, 1, 0]


def test_multiple_poll_without_max_selections_takes_every_choice(client, auth):
    poll = create_poll(client, auth.signup(), kind="multiple")
    assert vote(client, poll["id"], choice_ids(poll)).status_code == 201
    assert votes_of(get_results(client, poll["id"])) == [1, 1, 1]


@pytest.mark.parametrize("order", [[2, 0, 1], [1, 2], [2]])
def test_ranked_ballot_keeps_its_order(client, app, auth, order):
    poll = create_poll(client, auth.signup(), kind="ranked")
    ranking = [choice_ids(poll)[i] for i in order]
    response = vote(client, poll["id"], ranking)
    assert (response.status_code, response.json["choices"]) == (201, ranking)
    assert client.get(f"/api/polls/{poll['id']}/votes/mine").json["choices"] == ranking
    assert stored_ballots(app, poll["id"]) == [ranking]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/votes"),
        ("get", "/votes/mine"),
        ("put", "/votes/mine"),
        ("delete", "/votes/mine"),
        ("get", "/results"),
        ("get", "/results.csv"),
    ],
)
def test_votes_and_results_of_an_unknown_poll_are_404(client, method, path):
    response = client.open(f"/api/polls/NoSuchPoll1{path}", method=method, json={"choices": [1]})
    assert_problem(response, 404)
