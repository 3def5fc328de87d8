"""Managing a poll on the pages as its API allows: edit it (its choices only while no one has
voted), duplicate it, download its results as CSV; and the account page."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from om_core.data import Poll, User, db
from tests.api.polls_helpers import choice_ids, create_poll, vote
from tests.factories import PASSWORD
from tests.web_forms import csrf_token, log_in


def owner_browser(app, auth):
    """A browser signed in as a new account, and that account."""
    account = auth.signup()
    browser = app.test_client()
    log_in(browser, account.email)
    return browser, account


def stored_poll(app, poll_id: str) -> Poll:
    with app.app_context():
        poll = db.session.get(Poll, poll_id)
        return poll, [choice.text for choice in poll.choices]


def edit_form(browser, poll_id: str, **fields) -> dict:
    """A valid edit of a poll made by `create_poll`, with `fields` changed."""
    form = {
        "question": "Dinner instead?",
        "description": "",
        "choices-0": "Red",
        "choices-1": "Green",
        "choices-2": "Blue",
        "results_visibility": "always",
        "visibility": "public",
        "allow_anonymous": "y",
        "closes_at": "",
        "csrf_token": csrf_token(browser, "/logout"),  # any page of the session
    }
    return form | fields


def test_the_owner_edits_question_deadline_visibility_and_choices(app, client, auth):
    browser, account = owner_browser(app, auth)
    poll = create_poll(client, account, description="Old words")
    page = browser.get(f"/p/{poll['id']}/edit").get_data(as_text=True)
    assert f'value="{poll["question"]}"' in page and "Old words" in page
    closes = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    form = edit_form(
        browser, poll["id"], visibility="unlisted", closes_at=closes, **{"choices-2": "Teal"}
    )
    response = browser.post(f"/p/{poll['id']}/edit", data=form)
    assert response.headers["Location"] == f"/p/{poll['id']}/manage"
    stored, texts = stored_poll(app, poll["id"])
    assert stored.question == "Dinner instead?" and stored.description is None
    assert stored.visibility == "unlisted"
    assert stored.closes_at.strftime("%Y-%m-%dT%H:%M") == closes
    assert texts == ["Red", "Green", "Teal"]


def test_once_voted_the_choices_stay_but_the_rest_can_change(app, client, auth):
    browser, account = owner_browser(app, auth)
    poll = create_poll(client, account)
    assert vote(client, poll["id"], choice_ids(poll)[:1], account).status_code == 201
    page = browser.get(f"/p/{poll['id']}/edit").get_data(as_text=True)
    assert "The choices stay as they are now that people have voted." in page
    assert 'name="choices-0"' not in page
    form = edit_form(browser, poll["id"], **{"choices-0": "Sneaky"})
    assert browser.post(f"/p/{poll['id']}/edit", data=form).status_code == 302
    stored, texts = stored_poll(app, poll["id"])
    assert stored.question == "Dinner instead?" and texts == ["Red", "Green", "Blue"]


def test_a_bad_edit_is_named_next_to_its_field_and_changes_nothing(app, client, auth):
    browser, account = owner_browser(app, auth)
    poll = create_poll(client, account)
    form = edit_form(browser, poll["id"], question="", closes_at="2001-01-01T00:00")
    page = browser.post(f"/p/{poll['id']}/edit", data=form).get_data(as_text=True)
    assert 'id="question-error"' in page and 'id="closes_at-error"' in page
    assert stored_poll(app, poll["id"])[0].question == poll["question"]


def test_only_a_manager_edits(app, client, auth):
    poll = create_poll(client, auth.signup())
    other, _ = owner_browser(app, auth)
    assert other.get(f"/p/{poll['id']}/edit").status_code == 403
    form = edit_form(other, poll["id"])
    assert other.post(f"/p/{poll['id']}/edit", data=form).status_code == 403
    assert stored_poll(app, poll["id"])[0].question == poll["question"]


def test_duplicate_starts_a_new_poll_as_a_copy(app, client, auth):
    browser, account = owner_browser(app, auth)
    poll = create_poll(client, account, kind="multiple", max_selections=2)
    page = browser.get(f"/polls/new?from={poll['id']}").get_data(as_text=True)
    assert f'value="{poll["question"]}"' in page
    for text in ("Red", "Green", "Blue"):
        assert f'value="{text}"' in page
    kind = re.search(r'<input checked id="kind-\d" name="kind" type="radio" value="(\w+)">', page)
    assert kind.group(1) == "multiple"
    assert 'name="max_selections" type="number" value="2"' in page
    assert 'value="Red"' not in browser.get("/polls/new?from=nope%00").get_data(as_text=True)


def test_results_download_as_csv_for_whoever_may_see_them(app, client, auth):
    browser, account = owner_browser(app, auth)
    poll = create_poll(client, account, results_visibility="after_close")
    vote(client, poll["id"], choice_ids(poll)[1:2], account)
    response = browser.get(f"/p/{poll['id']}/results.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data(as_text=True).splitlines() == [
        "choice,votes,percent",
        "Red,0,0.0",
        "Green,1,100.0",
        "Blue,0,0.0",
    ]
    assert app.test_client().get(f"/p/{poll['id']}/results.csv").status_code == 403


def test_the_account_page_changes_the_name(app, auth):
    browser, account = owner_browser(app, auth)
    form = {"name": "Ada", "surname": "Byron", "csrf_token": csrf_token(browser, "/me")}
    assert browser.post("/me", data=form).status_code == 302
    with app.app_context():
        user = db.session.get(User, account.id)
        assert (user.name, user.surname) == ("Ada", "Byron")
    form = {"name": "", "surname": "Byron", "csrf_token": csrf_token(browser, "/me")}
    assert 'id="name-error"' in browser.post("/me", data=form).get_data(as_text=True)


def test_a_new_password_needs_the_current_one_and_signs_out_the_rest(app, client, auth):
    browser, account = owner_browser(app, auth)
    elsewhere = app.test_client()
    log_in(elsewhere, account.email)
    wrong = {"current_password": "nope", "password": "a new long password"}
    page = browser.post("/me/password", data=wrong | {"csrf_token": csrf_token(browser, "/me")})
    assert "The current password is not right." in page.get_data(as_text=True)

    right = {"current_password": PASSWORD, "password": "a new long password"}
    response = browser.post("/me/password", data=right | {"csrf_token": csrf_token(browser, "/me")})
    assert response.status_code == 302
    assert browser.get("/me").status_code == 200  # this browser stays signed in
    assert elsewhere.get("/me").status_code == 302  # the other one is signed out
    assert client.get("/api/users/me", headers=account.headers).status_code == 401
    token = client.post(
        "/api/auth/token", json={"email": account.email, "password": "a new long password"}
    )
    assert token.status_code == 200


def test_sign_out_everywhere_ends_sessions_and_tokens(app, client, auth):
    browser, account = owner_browser(app, auth)
    form = {"csrf_token": csrf_token(browser, "/me")}
    assert browser.post("/me/sign-out-everywhere", data=form).status_code == 302
    assert browser.get("/me").status_code == 302
    assert client.get("/api/users/me", headers=account.headers).status_code == 401
    with app.app_context():
        assert db.session.scalar(select(User).where(User.id == account.id)) is not None
