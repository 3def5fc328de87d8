"""PATCH, DELETE and close of /api/polls/<id>: who may change a poll, and what then."""

import pytest
from sqlalchemy import func, select, update

from om_core.data import Ballot, Choice, Poll, db, utcnow
from tests.api.polls_helpers import (
    assert_problem,
    choice_ids,
    close_poll,
    create_poll,
    in_future,
    move_closes_at_to_past,
    stored_ballots,
    vote,
)


def patch(client, poll_id, body, account=None):
    headers = account.headers if account else {}
    return client.patch(f"/api/polls/{poll_id}", json=body, headers=headers)


def test_replacing_choices_below_max_selections_is_422(client, auth):
    owner = auth.signup()
    poll = create_poll(client, owner, kind="multiple", max_selections=3)
    assert_problem(patch(client, poll["id"], {"choices": ["Yes", "No"]}, owner), 422)
    assert client.get(f"/api/polls/{poll['id']}").json == poll


def count_rows(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_owner_patches_a_poll(client, auth):
    owner = auth.signup()
    poll = create_poll(client, owner)
    response = patch(client, poll["id"], {"question": " Better question? "}, owner)
    assert response.status_code == 200
    assert response.json["question"] == "Better question?"
    assert client.get(f"/api/polls/{poll['id']}").json["question"] == "Better question?"


def test_patch_by_another_user_is_403_and_changes_nothing(client, auth):
    owner, other = auth.signup(), auth.signup()
    poll = create_poll(client, owner)
    assert_problem(patch(client, poll["id"], {"question": "Mine now?"}, other), 403)
    assert client.get(f"/api/polls/{poll['id']}").json == poll


def test_admin_patches_any_poll(client, auth):
    owner, admin = auth.signup(), auth.admin()
    poll = create_poll(client, owner)
    response = patch(client, poll["id"], {"visibility": "unlisted"}, admin)
    assert response.status_code == 200
    assert response.json["visibility"] == "unlisted"


def test_patch_without_token_is_401_and_changes_nothing(client, auth):
    poll = create_poll(client, auth.signup())
    assert_problem(patch(client, poll["id"], {"question": "Anyone?"}), 401)
    assert client.get(f"/api/polls/{poll['id']}").json == poll


def test_patch_of_unknown_poll_is_404(client, auth):
    assert_problem(patch(client, "NoSuchPoll1", {"question": "Hm?"}, auth.signup()), 404)


@pytest.mark.parametrize(
    "body",
    [
        {"question": "q" * 501},
        {"choices": ["One"]},
        {"choices": ["Yes", " yes"]},
        {"kind": "approval"},
        {"max_selections": 2},
        {"closes_at": "2001-01-01T00:00:00+00:00"},
        {"colour": "red"},
    ],
)
def test_invalid_patch_is_422_and_changes_nothing(client, auth, body):
    owner = auth.signup()
    poll = create_poll(client, owner)
    assert_problem(patch(client, poll["id"], body, owner), 422)
    assert client.get(f"/api/polls/{poll['id']}").json == poll


@pytest.mark.parametrize(
    "body", [{"choices": ["Yes", "No"]}, {"kind": "ranked"}, {"max_selections": 1}]
)
def test_frozen_field_change_after_a_ballot_is_409_and_changes_nothing(client, auth, body):
    owner = auth.signup()
    poll = create_poll(client, owner, kind="multiple", max_selections=2)
    assert vote(client, poll["id"], choice_ids(poll)[:1]).status_code == 201
    before = client.get(f"/api/polls/{poll['id']}").json
    assert_problem(patch(client, poll["id"], body, owner), 409, "poll-has-votes")
    assert client.get(f"/api/polls/{poll['id']}").json == before


def test_question_can_change_after_a_ballot(client, auth):
    owner = auth.signup()
    poll = create_poll(client, owner)
    assert vote(client, poll["id"], choice_ids(poll)[:1]).status_code == 201
    response = patch(client, poll["id"], {"question": "Reworded?"}, owner)
    assert response.status_code == 200
    assert response.json["question"] == "Reworded?"


def test_choices_are_replaced_before_any_ballot(client, auth):
    owner = auth.signup()
    poll = create_poll(client, owner)
    response = patch(client, poll["id"], {"choices": ["North", " South "]}, owner)
    assert response.status_code == 200
    choices = [(c["text"], c["position"]) for c in response.json["choices"]]
    assert choices == [("North", 1), ("South", 2)]
    assert client.get(f"/api/polls/{poll['id']}").json["choices"] == response.json["choices"]


def test_replaced_choices_never_lend_their_ids_to_new_ones(client, auth):
    """A client still showing the old choices votes by an old id: it must be refused, not
    counted for whichever new choice took that id (SQLite hands freed ids back)."""
    owner = auth.signup()
    poll = create_poll(client, owner)
    old_ids = choice_ids(poll)
    new_ids = choice_ids(patch(client, poll["id"], {"choices": ["North", "South"]}, owner).json)
    assert min(new_ids) > max(old_ids)
    assert_problem(vote(client, poll["id"], old_ids[:1]), 422, "invalid-ballot")
    assert client.get(f"/api/polls/{poll['id']}").json["total_votes"] == 0


def test_changing_kind_from_multiple_to_single_clears_max_selections(client, auth):
    owner = auth.signup()
    poll = create_poll(client, owner, kind="multiple", max_selections=2)
    response = patch(client, poll["id"], {"kind": "single"}, owner)
    assert response.status_code == 200
    assert (response.json["kind"], response.json["max_selections"]) == ("single", None)


def test_owner_deletes_a_poll_with_its_ballots(client, app, auth):
    owner, voter = auth.signup(), auth.signup()
    poll = create_poll(client, owner)
    vote(client, poll["id"], choice_ids(poll)[:1], voter)
    vote(client, poll["id"], choice_ids(poll)[1:2])
    response = client.delete(f"/api/polls/{poll['id']}", headers=owner.headers)
    assert (response.status_code, response.data) == (204, b"")
    assert_problem(client.get(f"/api/polls/{poll['id']}"), 404)
    assert stored_ballots(app, poll["id"]) == []
    assert count_rows(app, Choice, Choice.poll_id == poll["id"]) == 0


def test_delete_by_another_user_is_403_and_keeps_the_poll(client, app, auth):
    owner, other = auth.signup(), auth.signup()
    poll = create_poll(client, owner)
    vote(client, poll["id"], choice_ids(poll)[:1], owner)
    assert_problem(client.delete(f"/api/polls/{poll['id']}", headers=other.headers), 403)
    assert client.get(f"/api/polls/{poll['id']}").status_code == 200
    assert count_rows(app, Ballot, Ballot.poll_id == poll["id"]) == 1


def test_admin_deletes_any_poll(client, auth):
    owner, admin = auth.signup(), auth.admin()
    poll = create_poll(client, owner)
    assert client.delete(f"/api/polls/{poll['id']}", headers=admin.headers).status_code == 204
    assert client.get(f"/api/polls/{poll['id']}").status_code == 404


def test_delete_without_token_is_401(client, auth):
    poll = create_poll(client, auth.signup())
    assert_problem(client.delete(f"/api/polls/{poll['id']}"), 401)
    assert client.get(f"/api/polls/{poll['id']}").status_code == 200


def test_owner_closes_a_poll(client, auth):
    owner = auth.signup()
    poll = create_poll(client, owner)
    response = client.post(f"/api/polls/{poll['id']}/close", headers=owner.headers)
    assert response.status_code == 200
    assert response.json["is_open"] is False
    assert client.get(f"/api/polls/{poll['id']}").json["is_open"] is False


def test_admin_closes_any_poll(client, auth):
    owner, admin = auth.signup(), auth.admin()
    poll = create_poll(client, owner)
    response = client.post(f"/api/polls/{poll['id']}/close", headers=admin.headers)
    assert (response.status_code, response.json["is_open"]) == (200, False)


def test_close_by_another_user_is_403_and_the_poll_stays_open(client, auth):
    poll = create_poll(client, auth.signup())
    response = client.post(f"/api/polls/{poll['id']}/close", headers=auth.signup().headers)
    assert_problem(response, 403)
    assert client.get(f"/api/polls/{poll['id']}").json["is_open"] is True


def test_close_without_token_is_401_and_the_poll_stays_open(client, auth):
    poll = create_poll(client, auth.signup())
    assert_problem(client.post(f"/api/polls/{poll['id']}/close"), 401)
    assert client.get(f"/api/polls/{poll['id']}").json["is_open"] is True


def test_voting_on_a_closed_poll_is_409_poll_closed(client, auth):
    owner = auth.signup()
    poll = create_poll(client, owner)
    close_poll(client, poll["id"], owner)
    assert_problem(vote(client, poll["id"], choice_ids(poll)[:1]), 409, "poll-closed")


def test_voting_on_a_closed_poll_is_409_poll_closed_whatever_the_ballot(client, auth):
    owner = auth.signup()
    poll = create_poll(client, owner)
    close_poll(client, poll["id"], owner)
    for ballot in ([], [999_999], choice_ids(poll)):
        assert_problem(vote(client, poll["id"], ballot), 409, "poll-closed")


def test_a_poll_closed_by_another_app_server_refuses_any_ballot_as_closed(client, app, auth):
    """This server keeps the poll's shape from an earlier vote; another one closes the poll
    (here: straight in the database). A ballot that does not fit the kept shape is judged by
    the poll as it is now."""
    poll = create_poll(client, auth.signup())
    assert vote(client, poll["id"], choice_ids(poll)[:1]).status_code == 201
    with app.app_context():
        db.session.execute(update(Poll).where(Poll.id == poll["id"]).values(closed_at=utcnow()))
        db.session.commit()
    assert_problem(vote(client, poll["id"], [999_999], auth.signup()), 409, "poll-closed")


def test_poll_past_closes_at_is_closed_without_any_job(client, app, auth):
    poll = create_poll(client, auth.signup(), closes_at=in_future(seconds=30))
    move_closes_at_to_past(app, poll["id"])
    assert client.get(f"/api/polls/{poll['id']}").json["is_open"] is False
    assert_problem(vote(client, poll["id"], choice_ids(poll)[:1]), 409, "poll-closed")


def test_resending_frozen_fields_unchanged_after_a_ballot_is_not_a_change(client, auth):
    owner = auth.signup()
    poll = create_poll(client, owner, kind="multiple", max_selections=2)
    vote(client, poll["id"], [poll["choices"][0]["id"]])
    body = {
        "kind": "multiple",
        "max_selections": 2,
        "choices": [choice["text"] for choice in poll["choices"]],
        "question": "Still editable?",
    }
    response = client.patch(f"/api/polls/{poll['id']}", json=body, headers=owner.headers)
    assert response.status_code == 200
    assert response.json["question"] == "Still editable?"
    assert [c["id"] for c in response.json["choices"]] == [c["id"] for c in poll["choices"]]
