"""A vote racing an edit of its poll's choices is refused cleanly: never a 500, never a
ballot for a choice that no longer exists (PostgreSQL, where the two really run at once)."""

import threading
import time

import pytest
from sqlalchemy import delete, func, insert, select, update

from om_core.data import Ballot, Choice, Poll, db, utcnow
from tests.api.polls_helpers import create_poll


@pytest.fixture
def postgres_app(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("a real race needs two PostgreSQL sessions")
    return app


def test_vote_racing_a_choice_edit_is_refused_not_a_500(postgres_app, client, auth):
    poll = create_poll(client, auth.signup())
    old_choice = poll["choices"][0]["id"]
    with postgres_app.app_context():
        engine = db.engine
    with engine.connect() as edit:
        transaction = edit.begin()  # an edit holds the poll row, as update_poll does
        edit.execute(select(Poll.id).where(Poll.id == poll["id"]).with_for_update())
        edit.execute(update(Poll).where(Poll.id == poll["id"]).values(updated_at=utcnow()))
        edit.execute(delete(Choice).where(Choice.poll_id == poll["id"]))
        edit.execute(
            insert(Choice),
            [{"poll_id": poll["id"], "text": t, "position": n} for n, t in ((1, "X"), (2, "Y"))],
        )
        answers = []
        voter = threading.Thread(
            target=lambda: answers.append(
                postgres_app.test_client().post(
                    f"/api/polls/{poll['id']}/votes", json={"choices": [old_choice]}
                )
            )
        )
        voter.start()
        time.sleep(0.5)  # the vote now waits on the poll row's lock
        transaction.commit()
    voter.join(timeout=20)
    assert answers and answers[0].status_code == 422, answers and answers[0].json
    with postgres_app.app_context():
        assert db.session.scalar(select(func.count()).where(Ballot.poll_id == poll["id"])) == 0
