"""The README's screenshots: home, create, vote and results pages, desktop and phone, light
and dark, taken from a server of their own, so that only a few real-looking polls show."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Playwright, expect

from tests.test_cli import ROOT
from tests.web.actions import api_account, api_vote
from tests.web.browsers import DESKTOP, PHONE, Browsers
from tests.web.server import serve

# `make screenshots` writes the README's copies (docs/screenshots); plain test runs write
# theirs to test-artifacts/, so a test run leaves the working tree clean.
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "test-artifacts" / "screenshots")
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
SCHEMES = ("light", "dark")
PAGES = {  # name: (path, a text that shows the page is ready)
    "home": ("/", "Open polls"),
    "create": ("/polls/new", "Choice 2"),
    "vote": ("/p/{id}", "Pick one"),
    "results": ("/p/{id}/results", "Pizzeria Napoli is leading with 5 of 10 votes."),
}
LUNCH = {
    "question": "Where shall we have the team lunch on Friday?",
    "description": "We leave at noon; pick the place you like best.",
    "choices": ["Pizzeria Napoli", "The noodle bar", "Green salad café", "Tacos on the corner"],
}
VOTES = ["Pizzeria Napoli"] * 5 + ["The noodle bar"] * 3 + ["Tacos on the corner"] * 2
OTHER_POLLS = [
    {"question": "Which day suits the next meetup?", "choices": ["Tuesday", "Wednesday"]},
    {
        "question": "Rank the talks you want to hear",
        "choices": ["Postgres tuning", "Flask at scale", "Accessible forms"],
        "kind": "ranked",
    },
]


@pytest.fixture(scope="module")
def showcase(playwright: Playwright, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """A server with three public polls, the lunch poll with ten votes: (url, lunch id)."""
    with serve(tmp_path_factory.mktemp("showcase")) as url:
        api = playwright.request.new_context(base_url=url)
        owner = api_account(api)
        for poll in OTHER_POLLS:
            assert api.post("/api/polls", data=poll, headers=owner.headers).status == 201
        lunch = api.post("/api/polls", data=LUNCH, headers=owner.headers).json()
        for text in VOTES:
            api_vote(url, lunch, text)
        api.dispose()
        yield url, lunch["id"]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_screenshot(
    browsers: Browsers, showcase: tuple[str, str], viewport: str, name: str, scheme: str
):
    url, lunch_id = showcase
    path, ready = PAGES[name]
    page = browsers.open(VIEWPORTS[viewport], color_scheme=scheme)
    page.goto(url + path.format(id=lunch_id))
    expect(page.get_by_text(ready, exact=False).first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{viewport}-{scheme}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
