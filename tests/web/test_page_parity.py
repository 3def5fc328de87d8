"""What the API lets a caller do, done on the pages in chromium: change and withdraw a vote;
edit, duplicate, download, close and delete a poll; the account page."""

import csv
import io

from playwright.sync_api import APIRequestContext, Page, expect

from tests.factories import PASSWORD
from tests.web.actions import create_poll, sign_up, total_votes, unique, vote_for


def test_a_voter_changes_then_withdraws_their_vote(page: Page, api: APIRequestContext):
    sign_up(page)
    poll_id = create_poll(page, unique("Tea or coffee?"), ["Tea", "Coffee"])
    vote_for(page, poll_id, "Tea")
    page.goto(f"/p/{poll_id}")
    page.get_by_role("button", name="Change my vote").click()
    expect(page.get_by_role("radio", name="Tea")).to_be_checked()  # the ballot as it is
    page.get_by_role("radio", name="Coffee").check()
    page.get_by_role("button", name="Save my vote").click()
    expect(page.get_by_text("Your vote is changed.")).to_be_visible()

    page.goto(f"/p/{poll_id}")
    expect(page.locator(".ballot")).to_have_text("Coffee")
    page.get_by_role("button", name="Withdraw my vote").click()
    page.get_by_role("button", name="Yes, withdraw it").click()
    expect(page.get_by_text("Your vote is withdrawn.")).to_be_visible()
    expect(
        page.get_by_role("button", name="Vote", exact=True)
    ).to_be_visible()  # free to vote again
    assert total_votes(api, poll_id) == 0


def test_an_owner_edits_duplicates_downloads_and_deletes(page: Page, api: APIRequestContext):
    sign_up(page)
    poll_id = create_poll(page, unique("Lunch?"), ["Pizza", "Sushi"])
    page.get_by_role("button", name="Manage this poll").click()

    page.get_by_role("button", name="Edit").click()
    new_question = unique("Dinner?")
    page.get_by_label("Question").fill(new_question)
    page.get_by_label("Choice 2", exact=True).fill("Ramen")
    page.get_by_label("Unlisted: only people with the link").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes are saved.")).to_be_visible()
    stored = api.get(f"/api/polls/{poll_id}").json()
    assert stored["question"] == new_question and stored["visibility"] == "unlisted"
    assert [choice["text"] for choice in stored["choices"]] == ["Pizza", "Ramen"]

    with page.expect_download() as download:
        page.get_by_role("button", name="Download results (CSV)").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert rows == [["choice", "votes", "percent"], ["Pizza", "0", "0.0"], ["Ramen", "0", "0.0"]]

    page.get_by_role("button", name="Duplicate").click()
    expect(page.get_by_label("Question")).to_have_value(new_question)
    expect(page.get_by_label("Choice 2", exact=True)).to_have_value("Ramen")

    page.goto(f"/p/{poll_id}/manage")
    page.get_by_role("button", name="Delete poll").click()
    page.get_by_role("button", name="Cancel").click()  # asking changed nothing
    assert api.get(f"/api/polls/{poll_id}").status == 200
    page.get_by_role("button", name="Delete poll").click()
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.get_by_text("The poll is deleted.")).to_be_visible()
    assert api.get(f"/api/polls/{poll_id}").status == 404


def test_the_account_page_renames_changes_password_and_signs_out_everywhere(page: Page):
    email = sign_up(page)
    page.get_by_role("link", name="Account").click()
    page.get_by_role("textbox", name="Name", exact=True).fill("Ada")
    page.get_by_role("button", name="Save name").click()
    expect(page.get_by_text("Your name is saved.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Name", exact=True)).to_have_value("Ada")

    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill("another long password")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password is changed")).to_be_visible()

    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.get_by_text("You are signed out everywhere.")).to_be_visible()
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("another long password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Account")).to_be_visible()
