"""Sharing a poll from a phone: the link in full (it wraps, never cut off), "Copy link", the
QR code (segno's code for that very link, with a text alternative), and "Share…", the
browser's share sheet, shown only where the browser has one."""

import re

import segno
from playwright.sync_api import Page, expect

from tests.web.actions import MANAGE_URL, fill_poll_form, unique
from tests.web.browsers import Browsers

QR_MODULES = re.compile(r'class="qrline" stroke="#000" d="([^"]+)"')
SHARE_STUB = """navigator.share = function (data) {
  window.shared = data;
  return window.cancelSharing ? Promise.reject(new DOMException("closed", "AbortError"))
                              : Promise.resolve();
};"""


def new_guest_poll(page: Page, question: str) -> str:
    """Create a poll without an account; land on its manage page; its id."""
    fill_poll_form(page, question, ["Pizza", "Sushi"])
    page.get_by_role("button", name="Create poll").click()
    page.wait_for_url(MANAGE_URL)
    return MANAGE_URL.search(page.url).group(1)


def shows_all_of_it(field) -> bool:
    return field.evaluate(
        "f => f.scrollWidth <= f.clientWidth && f.scrollHeight <= f.clientHeight + 1"
    )


def test_on_a_phone_the_links_show_in_full_with_the_qr_code(browsers: Browsers):
    phone = browsers.phone()
    poll_id = new_guest_poll(phone, unique("Lunch?"))
    share = phone.get_by_role("textbox", name="Share link")
    share_url = share.input_value()
    assert share_url.endswith(f"/p/{poll_id}")
    admin = phone.get_by_role("textbox", name="Private admin link")
    for field in (share, admin):  # the admin link is about 90 characters: it wraps
        expect(field).to_be_visible()
        assert shows_all_of_it(field), f"{field.input_value()} is cut off"
        assert field.bounding_box()["width"] <= 390
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    qr = phone.get_by_role("img", name=f"QR code for {share_url}")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # it loaded
    svg = phone.request.get(qr.get_attribute("src")).text()
    expected = segno.make(share_url, micro=False).svg_inline()
    assert QR_MODULES.search(svg).group(1) == QR_MODULES.search(expected).group(1)
    expect(phone.get_by_text("Scan it with a phone's camera to open the poll.")).to_be_visible()


def test_copy_link_copies_the_share_link_and_says_so(browsers: Browsers):
    page = browsers.open(permissions=["clipboard-read", "clipboard-write"])
    poll_id = new_guest_poll(page, unique("Copy me?"))
    share = page.locator(".share", has=page.get_by_role("textbox", name="Share link"))
    share.get_by_role("button", name="Copy link").click()
    expect(share.get_by_role("button", name="Copied")).to_be_visible()
    expect(share.get_by_role("status")).to_have_text("Link copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"/p/{poll_id}") and copied.startswith("http")


def test_without_a_share_sheet_there_is_no_share_button(browsers: Browsers):
    page = browsers.open()
    poll_id = new_guest_poll(page, unique("No sheet?"))
    assert page.evaluate("typeof navigator.share") == "undefined"
    expect(page.locator("[data-share]")).to_have_count(1)  # in the page, for browsers with one
    expect(page.get_by_role("button", name="Share…")).to_be_hidden()
    page.goto(f"/p/{poll_id}")
    expect(page.locator("[data-share]")).to_have_count(1)
    expect(page.get_by_role("button", name="Share…")).to_be_hidden()


def test_with_a_share_sheet_share_hands_it_the_link(browsers: Browsers):
    phone = browsers.phone()
    phone.add_init_script(SHARE_STUB)
    question = unique("Share me?")
    poll_id = new_guest_poll(phone, question)
    share_buttons = phone.get_by_role("button", name="Share…")
    expect(share_buttons).to_have_count(1)  # the share link's: never the admin link's
    share_buttons.tap()
    shared = phone.evaluate("window.shared")
    assert shared["url"].endswith(f"/p/{poll_id}") and shared["title"] == question

    phone.goto(f"/p/{poll_id}")
    phone.evaluate("window.cancelSharing = true")  # closing the sheet is no error
    phone.get_by_role("button", name="Share…").tap()
    phone.wait_for_function("window.shared && window.shared.url.endsWith('/p/" + poll_id + "')")
