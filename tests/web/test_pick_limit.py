"""A multiple poll's most picks, kept while choosing: once the limit is reached the other
boxes are disabled and a status region (read out by screen readers) says so. Without
JavaScript the server's check is the one that refuses, keeping what was picked."""

from playwright.sync_api import APIRequestContext, Page, expect

from tests.web.actions import api_poll, choice_id, total_votes
from tests.web.browsers import Browsers


def my_ballot(page: Page, poll_id: str) -> list[int]:
    """The stored ballot of this browser's voter, through the API (the same voter cookie)."""
    response = page.context.request.get(f"/api/polls/{poll_id}/votes/mine")
    assert response.ok, response.text()
    return response.json()["choices"]


def test_the_limit_disables_the_other_boxes_and_says_so(browsers: Browsers, api: APIRequestContext):
    poll = api_poll(api, ["Mon", "Tue", "Wed", "Thu"], kind="multiple", max_selections=2)
    phone = browsers.phone()
    phone.goto(f"/p/{poll['id']}")
    status = phone.get_by_role("status").filter(has_text="You picked")
    box = {day: phone.get_by_role("checkbox", name=day) for day in ("Mon", "Tue", "Wed", "Thu")}
    expect(status).to_have_text("You picked 0 of 2.")
    box["Mon"].tap()
    expect(status).to_have_text("You picked 1 of 2.")
    box["Wed"].tap()
    expect(status).to_have_text("You picked 2 of 2. To pick another, untick one first.")
    expect(box["Tue"]).to_be_disabled()
    expect(box["Thu"]).to_be_disabled()
    expect(box["Mon"]).to_be_enabled()
    phone.locator("label", has=box["Tue"]).tap(force=True)  # a tap on a disabled row: nothing
    expect(box["Tue"]).not_to_be_checked()

    box["Mon"].tap()  # untick one: the others come back
    expect(status).to_have_text("You picked 1 of 2.")
    expect(box["Thu"]).to_be_enabled()
    box["Thu"].tap()
    phone.get_by_role("button", name="Vote", exact=True).tap()
    phone.wait_for_url(f"**/p/{poll['id']}/results")
    assert sorted(my_ballot(phone, poll["id"])) == sorted(
        [choice_id(poll, "Wed"), choice_id(poll, "Thu")]
    )


def test_without_javascript_the_server_refuses_too_many_and_keeps_them(
    browsers: Browsers, api: APIRequestContext
):
    poll = api_poll(api, ["Mon", "Tue", "Wed"], kind="multiple", max_selections=2)
    page = browsers.open(java_script_enabled=False)
    page.goto(f"/p/{poll['id']}")
    for day in ("Mon", "Tue", "Wed"):
        page.get_by_role("checkbox", name=day).check()  # nothing stops the third
    expect(page.get_by_text("You picked")).to_have_count(0)
    page.get_by_role("button", name="Vote", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Your vote was not counted")
    for day in ("Mon", "Tue", "Wed"):
        expect(page.get_by_role("checkbox", name=day)).to_be_checked()
    assert total_votes(api, poll["id"]) == 0


def test_a_ballot_at_its_limit_opens_with_the_other_boxes_disabled(
    browsers: Browsers, api: APIRequestContext
):
    poll = api_poll(api, ["Mon", "Tue", "Wed"], kind="multiple", max_selections=2)
    page = browsers.open()
    page.goto(f"/p/{poll['id']}")
    page.get_by_role("checkbox", name="Mon").check()
    page.get_by_role("checkbox", name="Tue").check()
    page.get_by_role("button", name="Vote", exact=True).click()
    page.goto(f"/p/{poll['id']}/ballot")  # "Change my vote"
    expect(page.get_by_role("status").filter(has_text="You picked")).to_have_text(
        "You picked 2 of 2. To pick another, untick one first."
    )
    expect(page.get_by_role("checkbox", name="Wed")).to_be_disabled()
