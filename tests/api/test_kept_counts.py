"""The kept counts that results read agree with a recount of the Ballot rows themselves,
after a burst of votes, refused second votes, replacements and withdrawals."""

import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.api.polls_helpers import choice_ids, create_poll, get_results, stored_ballots

SETTINGS = {
    "single": {"kind": "single"},
    "multiple": {"kind": "multiple", "max_selections": 3},
    "ranked": {"kind": "ranked"},
}
USERS, BROWSERS, REPLACED, WITHDRAWN, RETURNING = 6, 12, 8, 6, 3


def random_ballot(rng: random.Random, kind: str, ids: list[int]) -> list[int]:
    """A valid ballot of this kind: one choice, up to 3 (max_selections), or a ranking."""
    size = {"single": 1, "multiple": rng.randint(1, 3), "ranked": rng.randint(1, len(ids))}[kind]
    return rng.sample(ids, size)


def expect(response, status: int) -> None:
    assert response.status_code == status, response.get_data(as_text=True)


def burst(app, auth, poll: dict, rng: random.Random) -> None:
    """Voters with tokens and anonymous browsers vote (and try again), some replace their
    ballot, some withdraw it, and some of those vote once more."""
    url, ids = f"/api/polls/{poll['id']}/votes", choice_ids(poll)
    voters = [(app.test_client(), auth.signup().headers) for _ in range(USERS)]
    voters += [(app.test_client(), {}) for _ in range(BROWSERS)]

    def send(voter, method: str, path: str, status: int) -> None:
        browser, headers = voter
        body = {"choices": random_ballot(rng, poll["kind"], ids)}
        expect(browser.open(url + path, method=method, json=body, headers=headers), status)

    for voter in voters:
        send(voter, "POST", "", 201)
        send(voter, "POST", "", 409)
    for voter in rng.sample(voters, REPLACED):
        send(voter, "PUT", "/mine", 200)
    withdrawn = rng.sample(voters, WITHDRAWN)
    for voter in withdrawn:
        send(voter, "DELETE", "/mine", 204)
    for voter in withdrawn[:RETURNING]:
        send(voter, "POST", "", 201)


def recount(ballots: list[list[int]], kind: str) -> Counter:
    """Votes per choice from the ballots: every choice, or a ranked ballot's first one."""
    if kind == "ranked":
        return Counter(ballot[0] for ballot in ballots)
    return Counter(choice_id for ballot in ballots for choice_id in ballot)


@pytest.mark.parametrize("kind", SETTINGS)
def test_kept_counts_equal_a_recount_of_the_ballot_rows(client, app, auth, kind):
    poll = create_poll(client, auth.signup(), choices=list("ABCDE"), **SETTINGS[kind])
    burst(app, auth, poll, random.Random(kind))
    ballots = stored_ballots(app, poll["id"])
    assert len(ballots) == USERS + BROWSERS - WITHDRAWN + RETURNING
    results = get_results(client, poll["id"])
    assert results["total_votes"] == len(ballots)
    assert client.get(f"/api/polls/{poll['id']}").json["total_votes"] == len(ballots)
    counted = recount(ballots, kind)
    assert {c["id"]: c["votes"] for c in results["choices"]} == {
        choice_id: counted[choice_id] for choice_id in choice_ids(poll)
    }


def test_kept_counts_equal_a_recount_after_simultaneous_voters(client, app, auth):
    poll = create_poll(client, auth.signup(), kind="multiple", choices=list("ABCDE"))
    ids, url = choice_ids(poll), f"/api/polls/{poll['id']}/votes"

    def vote_from_a_new_browser(n: int) -> int:
        body = {"choices": random_ballot(random.Random(n), "multiple", ids)}
        return app.test_client().post(url, json=body).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert list(pool.map(vote_from_a_new_browser, range(BROWSERS))) == [201] * BROWSERS
    ballots, results = stored_ballots(app, poll["id"]), get_results(client, poll["id"])
    assert results["total_votes"] == len(ballots) == BROWSERS
    counted = recount(ballots, "multiple")
    assert [c["votes"] for c in results["choices"]] == [counted[i] for i in ids]


def test_simultaneous_double_submit_by_one_voter_counts_once(client, app, auth):
    poll, voter = create_poll(client, auth.signup()), auth.signup()
    url, body = f"/api/polls/{poll['id']}/votes", {"choices": choice_ids(poll)[:1]}
    browsers = [app.test_client() for _ in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = sorted(
            pool.map(lambda b: b.post(url, json=body, headers=voter.headers).status_code, browsers)
        )
    assert statuses == [201, 409, 409, 409]
    assert stored_ballots(app, poll["id"]) == [choice_ids(poll)[:1]]
    assert get_results(client, poll["id"])["total_votes"] == 1
