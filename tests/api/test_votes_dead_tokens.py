"""A vote with a bearer token that is not live is a 401 and stores nothing.

The vote checks its token inside its own statement (one round trip on PostgreSQL), not in
the lookup every other route does first, so it gets tests of its own: the same refusal, with
the same body, for every way a token can be dead, and nothing counted."""

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select, update

from om_core.data import Ballot, Token, User, db, utcnow
from tests.api.polls_helpers import choice_ids, create_poll, vote


def kill_token(app, account, how: str) -> None:
    with app.app_context():
        if how == "expired":
            change = update(Token).where(Token.user_id == account.id)
            db.session.execute(change.values(expires_at=utcnow() - timedelta(seconds=1)))
        elif how == "revoked":
            db.session.execute(delete(Token).where(Token.user_id == account.id))
        else:  # the account was deactivated
            db.session.execute(update(User).where(User.id == account.id).values(active=False))
        db.session.commit()


def ballot_count(app, poll_id: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).where(Ballot.poll_id == poll_id))


@pytest.mark.parametrize("how", ["expired", "revoked", "deactivated"])
def test_a_vote_with_a_dead_token_is_401_and_stores_nothing(client, app, auth, how):
    poll = create_poll(client, auth.signup())
    voter = auth.signup()
    kill_token(app, voter, how)
    response = vote(client, poll["id"], choice_ids(poll)[:1], voter)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json["detail"] == (
        "The bearer token is missing, malformed, expired or revoked."
    )
    assert "poll_voter=" not in response.headers.get("Set-Cookie", "")
    assert ballot_count(app, poll["id"]) == 0
    results = client.get(f"/api/polls/{poll['id']}/results").json
    assert results["total_votes"] == 0


@pytest.mark.parametrize("header", ["Bearer", "Basic dXNlcjpwYXNz", "Bearer nonsense"])
def test_a_vote_with_a_malformed_or_unknown_token_is_401(client, app, auth, header):
    poll = create_poll(client, auth.signup())
    response = client.post(
        f"/api/polls/{poll['id']}/votes",
        json={"choices": choice_ids(poll)[:1]},
        headers={"Authorization": header},
    )
    assert response.status_code == 401
    assert ballot_count(app, poll["id"]) == 0


def test_a_live_token_votes_as_its_account_once(client, app, auth):
    poll = create_poll(client, auth.signup())
    voter = auth.signup()
    first = vote(client, poll["id"], choice_ids(poll)[:1], voter)
    assert first.status_code == 201
    again = vote(client, poll["id"], choice_ids(poll)[1:2], voter)
    assert again.status_code == 409
    assert again.json["type"].endswith("already-voted")
    with app.app_context():
        ballot = db.session.scalars(select(Ballot).where(Ballot.poll_id == poll["id"])).one()
    assert (ballot.voter, ballot.user_id) == (f"user:{voter.id}", voter.id)
    mine = client.get(f"/api/polls/{poll['id']}/votes/mine", headers=voter.headers)
    assert mine.json["choices"] == choice_ids(poll)[:1]
