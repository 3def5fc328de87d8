"""On a phone-sized screen (390 px wide) the pages fit: nothing scrolls sideways."""

import pytest
from playwright.sync_api import APIRequestContext, Page, expect

from tests.web.actions import api_poll, api_vote, create_poll, sign_up, unique
from tests.web.browsers import PHONE, Browsers


def scroll_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_results_on_a_phone_show_the_bars_without_sideways_scroll(
    browsers: Browsers, api: APIRequestContext, live_server: str
):
    poll = api_poll(api, ["A rather long first choice to wrap on a phone", "Short", "Mid one"])
    for text in ("Short", "Short", "Mid one"):
        api_vote(live_server, poll, text)
    phone = browsers.phone()
    phone.goto(f"/p/{poll['id']}/results")
    bars = phone.locator("progress")
    expect(bars).to_have_count(3)
    for bar in bars.all():
        expect(bar).to_be_visible()
        assert bar.bounding_box()["width"] > 50
    assert scroll_width(phone) <= PHONE["width"]


@pytest.mark.parametrize("path", ["/", "/p/{id}", "/p/{id}/results", "/login", "/register"])
def test_pages_fit_a_phone_screen(browsers: Browsers, api: APIRequestContext, path: str):
    poll = api_poll(api, ["Red", "Green"], description="A description to show on the page.")
    phone = browsers.phone()
    phone.goto(path.format(id=poll["id"]))
    assert scroll_width(phone) <= PHONE["width"]


@pytest.mark.parametrize("path", ["/polls/new", "/me/polls"])
def test_signed_in_pages_fit_a_phone_screen(browsers: Browsers, path: str):
    phone = browsers.phone()
    sign_up(phone)
    create_poll(phone, unique("Which of these rather long options suits you best?"), ["A", "B"])
    phone.goto(path)
    assert scroll_width(phone) <= PHONE["width"]
