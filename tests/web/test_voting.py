"""Voting on /p/<id>: anonymously from other browsers, once only, and by keyboard alone."""

from playwright.sync_api import APIRequestContext, Page, expect

from tests.web.actions import api_poll, create_poll, is_focused, sign_up, tab_to, unique, vote_for
from tests.web.browsers import Browsers


def test_an_anonymous_vote_lands_on_the_results(page: Page, browsers: Browsers):
    sign_up(page)
    poll_id = create_poll(page, unique("Tea or coffee?"), ["Tea", "Coffee"])
    voter = browsers.open()
    vote_for(voter, poll_id, "Coffee")
    expect(voter.locator("#total-votes")).to_have_text("1")
    coffee = voter.get_by_role("row", name="Coffee")
    expect(coffee.locator(".votes")).to_have_text("1")
    expect(coffee.locator(".percent")).to_have_text("100.0%")


def test_a_second_try_shows_you_already_voted_and_the_ballot(
    browsers: Browsers, api: APIRequestContext
):
    poll = api_poll(api, ["Tea", "Coffee"])
    voter = browsers.open()
    vote_for(voter, poll["id"], "Tea")
    voter.goto(f"/p/{poll['id']}")
    expect(voter.get_by_text("You already voted")).to_be_visible()
    expect(voter.locator(".ballot")).to_have_text("Tea")
    expect(voter.get_by_role("button", name="Vote", exact=True)).to_have_count(0)


def test_a_multiple_choice_vote_counts_each_ticked_choice(
    browsers: Browsers, api: APIRequestContext
):
    poll = api_poll(api, ["Mon", "Tue", "Wed"], kind="multiple", max_selections=2)
    voter = browsers.open()
    vote_for(voter, poll["id"], "Mon", "Wed")
    expect(voter.locator("#total-votes")).to_have_text("1")
    expect(voter.locator("td.votes")).to_have_text(["1", "1", "0"])  # most votes first


def test_a_ranked_vote_by_keyboard_shows_the_rounds(browsers: Browsers, api: APIRequestContext):
    poll = api_poll(api, ["Vim", "Emacs", "Nano"], kind="ranked")
    voter = browsers.open()
    voter.goto(f"/p/{poll['id']}")
    tab_to(voter, voter.get_by_role("button", name="Rank Emacs"))
    voter.keyboard.press("Enter")  # rank 1; the focus moves on to "Rank Nano"
    voter.keyboard.press("Enter")  # rank 2
    expect(voter.locator(".ranked .choice-text")).to_have_text(["Emacs", "Nano"])
    tab_to(voter, voter.get_by_role("button", name="Vote", exact=True))
    voter.keyboard.press("Enter")
    voter.wait_for_url(f"**/p/{poll['id']}/results")
    expect(voter.get_by_role("columnheader", name="Round 1")).to_be_visible()
    expect(voter.locator("td.votes")).to_have_text(["1", "0", "0"])  # the winner first


def test_a_whole_vote_with_tab_space_and_enter_only(browsers: Browsers, api: APIRequestContext):
    poll = api_poll(api, ["Tea", "Coffee"])
    voter = browsers.open()
    voter.goto(f"/p/{poll['id']}")
    tab_to(voter, voter.get_by_role("radio", name="Tea"))
    voter.keyboard.press("Space")
    voter.keyboard.press("Tab")
    assert is_focused(voter.get_by_role("button", name="Vote", exact=True))
    voter.keyboard.press("Enter")
    voter.wait_for_url(f"**/p/{poll['id']}/results")
    expect(voter.locator("td.votes")).to_have_text(["1", "0"])


def test_arrow_keys_move_the_pick_to_the_next_radio(browsers: Browsers, api: APIRequestContext):
    poll = api_poll(api, ["Tea", "Coffee", "Water"])
    voter = browsers.open()
    voter.goto(f"/p/{poll['id']}")
    tab_to(voter, voter.get_by_role("radio", name="Tea"))
    voter.keyboard.press("ArrowDown")
    expect(voter.get_by_role("radio", name="Coffee")).to_be_checked()
    expect(voter.get_by_role("radio", name="Coffee")).to_be_focused()
