"""Sign up, log in and log out through the pages."""

from playwright.sync_api import APIRequestContext, Page, expect

from tests.factories import PASSWORD
from tests.web.actions import api_account, sign_up
from tests.web.browsers import Browsers


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_sign_up_ends_logged_in(page: Page):
    sign_up(page)
    expect(page.get_by_text("Welcome! Your account is ready.")).to_be_visible()
    expect(page.get_by_role("link", name="New poll")).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_have_count(0)


def test_sign_up_with_a_taken_email_says_so(page: Page, api: APIRequestContext):
    taken = api_account(api).email
    page.goto("/register")
    page.get_by_label("Email").fill(taken)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Name", exact=True).fill("Ann")
    page.get_by_label("Surname").fill("Lee")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("An account with this email already exists.")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")


def test_log_out_ends_the_session(page: Page):
    sign_up(page)
    page.get_by_role("link", name="Log out").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    page.goto("/me/polls")
    expect(page).to_have_url("/login?next=%2Fme%2Fpolls")


def test_log_in_with_email_and_password(page: Page, api: APIRequestContext):
    log_in(page, api_account(api).email, PASSWORD)
    expect(page).to_have_url("/")
    expect(page.get_by_role("link", name="Log out")).to_be_visible()


def test_log_in_with_a_wrong_password_is_refused(
    page: Page, browsers: Browsers, api: APIRequestContext
):
    log_in(page, api_account(api).email, "not the password")
    expect(page.get_by_role("alert")).to_have_text("Invalid email or password.")
    expect(page.get_by_role("link", name="Log out")).to_have_count(0)
