"""A voter's own ballot on the pages: a refused vote keeps what was picked and says why next
to it; a ballot can be changed or withdrawn while the poll is open."""

from sqlalchemy import select

from om_core.data import Ballot, db
from tests.api.polls_helpers import choice_ids, create_poll, get_results, votes_of
from tests.web_forms import csrf_token


def vote_on_the_page(browser, poll_id: str, form: dict):
    form = {**form, "csrf_token": csrf_token(browser, f"/p/{poll_id}")}
    return browser.post(f"/p/{poll_id}", data=form)


def stored_ballots(app) -> list[list[int]]:
    with app.app_context():
        return [ballot.choices for ballot in db.session.scalars(select(Ballot))]


def test_a_refused_vote_keeps_the_picks_and_says_why_next_to_them(app, client, auth):
    poll = create_poll(client, auth.signup(), kind="multiple", max_selections=1)
    red, green, _ = choice_ids(poll)
    browser = app.test_client()
    response = vote_on_the_page(browser, poll["id"], {"choice": [str(red), str(green)]})
    page = response.get_data(as_text=True)
    assert response.status_code == 200  # a form shown again, as every form of the pages
    assert 'id="ballot-error" role="alert">Your vote was not counted:' in page
    assert f'value="{red}" checked' in page and f'value="{green}" checked' in page
    assert stored_ballots(app) == []


def test_a_ranked_ballot_with_a_repeated_rank_keeps_its_ranks(app, client, auth):
    poll = create_poll(client, auth.signup(), kind="ranked")
    red, green, _ = choice_ids(poll)
    browser = app.test_client()
    page = vote_on_the_page(browser, poll["id"], {f"rank-{red}": "1", f"rank-{green}": "1"})
    text = page.get_data(as_text=True)
    assert "give each ranked choice a different rank" in text
    assert text.count('<option value="1" selected>') == 2
    assert stored_ballots(app) == []


def test_a_ballot_is_changed_on_its_page(app, client, auth):
    poll = create_poll(client, auth.signup())
    red, green, _ = choice_ids(poll)
    browser = app.test_client()
    assert vote_on_the_page(browser, poll["id"], {"choice": str(red)}).status_code == 302
    page = browser.get(f"/p/{poll['id']}").get_data(as_text=True)
    assert "Change my vote" in page and "Withdraw my vote" in page

    form_page = browser.get(f"/p/{poll['id']}/ballot").get_data(as_text=True)
    assert f'value="{red}" required checked' in form_page
    form = {"choice": str(green), "csrf_token": csrf_token(browser, f"/p/{poll['id']}/ballot")}
    response = browser.post(f"/p/{poll['id']}/ballot", data=form)
    assert response.headers["Location"] == f"/p/{poll['id']}/results"
    assert stored_ballots(app) == [[green]]
    assert votes_of(get_results(client, poll["id"])) == [0, 1, 0]


def test_a_refused_change_keeps_the_ballot_and_the_new_picks(app, client, auth):
    poll = create_poll(client, auth.signup())
    red, _, _ = choice_ids(poll)
    browser = app.test_client()
    vote_on_the_page(browser, poll["id"], {"choice": str(red)})
    form = {"choice": "999999", "csrf_token": csrf_token(browser, f"/p/{poll['id']}/ballot")}
    page = browser.post(f"/p/{poll['id']}/ballot", data=form).get_data(as_text=True)
    assert "Your vote was not changed:" in page
    assert stored_ballots(app) == [[red]]


def test_a_ballot_is_withdrawn_after_a_confirmation(app, client, auth):
    poll = create_poll(client, auth.signup())
    red, _, _ = choice_ids(poll)
    browser = app.test_client()
    vote_on_the_page(browser, poll["id"], {"choice": str(red)})
    question = browser.get(f"/p/{poll['id']}/ballot/withdraw").get_data(as_text=True)
    assert "Withdraw your vote?" in question
    assert stored_ballots(app) == [[red]]  # asking changes nothing

    form = {"csrf_token": csrf_token(browser, f"/p/{poll['id']}/ballot/withdraw")}
    response = browser.post(f"/p/{poll['id']}/ballot/withdraw", data=form)
    assert response.headers["Location"] == f"/p/{poll['id']}"
    assert stored_ballots(app) == []
    assert "Your vote is withdrawn." in browser.get(f"/p/{poll['id']}").get_data(as_text=True)
    assert votes_of(get_results(client, poll["id"])) == [0, 0, 0]


def test_without_a_ballot_there_is_nothing_to_change_or_withdraw(app, client, auth):
    poll = create_poll(client, auth.signup())
    browser = app.test_client()
    response = browser.get(f"/p/{poll['id']}/ballot")
    assert response.headers["Location"] == f"/p/{poll['id']}"
    form = {"csrf_token": csrf_token(browser, f"/p/{poll['id']}/ballot/withdraw")}
    browser.post(f"/p/{poll['id']}/ballot/withdraw", data=form)
    assert "Nothing was withdrawn" in browser.get(f"/p/{poll['id']}").get_data(as_text=True)
