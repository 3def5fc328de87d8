"""A visitor with no account: create a poll from the home page, keep its private admin link,
manage it from another browser with that link, then claim it by signing up."""

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD
from tests.web.actions import MANAGE_URL, fill_poll_form, new_email, unique
from tests.web.browsers import Browsers


def create_from_the_home_page(page: Page, question: str) -> str:
    page.goto("/")
    page.get_by_role("button", name="Create a poll").click()
    fill_poll_form(page, question, ["Pizza", "Sushi"])
    page.get_by_role("button", name="Create poll").click()
    page.wait_for_url(MANAGE_URL)
    return MANAGE_URL.search(page.url).group(1)


def test_a_visitor_creates_shares_and_manages_a_poll(page: Page, browsers: Browsers):
    question = unique("Lunch on Friday?")
    poll_id = create_from_the_home_page(page, question)
    expect(page.get_by_text("Your poll is ready")).to_be_visible()
    expect(page.get_by_label("Share link")).to_have_value(f"{page.url.split('/p/')[0]}/p/{poll_id}")
    expect(
        page.get_by_text("Anyone with this link can edit, close or delete your poll.")
    ).to_be_visible()
    admin_link = page.get_by_role("textbox", name="Private admin link").input_value()

    stranger = browsers.open()
    browsers.expect_status(403)
    stranger.goto(f"/p/{poll_id}/manage")
    expect(stranger.get_by_role("heading", level=1)).to_contain_text("Forbidden")

    other_device = browsers.open()
    other_device.goto(admin_link)
    expect(other_device).to_have_url(f"/p/{poll_id}")
    other_device.get_by_role("button", name="Manage this poll").click()
    other_device.get_by_role("button", name="Close poll").click()
    other_device.get_by_role("button", name="Yes, close it").click()
    expect(other_device.get_by_text("The poll is closed: no more votes.")).to_be_visible()

    page.goto(f"/p/{poll_id}")
    expect(page.get_by_text("This poll is closed: voting has ended.")).to_be_visible()


def test_signing_up_later_claims_the_poll(page: Page):
    question = unique("Team outing?")
    poll_id = create_from_the_home_page(page, question)
    keep = page.get_by_role("region", name="Keep your private admin link")
    keep.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill(new_email())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Name", exact=True).fill("Gwen")
    page.get_by_label("Surname").fill("Guest")
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(f"/p/{poll_id}/manage")
    page.get_by_role("button", name="Move this poll into my account").click()
    expect(page.get_by_text("The poll is in your account now")).to_be_visible()
    page.goto("/me/polls")
    expect(page.get_by_role("article").filter(has_text=question)).to_be_visible()
