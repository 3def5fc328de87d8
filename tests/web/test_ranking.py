"""Ranking by buttons, by keyboard and by touch: "Rank" adds a choice to the ranking, "Up"
and "Down" reorder it, "Remove" leaves it out. The focus stays on the moved choice's button
and a status region says where it is now; the ballot stored is the order shown. Without
JavaScript the rank selects do the same."""

from playwright.sync_api import APIRequestContext, expect

from tests.web.actions import api_poll, choice_id, is_focused, tab_to
from tests.web.browsers import Browsers
from tests.web.test_pick_limit import my_ballot


def test_ranking_by_keyboard_alone(browsers: Browsers, api: APIRequestContext):
    poll = api_poll(api, ["Ash", "Birch", "Ember"], kind="ranked")
    page = browsers.open()
    page.goto(f"/p/{poll['id']}")
    status = page.locator("#rank-status")
    expect(status).to_have_role("status")
    expect(page.get_by_text("Nothing ranked yet.")).to_be_visible()

    tab_to(page, page.get_by_role("button", name="Rank Ember"))
    page.keyboard.press("Enter")
    expect(status).to_have_text("Ember is ranked 1 of 1.")
    expect(page.get_by_role("button", name="Rank Birch")).to_be_focused()  # rank the next
    page.keyboard.press("Space")
    expect(status).to_have_text("Birch is ranked 2 of 2.")
    ranking = page.get_by_role("list", name="Your ranking")
    expect(ranking.locator(".choice-text")).to_have_text(["Ember", "Birch"])

    move_up = page.get_by_role("button", name="Move Birch up")
    tab_to(page, move_up)
    page.keyboard.press("Enter")
    expect(status).to_have_text("Birch is now 1 of 2.")
    assert is_focused(move_up)  # the focus stayed with Birch's button
    expect(ranking.locator(".choice-text")).to_have_text(["Birch", "Ember"])
    expect(move_up).to_have_attribute("aria-disabled", "true")
    page.keyboard.press("Space")  # at the top already: it says so and moves nothing
    expect(status).to_have_text("Birch is already first.")
    expect(ranking.locator(".choice-text")).to_have_text(["Birch", "Ember"])
    left_out = page.get_by_role("list", name="Not ranked")
    expect(left_out.locator(".choice-text")).to_have_text(["Ash"])

    tab_to(page, page.get_by_role("button", name="Vote", exact=True))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/p/{poll['id']}/results")
    assert my_ballot(page, poll["id"]) == [choice_id(poll, "Birch"), choice_id(poll, "Ember")]


def test_ranking_by_touch_on_a_phone(browsers: Browsers, api: APIRequestContext):
    poll = api_poll(api, ["Ash", "Birch", "Ember"], kind="ranked")
    phone = browsers.phone()
    phone.goto(f"/p/{poll['id']}")
    for text in ("Ash", "Birch", "Ember"):
        phone.get_by_role("button", name=f"Rank {text}").tap()
    expect(phone.locator(".ranked .choice-text")).to_have_text(["Ash", "Birch", "Ember"])
    expect(phone.get_by_role("list", name="Not ranked")).to_be_hidden()
    phone.get_by_role("button", name="Move Ash down").tap()
    expect(phone.locator("#rank-status")).to_have_text("Ash is now 2 of 3.")
    phone.get_by_role("button", name="Move Ember up").tap()
    expect(phone.locator(".ranked .choice-text")).to_have_text(["Birch", "Ember", "Ash"])
    phone.get_by_role("button", name="Remove Birch from your ranking").tap()
    expect(phone.locator("#rank-status")).to_have_text("Birch is not ranked.")
    expect(phone.get_by_role("button", name="Remove Ember from your ranking")).to_be_focused()
    phone.get_by_role("button", name="Vote", exact=True).tap()
    phone.wait_for_url(f"**/p/{poll['id']}/results")
    assert my_ballot(phone, poll["id"]) == [choice_id(poll, "Ember"), choice_id(poll, "Ash")]


def test_changing_a_ranked_ballot_starts_from_it(browsers: Browsers, api: APIRequestContext):
    poll = api_poll(api, ["Ash", "Birch", "Ember"], kind="ranked")
    page = browsers.open()
    page.goto(f"/p/{poll['id']}")
    page.get_by_role("button", name="Rank Ember").click()
    page.get_by_role("button", name="Rank Ash").click()
    page.get_by_role("button", name="Vote", exact=True).click()
    page.wait_for_url(f"**/p/{poll['id']}/results")
    page.goto(f"/p/{poll['id']}/ballot")
    expect(page.locator(".ranked .choice-text")).to_have_text(["Ember", "Ash"])
    page.get_by_role("button", name="Move Ash up").click()
    page.get_by_role("button", name="Save my vote").click()
    expect(page.get_by_text("Your vote is changed.")).to_be_visible()
    assert my_ballot(page, poll["id"]) == [choice_id(poll, "Ash"), choice_id(poll, "Ember")]


def test_without_javascript_the_rank_selects_still_vote(browsers: Browsers, api: APIRequestContext):
    poll = api_poll(api, ["Vim", "Emacs", "Nano"], kind="ranked")
    page = browsers.open(java_script_enabled=False)
    page.goto(f"/p/{poll['id']}")
    expect(page.get_by_role("button", name="Rank Vim")).to_have_count(0)
    tab_to(page, page.get_by_role("combobox", name="Emacs"))
    page.keyboard.press("ArrowDown")  # Rank 1
    page.keyboard.press("Tab")  # to Nano's ranks
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Rank 2
    expect(page.get_by_role("combobox", name="Nano")).to_have_value("2")
    page.get_by_role("button", name="Vote", exact=True).click()
    page.wait_for_url(f"**/p/{poll['id']}/results")
    assert my_ballot(page, poll["id"]) == [choice_id(poll, "Emacs"), choice_id(poll, "Nano")]
