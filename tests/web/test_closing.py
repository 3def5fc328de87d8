"""Closing a poll from "My polls", once confirmed: the poll says so, and votes are refused
from then on."""

from playwright.sync_api import APIRequestContext, Page, expect

from tests.web.actions import create_poll, sign_up, total_votes, unique
from tests.web.browsers import Browsers


def close_from_my_polls(page: Page, question: str) -> None:
    page.goto("/me/polls")
    poll = page.get_by_role("article").filter(has_text=question)
    poll.get_by_role("button", name="Close").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Close “{question}”?")
    page.get_by_role("button", name="Yes, close it").click()
    expect(page.get_by_text("The poll is closed: no more votes.")).to_be_visible()
    expect(page.get_by_role("article")).to_contain_text("closed")


def test_a_closed_poll_says_so_and_has_no_vote_button(page: Page, browsers: Browsers):
    sign_up(page)
    question = unique("Closing soon?")
    poll_id = create_poll(page, question, ["Yes", "No"])
    close_from_my_polls(page, question)
    voter = browsers.open()
    voter.goto(f"/p/{poll_id}")
    expect(voter.get_by_text("This poll is closed: voting has ended.")).to_be_visible()
    expect(voter.get_by_role("button", name="Vote", exact=True)).to_have_count(0)
    expect(voter.get_by_role("radio")).to_have_count(0)


def test_a_vote_sent_after_closing_is_refused(
    page: Page, browsers: Browsers, api: APIRequestContext
):
    sign_up(page)
    question = unique("Too late?")
    poll_id = create_poll(page, question, ["Yes", "No"])
    voter = browsers.open()
    voter.goto(f"/p/{poll_id}")  # the form is loaded while the poll is still open
    form = {
        "csrf_token": voter.locator("input[name=csrf_token]").get_attribute("value"),
        "choice": voter.get_by_role("radio", name="Yes").get_attribute("value"),
    }
    close_from_my_polls(page, question)
    answer = voter.context.request.post(f"/p/{poll_id}", form=form)
    assert answer.status == 200  # the poll page again, saying why
    assert "Your vote was not counted: this poll is closed." in answer.text()
    assert total_votes(api, poll_id) == 0
