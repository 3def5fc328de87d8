"""`python manage.py seed`: demo accounts and polls whose kept counts match their ballots."""

import random
from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select

from om_core.data import Ballot, Poll, User, db
from om_core.voting import demo as seed
from om_core.voting.queries import get_poll

DEMO_EMAILS = {email for email, _, _ in seed.DEMO_PEOPLE}


def seeded_polls(app) -> list[tuple[str, str]]:
    """(poll id, owner's email) of every poll in the database."""
    with app.app_context():
        rows = db.session.execute(select(Poll.id, User.email).join(Poll.owner)).all()
    return [tuple(row) for row in rows]


def recount(app, poll_id: str) -> tuple[int, dict[int, int]]:
    """The poll's ballots counted from the rows: every choice, or first preferences if ranked."""
    with app.app_context():
        kind = db.session.get(Poll, poll_id).kind
        ballots = db.session.scalars(select(Ballot.choices).where(Ballot.poll_id == poll_id)).all()
    counted = [b[:1] if kind == "ranked" else b for b in ballots]
    return len(ballots), dict(Counter(choice for ballot in counted for choice in ballot))


def counts(poll_id: str) -> tuple[int, dict[int, int]]:
    """The poll's kept counts, as stored (inside an app context)."""
    poll = get_poll(poll_id)
    return poll.total_votes, {choice.id: choice.votes for choice in poll.choices if choice.votes}


def api_counts(client, poll_id: str, headers: dict) -> tuple[int, dict[int, int]]:
    response = client.get(f"/api/polls/{poll_id}/results", headers=headers)
    assert response.status_code == 200, response.json
    votes = {line["id"]: line["votes"] for line in response.json["choices"] if line["votes"]}
    return response.json["total_votes"], votes


def test_seed_makes_demo_users_who_can_log_in(runner, app, auth):
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        emails = set(db.session.scalars(select(User.email)))
    assert emails == DEMO_EMAILS
    for email in DEMO_EMAILS:
        assert auth.login(email, seed.DEMO_PASSWORD)


def test_seed_makes_a_poll_of_every_kind(runner, app):
    assert runner.invoke(args=["seed"]).exit_code == 0
    with app.app_context():
        polls = db.session.scalars(select(Poll)).all()
        traits = {(p.kind, p.max_selections, p.visibility, p.is_open) for p in polls}
        assert {"single", "multiple", "ranked"} == {p.kind for p in polls}
        assert ("multiple", 2, "public", True) in traits
        assert ("single", None, "unlisted", True) in traits
        assert ("single", None, "public", False) in traits
        assert "after_vote" in {p.results_visibility for p in polls}


def test_seeded_results_equal_a_recount_of_the_ballots(runner, app, client, auth):
    assert runner.invoke(args=["seed"]).exit_code == 0
    tokens = {email: auth.login(email, seed.DEMO_PASSWORD) for email in DEMO_EMAILS}
    for poll_id, owner in seeded_polls(app):  # as the owner, who sees after_vote results too
        headers = {"Authorization": f"Bearer {tokens[owner]}"}
        total, votes = recount(app, poll_id)
        assert total == len(DEMO_EMAILS) + seed.ANONYMOUS_VOTERS
        assert api_counts(client, poll_id, headers) == (total, votes)


def test_seeded_polls_have_ballots_from_users_and_anonymous_voters(runner, app):
    assert runner.invoke(args=["seed"]).exit_code == 0
    with app.app_context():
        rows = db.session.execute(select(Ballot.poll_id, Ballot.voter)).all()
    voters = defaultdict(Counter)
    for poll_id, voter in rows:
        voters[poll_id][voter.partition(":")[0]] += 1
    assert len(voters) == len(seed.DEMO_POLLS)
    expected = {"user": len(DEMO_EMAILS), "anon": seed.ANONYMOUS_VOTERS}
    assert all(kinds == expected for kinds in voters.values())


def test_seed_prints_each_poll_link_and_the_demo_password(runner, app):
    result = runner.invoke(args=["seed"])
    for poll_id, _ in seeded_polls(app):
        assert f"/api/polls/{poll_id}" in result.output
    assert seed.DEMO_PASSWORD in result.output


def test_seed_votes_makes_a_big_poll_with_that_many_ballots(runner, app, client):
    result = runner.invoke(args=["seed", "--votes", "2500"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        poll_id = db.session.scalar(select(Poll.id).where(Poll.question.contains("2,500")))
    total, votes = api_counts(client, poll_id, {})
    assert total == 2500
    assert (total, votes) == recount(app, poll_id)


def test_big_poll_counts_equal_the_ballots_after_every_batch(app):
    sizes = []
    with app.app_context():
        poll = seed.create_big_poll(seed.demo_users()[0], 2500)
        poll_id = poll.id
        for inserted in seed.add_anonymous_ballots(poll, 2500, random.Random(3), batch_size=1000):
            sizes.append(inserted)
            stored = db.session.scalar(select(func.count()).where(Ballot.poll_id == poll_id))
            assert counts(poll_id)[0] == stored == sum(sizes)
        kept = counts(poll_id)
    assert sizes == [1000, 1000, 500]
    assert kept == recount(app, poll_id)


@pytest.mark.parametrize("votes", ["0", "10"])
def test_seeding_twice_reuses_the_users_and_adds_polls(runner, app, votes):
    for _ in range(2):
        result = runner.invoke(args=["seed", "--votes", votes])
        assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == len(DEMO_EMAILS)
        polls = db.session.scalar(select(func.count()).select_from(Poll))
    assert polls == 2 * (len(seed.DEMO_POLLS) + (votes != "0"))
