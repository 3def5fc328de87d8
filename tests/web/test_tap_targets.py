"""On a phone (390x844, touch), everything to tap is 44 px high at least (WCAG 2.5.5's size,
GOV.UK's too): a choice row is its whole label, and buttons, links styled as buttons, the
main navigation's links, selects and summaries are all that tall."""

from playwright.sync_api import APIRequestContext, Locator, Page, expect

from tests.web.actions import api_poll, create_poll, sign_up, unique, vote_for
from tests.web.browsers import Browsers

TAP = 44
TARGETS = (
    "main button:visible, main [role=button]:visible, main input[type=submit]:visible, "
    "main select:visible, main summary:visible, nav[aria-label=Main] a"
)


def too_small(page: Page, selector: str = TARGETS) -> list[str]:
    """Each visible target under 44 px high (or, buttons, wide), named."""
    small = []
    for target in page.locator(selector).all():
        box = target.bounding_box()
        if box and (box["height"] < TAP or box["width"] < TAP):
            name = target.evaluate("e => e.getAttribute('aria-label') || e.textContent.trim()")
            small.append(f"{name!r}: {box['width']:.0f}x{box['height']:.0f}")
    return small


def rows_are_whole_labels(page: Page, inputs: Locator) -> None:
    """Each input's label is 44 px high and as wide as its fieldset, so a tap anywhere on the
    row picks it."""
    expect(inputs.first).to_be_visible()
    for box in inputs.all():
        label = box.locator("xpath=ancestor::label[1]")
        row = label.bounding_box()
        fieldset = label.locator("xpath=ancestor::fieldset[1]").bounding_box()
        assert row["height"] >= TAP, f"{label.text_content()}: {row['height']:.0f} px high"
        assert row["width"] >= fieldset["width"] - 50, f"{label.text_content()} is not the row"


def test_a_single_choice_poll_on_a_phone(browsers: Browsers, api: APIRequestContext):
    poll = api_poll(api, ["Tea", "A much longer choice that wraps onto a second line here"])
    phone = browsers.phone()
    phone.goto(f"/p/{poll['id']}")
    rows_are_whole_labels(phone, phone.get_by_role("radio"))
    phone.locator("label", has_text="A much longer choice").tap(position={"x": 300, "y": 10})
    expect(phone.get_by_role("radio", name="A much longer choice")).to_be_checked()
    phone.get_by_text("Show the QR code").tap()
    expect(phone.get_by_role("img", name="QR code")).to_be_visible()
    assert too_small(phone) == []


def test_a_multiple_choice_poll_and_its_ballot_on_a_phone(
    browsers: Browsers, api: APIRequestContext
):
    poll = api_poll(api, ["Mon", "Tue", "Wed"], kind="multiple", max_selections=2)
    phone = browsers.phone()
    phone.goto(f"/p/{poll['id']}")
    rows_are_whole_labels(phone, phone.get_by_role("checkbox"))
    assert too_small(phone) == []
    vote_for(phone, poll["id"], "Mon")
    phone.goto(f"/p/{poll['id']}")  # "Change my vote", "Withdraw my vote"
    expect(phone.get_by_role("button", name="Change my vote")).to_be_visible()
    assert too_small(phone) == []


def test_a_ranked_poll_on_a_phone(browsers: Browsers, api: APIRequestContext):
    poll = api_poll(api, ["Ash", "Birch", "Ember"], kind="ranked")
    phone = browsers.phone()
    phone.goto(f"/p/{poll['id']}")
    phone.get_by_role("button", name="Rank Birch").tap()
    phone.get_by_role("button", name="Rank Ash").tap()
    expect(phone.get_by_role("button", name="Move Ash up")).to_be_visible()
    assert too_small(phone) == []


def test_the_poll_form_and_manage_page_on_a_phone(browsers: Browsers):
    phone = browsers.phone()
    sign_up(phone)
    phone.goto("/polls/new")
    rows_are_whole_labels(phone, phone.locator("#poll-form").get_by_role("radio"))
    assert too_small(phone) == []
    create_poll(phone, unique("Phone first?"), ["Yes", "No"])
    phone.get_by_role("button", name="Manage this poll").tap()
    expect(phone.get_by_role("button", name="Delete poll")).to_be_visible()
    assert too_small(phone) == []
