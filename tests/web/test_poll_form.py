"""/polls/new: each kind of poll through the form, landing on the new poll's manage page."""

from playwright.sync_api import Page, expect

from tests.web.actions import MANAGE_URL, create_poll, fill_poll_form, sign_up, unique
from tests.web.browsers import Browsers


def test_add_choice_adds_a_choice_3_field(page: Page):
    sign_up(page)
    page.goto("/polls/new")
    expect(page.get_by_label("Choice 3", exact=True)).to_have_count(0)
    page.get_by_role("button", name="Add choice").click()
    expect(page.get_by_label("Choice 3", exact=True)).to_be_focused()
    expect(page.get_by_label("Choice 3", exact=True)).to_have_value("")


def test_create_a_single_choice_poll(page: Page):
    sign_up(page)
    question = unique("Lunch on Friday?")
    create_poll(page, question, ["Pizza", "Sushi", "Tacos"])
    expect(page.get_by_role("heading", level=1)).to_have_text(question)
    for text in ("Pizza", "Sushi", "Tacos"):
        expect(page.get_by_role("radio", name=text, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Vote", exact=True)).to_be_visible()


def test_create_a_multiple_choice_poll_with_max_selections(page: Page):
    sign_up(page)
    fill_poll_form(page, unique("Which days suit you?"), ["Mon", "Tue", "Wed"], "multiple")
    page.get_by_label("Most choices a voter may pick").fill("2")
    page.get_by_label("After voting").check()
    page.get_by_role("button", name="Create poll").click()
    expect(page).to_have_url(MANAGE_URL)
    page.get_by_role("button", name="Open the poll").click()
    expect(page.get_by_text("Pick up to 2")).to_be_visible()
    for text in ("Mon", "Tue", "Wed"):
        expect(page.get_by_role("checkbox", name=text, exact=True)).to_be_visible()


def test_max_selections_shows_for_multiple_polls_only(page: Page):
    sign_up(page)
    page.goto("/polls/new")
    expect(page.get_by_label("Most choices a voter may pick")).to_be_hidden()
    page.get_by_label("Several choices").check()
    expect(page.get_by_label("Most choices a voter may pick")).to_be_visible()


def test_create_a_ranked_poll(page: Page, browsers: Browsers):
    sign_up(page)
    poll_id = create_poll(page, unique("Best editor?"), ["Vim", "Emacs", "Nano"], "ranked")
    expect(page.get_by_text("Nothing ranked yet.")).to_be_visible()
    for text in ("Vim", "Emacs", "Nano"):
        expect(page.get_by_role("button", name=f"Rank {text}")).to_be_visible()
    without_js = browsers.open(java_script_enabled=False)
    without_js.goto(f"/p/{poll_id}")
    for text in ("Vim", "Emacs", "Nano"):
        ranks = without_js.get_by_role("combobox", name=text, exact=True)
        expect(ranks).to_have_value("")
        expect(ranks.get_by_role("option")).to_have_text(
            ["Not ranked", "Rank 1", "Rank 2", "Rank 3"]
        )


def test_a_poll_with_one_choice_is_refused_with_a_message(page: Page, browsers: Browsers):
    sign_up(page)
    fill_poll_form(page, unique("Only one?"), ["Alone", ""])
    page.get_by_role("button", name="Create poll").click()
    expect(page).to_have_url("/polls/new")
    expect(page.locator("#choices .error")).to_be_visible()


def test_html_in_a_question_is_shown_as_text(page: Page):
    sign_up(page)
    question = unique("<b>Bold</b> or <i>plain</i>?")
    create_poll(page, question, ["Bold", "Plain"])
    expect(page.get_by_role("heading", level=1)).to_have_text(question)
    expect(page.locator("h1 b, h1 i")).to_have_count(0)
    expect(page.get_by_text("<b>Bold</b>")).to_be_visible()
