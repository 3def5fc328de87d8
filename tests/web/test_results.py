"""/p/<id>/results: counts, percents and bars, updating by themselves when anyone votes."""

from playwright.sync_api import APIRequestContext, expect

from tests.web.actions import api_poll, api_vote, vote_for
from tests.web.browsers import Browsers

LIVE_UPDATE_MS = 3000  # the issue: the page changes within 3 seconds of a vote


def test_results_show_each_choice_with_count_percent_and_bar(
    browsers: Browsers, api: APIRequestContext, live_server: str
):
    poll = api_poll(api, ["Red", "Green", "Blue"])
    for text in ("Red", "Red", "Green"):
        api_vote(live_server, poll, text)
    page = browsers.open()
    page.goto(f"/p/{poll['id']}/results")
    expect(page.get_by_role("rowheader")).to_contain_text(["Red", "Green", "Blue"])
    expect(page.locator("td.votes")).to_have_text(["2", "1", "0"])
    expect(page.locator("td.percent")).to_have_text(["66.7%", "33.3%", "0.0%"])
    expect(page.locator("progress")).to_have_count(3)
    expect(page.get_by_role("row", name="Red")).to_contain_text("Leading")


def test_results_change_without_reload_after_a_vote_elsewhere(
    browsers: Browsers, api: APIRequestContext, live_server: str
):
    poll = api_poll(api, ["Red", "Green"])
    api_vote(live_server, poll, "Red")
    watcher = browsers.open()
    watcher.goto(f"/p/{poll['id']}/results")
    expect(watcher.locator("#total-votes")).to_have_text("1")
    watcher.evaluate("window.notReloaded = true")
    vote_for(browsers.open(), poll["id"], "Green")
    expect(watcher.locator("#total-votes")).to_have_text("2", timeout=LIVE_UPDATE_MS)
    expect(watcher.locator("td.votes")).to_have_text(["1", "1"], timeout=LIVE_UPDATE_MS)
    expect(watcher.locator("td.percent")).to_have_text(["50.0%", "50.0%"])
    assert watcher.evaluate("window.notReloaded") is True


def test_live_update_from_no_votes_to_one_reads_1_vote(
    browsers: Browsers, api: APIRequestContext, live_server: str
):
    poll = api_poll(api, ["Red", "Green"])
    watcher = browsers.open()
    watcher.goto(f"/p/{poll['id']}/results")
    expect(watcher.get_by_text("0 votes in all")).to_be_visible()
    api_vote(live_server, poll, "Red")
    expect(watcher.get_by_text("1 vote in all")).to_be_visible(timeout=LIVE_UPDATE_MS)


def test_live_update_moves_the_bars(browsers: Browsers, api: APIRequestContext, live_server: str):
    poll = api_poll(api, ["Red", "Green"])
    api_vote(live_server, poll, "Red")
    watcher = browsers.open()
    watcher.goto(f"/p/{poll['id']}/results")
    api_vote(live_server, poll, "Green")
    green_bar = watcher.get_by_role("row", name="Green").locator("progress")
    expect(green_bar).to_have_attribute("value", "1", timeout=LIVE_UPDATE_MS)
    expect(green_bar).to_have_attribute("max", "2")


def test_ranked_results_show_the_runoff_rounds(
    browsers: Browsers, api: APIRequestContext, live_server: str
):
    poll = api_poll(api, ["Vim", "Emacs", "Nano"], kind="ranked")
    # First preferences Vim 2, Emacs 2, Nano 1: Nano goes, and its ballot moves to Vim.
    for ranking in (["Vim"], ["Vim", "Emacs"], ["Emacs"], ["Emacs"], ["Nano", "Vim"]):
        api_vote(live_server, poll, *ranking)
    page = browsers.open()
    page.goto(f"/p/{poll['id']}/results")
    rounds = page.locator("#rounds h3")
    expect(rounds).to_have_text(["Round 1", "Round 2"])
    expect(page.locator("#rounds")).to_contain_text("Eliminated: Nano")
    expect(page.get_by_role("row", name="Vim")).to_contain_text("Leading")


def test_ranked_rounds_change_without_reload(
    browsers: Browsers, api: APIRequestContext, live_server: str
):
    poll = api_poll(api, ["Vim", "Emacs", "Nano"], kind="ranked")
    api_vote(live_server, poll, "Vim")
    watcher = browsers.open()
    watcher.goto(f"/p/{poll['id']}/results")
    expect(watcher.locator("#rounds h3")).to_have_text(["Round 1"])
    api_vote(live_server, poll, "Emacs")  # Vim 1, Emacs 1, Nano 0: Nano goes, then a tie
    expect(watcher.locator("#rounds h3")).to_have_text(
        ["Round 1", "Round 2"], timeout=LIVE_UPDATE_MS
    )
    expect(watcher.locator("#rounds")).to_contain_text("Eliminated: Nano")
