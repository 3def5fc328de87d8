"""/p/<id>/results: who won in words, choices most votes first with bars, your own vote,
an empty state that asks for votes, the runoff rounds as one table, and live updates that
are announced, on a desktop and a phone, in light and dark."""

import re

import pytest
from playwright.sync_api import APIRequestContext, Browser, Locator, Page, expect

from tests.web.actions import Account, api_account, api_vote, unique, vote_for
from tests.web.browsers import PHONE, Browsers

LIVE_UPDATE_MS = 3000  # the issue: the page changes within 3 seconds of a vote
SEASONS = ["Spring", "Summer", "Autumn", "Winter", "Ember"]
# Ember wins in round 4: Winter (no first preference) goes in round 1; Summer and Autumn are
# level in rounds 1 and 2, so Autumn, listed last, goes in round 2 and its ballot is exhausted;
# Summer goes in round 3 and its ballot moves to Ember. The (Summer, Ember) ballot is cast on
# the page by the test's own browser.
RUNOFF_BY_API = [["Spring"]] * 3 + [["Ember"]] * 3 + [["Autumn"]]


def new_poll(api: APIRequestContext, choices: list[str], **fields) -> tuple[dict, Account]:
    """A poll made through the API by a new account; returns it with its owner."""
    owner = api_account(api)
    body = {"question": unique("Which season?"), "choices": choices, **fields}
    response = api.post("/api/polls", data=body, headers=owner.headers)
    assert response.status == 201, response.text()
    return response.json(), owner


def close(api: APIRequestContext, poll: dict, owner: Account) -> None:
    assert api.post(f"/api/polls/{poll['id']}/close", headers=owner.headers).ok


def choice_names(page: Page) -> list[str]:
    """The choices as the results table lists them, top to bottom."""
    return page.locator("table.results .choice-text").all_inner_texts()


def row(page: Page, text: str) -> Locator:
    """The results table's row of the choice `text`."""
    name = page.locator(".choice-text", has_text=re.compile(f"^{re.escape(text)}$"))
    return page.locator("table.results tbody tr", has=name)


def rank_and_vote(page: Page, poll_id: str, *choices: str) -> None:
    """Rank `choices` 1, 2, ... on the poll's page and vote."""
    page.goto(f"/p/{poll_id}")
    for rank, text in enumerate(choices, start=1):
        page.get_by_label(text, exact=True).select_option(str(rank))
    page.get_by_role("button", name="Vote", exact=True).click()
    page.wait_for_url(f"**/p/{poll_id}/results")


def test_a_clear_winner_is_said_first_with_thick_bars_and_your_vote_marked(
    browsers: Browsers, api: APIRequestContext, live_server: str
):
    poll, owner = new_poll(api, ["Spring", "Summer", "Autumn"])
    for text in ("Summer", "Autumn", "Summer"):
        api_vote(live_server, poll, text)
    page = browsers.open()
    vote_for(page, poll["id"], "Summer")
    expect(page.locator("#outcome")).to_have_text("Summer is leading with 3 of 4 votes.")
    assert choice_names(page) == ["Summer", "Autumn", "Spring"]
    expect(page.locator("td.votes")).to_have_text(["3", "1", "0"])
    expect(page.locator("td.percent")).to_have_text(["75.0%", "25.0%", "0.0%"])
    summer = row(page, "Summer")
    expect(summer).to_contain_text("Leading")
    expect(summer).to_contain_text("Your vote")
    expect(page.get_by_text("Your vote")).to_have_count(1)
    bar = summer.locator("progress")
    expect(bar).to_have_attribute("value", "3")
    expect(bar).to_have_attribute("max", "4")
    assert bar.bounding_box()["height"] >= 16  # thick enough to read at a glance
    expect(page.get_by_text("percents can add up")).to_have_count(0)

    close(api, poll, owner)
    page.reload()
    expect(page.locator("#outcome")).to_have_text("Summer wins with 3 of 4 votes.")
    expect(summer).to_contain_text("Winner")
    expect(page.get_by_text("Closed", exact=True)).to_be_visible()


def test_a_tie_names_every_tied_choice_and_crowns_none(
    browsers: Browsers, api: APIRequestContext, live_server: str
):
    poll, owner = new_poll(api, ["Spring", "Summer", "Autumn", "Winter"])
    for text in ("Winter", "Summer", "Spring", "Winter", "Summer"):
        api_vote(live_server, poll, text)
    page = browsers.open()
    page.goto(f"/p/{poll['id']}/results")
    expect(page.locator("#outcome")).to_have_text(
        "Summer and Winter are tied for the lead with 2 votes each."
    )
    assert choice_names(page) == ["Summer", "Winter", "Spring", "Autumn"]  # ties by position
    expect(page.locator(".tag-lead")).to_have_text(["Tied", "Tied"])
    expect(page.get_by_text(re.compile("^(Leading|Winner)$"))).to_have_count(0)

    close(api, poll, owner)
    page.reload()
    expect(page.locator("#outcome")).to_have_text(
        "Tie between Summer and Winter with 2 votes each."
    )


def test_a_poll_without_votes_asks_for_them_with_its_share_link(
    browsers: Browsers, api: APIRequestContext, live_server: str
):
    poll, _ = new_poll(api, ["Spring", "Summer"])
    page = browsers.open()
    page.goto(f"/p/{poll['id']}/results")
    expect(page.locator("#outcome")).to_have_text("No votes yet.")
    expect(page.get_by_text("Share the link below so people can vote.")).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)
    expect(page.get_by_text("0.0%")).to_have_count(0)
    link = page.get_by_label("Share link")
    expect(link).to_have_value(f"{live_server}/p/{poll['id']}")
    copy = page.locator(".share").get_by_role("button")
    expect(copy).to_have_text("Copy link")
    copy.click()
    expect(copy).to_have_text(re.compile(r"^(Copied|Press Ctrl\+C to copy)$"))

    api_vote(live_server, poll, "Summer")  # the first vote replaces the empty state
    expect(page.locator("#outcome")).to_have_text(
        "Summer is leading with 1 of 1 vote.", timeout=LIVE_UPDATE_MS
    )
    expect(page.get_by_text("1 vote in all.")).to_be_visible()


def test_several_picks_say_why_the_percents_add_up_to_more_than_100(
    browsers: Browsers, api: APIRequestContext, live_server: str
):
    poll, _ = new_poll(api, ["Mon", "Tue", "Wed"], kind="multiple")
    for picks in (["Wed", "Tue"], ["Wed"]):
        api_vote(live_server, poll, *picks)
    page = browsers.open()
    vote_for(page, poll["id"], "Mon", "Wed")
    expect(page.locator("#outcome")).to_have_text("Wed is leading, picked by 3 of 3 voters.")
    expect(page.get_by_text("3 voters in all.")).to_be_visible()
    expect(
        page.get_by_text(
            "Each voter could pick several choices, so the percents can add up to more than 100."
        )
    ).to_be_visible()
    assert choice_names(page) == ["Wed", "Mon", "Tue"]  # Mon and Tue tie: position order
    expect(page.locator("td.percent")).to_have_text(["100.0%", "33.3%", "33.3%"])
    expect(page.locator("tr", has_text="Your vote").locator(".choice-text")).to_have_text(
        ["Wed", "Mon"]
    )


def cells(page: Page, row: str) -> list[str]:
    return (
        page.locator("#rounds tr", has=page.locator("th", has_text=row))
        .locator("td")
        .all_inner_texts()
    )


def test_ranked_results_show_the_rounds_as_one_table_with_the_reasons(
    browsers: Browsers, api: APIRequestContext, live_server: str
):
    poll, _ = new_poll(api, SEASONS, kind="ranked")
    for ranking in RUNOFF_BY_API:
        api_vote(live_server, poll, *ranking)
    page = browsers.open()
    rank_and_vote(page, poll["id"], "Summer", "Ember")
    expect(page.locator("#outcome")).to_have_text(
        "Ember is leading in round 4 with 4 of 7 ballots still counting."
    )
    assert choice_names(page) == ["Ember", "Spring", "Summer", "Autumn", "Winter"]
    expect(row(page, "Summer")).to_contain_text("Your vote: rank 1")
    expect(row(page, "Ember")).to_contain_text("Your vote: rank 2")

    rounds = page.get_by_role("region", name="Rounds of counting")
    expect(rounds.get_by_role("columnheader")).to_have_text(
        ["Choice", "Round 1", "Round 2", "Round 3", "Round 4", "Result"]
    )
    expect(rounds.get_by_role("rowheader")).to_have_text(
        [
            *["Ember", "Spring", "Summer", "Autumn", "Winter"],
            *["Ballots still counting"],
            "Exhausted ballots",
            "Majority needed",
        ]
    )
    assert cells(page, "Ember") == ["3", "3", "3", "4", "Leading with a majority in round 4"]
    summer = cells(page, "Summer")
    assert summer[:3] == ["1", "1", "1"]
    assert "out of the count" in summer[3]
    assert summer[4] == "Eliminated: fewest votes in round 3"
    assert cells(page, "Winter")[0] == "0"
    assert cells(page, "Winter")[-1] == "Eliminated: fewest votes in round 1"
    assert cells(page, "Autumn")[-1] == (
        "Eliminated: tied for fewest votes in round 2 and in every round before, "
        "and listed last in the poll"
    )
    assert cells(page, "Ballots still counting")[:4] == ["8", "8", "7", "7"]
    assert cells(page, "Exhausted ballots")[:4] == ["0", "0", "1", "1"]
    assert cells(page, "Majority needed")[:4] == ["5", "5", "4", "4"]


def test_on_a_phone_the_rounds_scroll_in_their_own_box_and_the_page_does_not(
    browsers: Browsers, api: APIRequestContext, live_server: str
):
    poll, _ = new_poll(api, SEASONS, kind="ranked")
    for ranking in [*RUNOFF_BY_API, ["Summer", "Ember"]]:
        api_vote(live_server, poll, *ranking)
    phone = browsers.phone()
    phone.goto(f"/p/{poll['id']}/results")
    box = phone.get_by_role("region", name="Rounds of counting")
    expect(box).to_contain_text("Majority needed")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")  # the table is wider...
    assert box.bounding_box()["width"] <= PHONE["width"]  # ...but its box fits the screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box.focus()  # a keyboard user scrolls it with the arrow keys
    phone.keyboard.press("ArrowRight")
    phone.wait_for_function("() => document.getElementById('rounds').scrollLeft > 0")
    for bar in phone.locator("table.results progress").all():
        assert bar.bounding_box()["width"] > 100


def test_a_new_vote_updates_the_page_and_is_announced(
    browsers: Browsers, api: APIRequestContext, live_server: str
):
    poll, _ = new_poll(api, ["Red", "Green"])
    watcher = browsers.open()
    vote_for(watcher, poll["id"], "Red")
    announcer = watcher.locator("[aria-live=polite]")
    expect(announcer).to_have_count(1)
    expect(announcer).to_have_text("")
    expect(watcher.locator("#outcome")).to_have_text("Red is leading with 1 of 1 vote.")
    with watcher.expect_response(re.compile(r"/results$"), timeout=LIVE_UPDATE_MS):
        pass  # a refresh that finds nothing new...
    expect(announcer).to_have_text("")  # ...announces nothing
    watcher.evaluate("window.notReloaded = true")

    api_vote(live_server, poll, "Green")
    api_vote(live_server, poll, "Green")
    expect(announcer).to_have_text(
        "Results updated. Green is leading with 2 of 3 votes.", timeout=LIVE_UPDATE_MS
    )
    expect(watcher.locator("#outcome")).to_have_text("Green is leading with 2 of 3 votes.")
    assert choice_names(watcher) == ["Green", "Red"]
    expect(watcher.locator("td.votes")).to_have_text(["2", "1"])
    expect(row(watcher, "Green")).to_contain_text("Leading")
    red = row(watcher, "Red")
    expect(red).to_contain_text("Your vote")
    expect(red).not_to_contain_text("Leading")
    expect(red.locator("progress")).to_have_attribute("max", "3")
    assert watcher.evaluate("window.notReloaded") is True


def test_unchanged_results_are_an_empty_304(api: APIRequestContext, live_server: str):
    poll, _ = new_poll(api, ["Red", "Green"])
    url = f"/p/{poll['id']}/results"
    first = api.get(url)
    etag = first.headers["etag"]
    again = api.get(url, headers={"If-None-Match": etag})
    assert again.status == 304
    assert again.body() == b""
    api_vote(live_server, poll, "Red")
    changed = api.get(url, headers={"If-None-Match": etag})
    assert changed.status == 200
    assert changed.headers["etag"] != etag


def test_the_results_read_the_same_without_javascript(
    browser: Browser, api: APIRequestContext, live_server: str
):
    poll, _ = new_poll(api, ["Red", "Green"])
    api_vote(live_server, poll, "Green")
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"/p/{poll['id']}/results")
        expect(page.locator("#outcome")).to_have_text("Green is leading with 1 of 1 vote.")
        assert choice_names(page) == ["Green", "Red"]
    finally:
        context.close()


CONTRAST = """root => {
  const parse = c => {
    const m = c.match(/^rgba?\\(([^)]+)\\)$/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [r, g, b, a];
  };
  const over = ([r, g, b, a], [br, bg, bb]) =>
    [r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a)];
  const luminance = rgb => {
    const [r, g, b] = rgb.map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = element => {
    const chain = [];
    for (let e = element; e; e = e.parentElement) chain.unshift(e);
    let colour = [255, 255, 255];
    for (const e of chain) {
      const own = parse(getComputedStyle(e).backgroundColor);
      if (own === null) return null;
      if (own[3] > 0) colour = over(own, colour);
    }
    return colour;
  };
  const found = [];
  for (const element of root.querySelectorAll("*")) {
    const text = [...element.childNodes]
      .filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join("").trim();
    if (!text || !element.checkVisibility() || element.closest(".visually-hidden")) continue;
    const back = background(element);
    const fore = parse(getComputedStyle(element).color);
    if (back === null || fore === null) {
      found.push(`${text}: colours not parsed`);
      continue;
    }
    const [l1, l2] = [luminance(over(fore, back)), luminance(back)].sort((x, y) => y - x);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    found.push(`${ratio < 4.5 ? "LOW " : ""}${ratio.toFixed(2)} ${text}`);
  }
  return found;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["multiple", "ranked"])
def test_every_text_keeps_a_4_5_to_1_contrast_in_light_and_dark(
    browsers: Browsers, api: APIRequestContext, live_server: str, scheme: str, kind: str
):
    poll, _ = new_poll(api, SEASONS, kind=kind)
    for ranking in RUNOFF_BY_API:
        api_vote(live_server, poll, *ranking)
    page = browsers.open()
    page.emulate_media(color_scheme=scheme)
    if kind == "ranked":
        rank_and_vote(page, poll["id"], "Summer", "Ember")
    else:
        vote_for(page, poll["id"], "Summer", "Ember")
    expect(page.get_by_text("Your vote").first).to_be_visible()
    texts = page.locator("#results").evaluate(CONTRAST)
    assert len(texts) > 20, texts  # it did look at the page's texts
    assert not [text for text in texts if text.startswith("LOW")], "\n".join(texts)
