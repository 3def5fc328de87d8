"""GET /api/polls: the page of public polls, newest first, and its filters."""

import pytest

from tests.api.polls_helpers import (
    assert_problem,
    close_poll,
    create_poll,
    in_future,
    move_closes_at_to_past,
)


def listed_ids(client, query: str = "") -> list[str]:
    response = client.get(f"/api/polls?{query}")
    assert response.status_code == 200, response.json
    return [poll["id"] for poll in response.json["items"]]


def test_list_holds_public_polls_only(client, auth):
    owner = auth.signup()
    public = create_poll(client, owner)
    create_poll(client, owner, visibility="unlisted")
    assert listed_ids(client) == [public["id"]]


def test_unlisted_poll_is_never_listed_but_reachable_by_id(client, auth):
    owner = auth.signup()
    unlisted = create_poll(client, owner, visibility="unlisted", question="Secret plans?")
    assert listed_ids(client, f"q=secret&owner={owner.id}") == []
    response = client.get(f"/api/polls/{unlisted['id']}")
    assert response.status_code == 200
    assert response.json["visibility"] == "unlisted"


def test_list_is_newest_first(client, auth):
    owner = auth.signup()
    ids = [create_poll(client, owner)["id"] for _ in range(3)]
    assert listed_ids(client) == ids[::-1]


def test_list_items_are_polls_with_their_fields(client, auth):
    created = create_poll(client, auth.signup())
    assert client.get("/api/polls").json["items"] == [created]


@pytest.mark.parametrize("q", ["pizza", "PIZZA", "Best pIzZa", "topping?"])
def test_q_matches_text_in_the_question_ignoring_case(client, auth, q):
    owner = auth.signup()
    pizza = create_poll(client, owner, question="Best Pizza topping?")
    create_poll(client, owner, question="Favourite colour?")
    assert listed_ids(client, f"q={q}") == [pizza["id"]]


@pytest.mark.parametrize("q", ["İstanbul", "İSTANBUL", "trip"])
def test_q_beyond_ascii_matches_as_the_database_folds_case(client, auth, q):
    """Both sides are lowered by the database: Python lowers "İ" to "i" and a combining dot,
    PostgreSQL to "i", so lowering the search text in Python missed this question there."""
    owner = auth.signup()
    trip = create_poll(client, owner, question="İstanbul trip?")
    assert listed_ids(client, f"q={q}") == [trip["id"]]


@pytest.mark.parametrize("q", ["%", "_", "100%25"])
def test_q_wildcard_characters_match_only_themselves(client, auth, q):
    owner = auth.signup()
    create_poll(client, owner, question="Is 100 too many?")
    percent = create_poll(client, owner, question="Is 100% enough?")
    expected = [] if q == "_" else [percent["id"]]
    assert listed_ids(client, f"q={q}") == expected


def test_status_filter_tells_open_from_closed_polls(client, app, auth):
    owner = auth.signup()
    still_open = create_poll(client, owner)
    closed = create_poll(client, owner)
    close_poll(client, closed["id"], owner)
    expired = create_poll(client, owner, closes_at=in_future(seconds=30))
    move_closes_at_to_past(app, expired["id"])
    assert listed_ids(client, "status=open") == [still_open["id"]]
    assert listed_ids(client, "status=closed") == [expired["id"], closed["id"]]


def test_poll_whose_closes_at_is_still_ahead_is_open(client, auth):
    owner = auth.signup()
    later = create_poll(client, owner, closes_at=in_future(days=1))
    assert listed_ids(client, "status=open") == [later["id"]]
    assert listed_ids(client, "status=closed") == []


def test_owner_filter_lists_that_users_polls(client, auth):
    ann, bob = auth.signup(), auth.signup()
    anns = create_poll(client, ann)
    create_poll(client, bob)
    assert listed_ids(client, f"owner={ann.id}") == [anns["id"]]


def test_filters_combine(client, auth):
    ann, bob = auth.signup(), auth.signup()
    wanted = create_poll(client, ann, question="Lunch today?")
    create_poll(client, ann, question="Dinner today?")
    create_poll(client, bob, question="Lunch tomorrow?")
    assert listed_ids(client, f"q=lunch&owner={ann.id}&status=open") == [wanted["id"]]


def test_list_is_a_page_envelope(client, auth):
    owner = auth.signup()
    ids = [create_poll(client, owner)["id"] for _ in range(3)]
    first = client.get("/api/polls?per_page=2").json
    second = client.get("/api/polls?per_page=2&page=2").json
    assert (first["page"], first["per_page"], first["total"], first["pages"]) == (1, 2, 3, 2)
    assert [p["id"] for p in first["items"] + second["items"]] == ids[::-1]


def test_list_defaults_to_page_1_of_20(client):
    body = client.get("/api/polls").json
    assert (body["items"], body["page"], body["per_page"], body["total"]) == ([], 1, 20, 0)


def test_per_page_over_100_is_served_as_100(client):
    assert client.get("/api/polls?per_page=1000").json["per_page"] == 100


@pytest.mark.parametrize(
    "query", ["status=done", "status=opened", "owner=ann", "page=0", "per_page=0"]
)
def test_bad_filter_is_422_problem(client, query):
    assert_problem(client.get(f"/api/polls?{query}"), 422)
