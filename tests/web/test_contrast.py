"""The new parts of the poll and manage pages (choice rows, the limit's message, the ranking
lists, the share block and its QR code, the closing time) keep every text at 4.5:1 or more
against its background, in light and dark, as the results page does."""

import pytest
from playwright.sync_api import APIRequestContext, Page, expect

from tests.web.actions import api_poll
from tests.web.browsers import Browsers
from tests.web.test_results import CONTRAST
from tests.web.test_sharing import new_guest_poll


def low_contrast(page: Page) -> str:
    """Each text of the page's main part under 4.5:1, one a line ("" when none)."""
    texts = page.locator("main").evaluate(CONTRAST)
    assert len(texts) > 10, texts  # it did look at the page's texts
    return "\n".join(text for text in texts if text.startswith("LOW"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_ranked_poll_page_being_ranked(browsers: Browsers, api: APIRequestContext, scheme):
    poll = api_poll(api, ["Ash", "Birch", "Ember"], kind="ranked", closes_at="2030-06-14T16:00Z")
    phone = browsers.phone()
    phone.emulate_media(color_scheme=scheme)
    phone.goto(f"/p/{poll['id']}")
    phone.get_by_role("button", name="Rank Birch").tap()
    phone.get_by_text("Show the QR code").tap()
    expect(phone.get_by_role("img", name="QR code")).to_be_visible()
    assert low_contrast(phone) == ""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_multiple_poll_page_at_its_limit(browsers: Browsers, api: APIRequestContext, scheme):
    poll = api_poll(api, ["Mon", "Tue", "Wed"], kind="multiple", max_selections=1)
    phone = browsers.phone()
    phone.emulate_media(color_scheme=scheme)
    phone.goto(f"/p/{poll['id']}")
    phone.get_by_role("checkbox", name="Tue").tap()
    expect(phone.get_by_role("checkbox", name="Wed")).to_be_disabled()
    assert low_contrast(phone) == ""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_manage_page(browsers: Browsers, scheme: str):
    phone = browsers.phone()
    phone.emulate_media(color_scheme=scheme)
    new_guest_poll(phone, "Contrast?")
    assert low_contrast(phone) == ""
