"""Closing times in the viewer's own time zone, named: entered in it on the poll form (the
browser's zone, found by the page), stored as the same instant in UTC, and shown back in
each viewer's zone. Without JavaScript both are UTC, and the page says so."""

from datetime import UTC, datetime

from playwright.sync_api import APIRequestContext, expect

from tests.web.actions import MANAGE_URL, fill_poll_form, unique
from tests.web.browsers import Browsers


def closes_at(api: APIRequestContext, poll_id: str) -> datetime:
    return datetime.fromisoformat(api.get(f"/api/polls/{poll_id}").json()["closes_at"])


def test_a_deadline_entered_in_paris_is_stored_in_utc_and_read_in_each_zone(
    browsers: Browsers, api: APIRequestContext
):
    page = browsers.open(timezone_id="Europe/Paris")
    fill_poll_form(page, unique("Dinner on Friday?"), ["Pasta", "Soup"])
    expect(page.locator("label[for=closes_at]")).to_have_text("Closes at (Europe/Paris)")
    page.get_by_label("Closes at").fill("2030-06-14T18:00")
    page.get_by_role("button", name="Create poll").click()
    page.wait_for_url(MANAGE_URL)
    poll_id = MANAGE_URL.search(page.url).group(1)
    assert closes_at(api, poll_id) == datetime(2030, 6, 14, 16, 0, tzinfo=UTC)  # +02:00
    expect(page.get_by_role("article").locator("header")).to_contain_text(
        "closes Fri 14 Jun 2030, 18:00 (Europe/Paris)"
    )
    page.goto(f"/p/{poll_id}")
    expect(page.get_by_role("article").locator("header")).to_contain_text(
        "closes Fri 14 Jun 2030, 18:00 (Europe/Paris)"
    )

    in_new_york = browsers.open(timezone_id="America/New_York")
    in_new_york.goto(f"/p/{poll_id}")
    expect(in_new_york.locator("time")).to_have_text("Fri 14 Jun 2030, 12:00 (America/New_York)")
    without_js = browsers.open(timezone_id="Europe/Paris", java_script_enabled=False)
    without_js.goto(f"/p/{poll_id}")
    expect(without_js.locator("time")).to_have_text("Fri 14 Jun 2030, 16:00 (UTC)")
    expect(without_js.locator("time")).to_have_attribute("datetime", "2030-06-14T16:00:00Z")


def test_editing_shows_the_deadline_in_local_time_and_keeps_it(
    browsers: Browsers, api: APIRequestContext
):
    page = browsers.open(timezone_id="Asia/Tokyo")
    fill_poll_form(page, unique("Cricket?"), ["Yes", "No"])
    page.get_by_label("Closes at").fill("2030-01-10T09:30")
    page.get_by_role("button", name="Create poll").click()
    page.wait_for_url(MANAGE_URL)
    poll_id = MANAGE_URL.search(page.url).group(1)
    assert closes_at(api, poll_id) == datetime(2030, 1, 10, 0, 30, tzinfo=UTC)  # +09:00
    page.get_by_role("button", name="Edit").click()
    expect(page.get_by_label("Closes at (Asia/Tokyo)")).to_have_value("2030-01-10T09:30")
    page.get_by_label("Question").fill(unique("Cricket on Friday?"))
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes are saved.")).to_be_visible()
    assert closes_at(api, poll_id) == datetime(2030, 1, 10, 0, 30, tzinfo=UTC)


def test_without_javascript_the_form_says_utc_and_means_it(
    browsers: Browsers, api: APIRequestContext
):
    page = browsers.open(timezone_id="Europe/Paris", java_script_enabled=False)
    fill_poll_form(page, unique("Plain form?"), ["Yes", "No"])
    expect(page.locator("label[for=closes_at]")).to_have_text("Closes at (UTC)")
    page.get_by_label("Closes at").fill("2030-06-14T18:00")
    page.get_by_role("button", name="Create poll").click()
    page.wait_for_url(MANAGE_URL)
    poll_id = MANAGE_URL.search(page.url).group(1)
    assert closes_at(api, poll_id) == datetime(2030, 6, 14, 18, 0, tzinfo=UTC)
    expect(page.locator("time")).to_have_text("Fri 14 Jun 2030, 18:00 (UTC)")
