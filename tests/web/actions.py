"""What people do on the pages (and, for setup only, through the JSON API), for reuse."""

import itertools
import json
import re
import secrets
import urllib.request
from dataclasses import dataclass

from playwright.sync_api import APIRequestContext, Locator, Page, expect

from tests.factories import PASSWORD

RUN = secrets.token_hex(3)  # one session server: names stay unique across reruns too
_serial = itertools.count(1)
MANAGE_URL = re.compile(r"/p/([\w-]+)/manage$")  # where a new poll lands
KINDS = {"single": "One choice", "multiple": "Several choices", "ranked": "Ranked"}


def unique(text: str) -> str:
    """`text` made unique within the session, e.g. "Lunch? #a1b2c3-7"."""
    return f"{text} #{RUN}-{next(_serial)}"


def new_email() -> str:
    return f"web-{RUN}-{next(_serial)}@example.org"


def sign_up(page: Page) -> str:
    """Sign up through the form (which signs the new account in); return its email."""
    email = new_email()
    page.goto("/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Name", exact=True).fill("Ann")
    page.get_by_label("Surname").fill("Lee")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("link", name="Log out")).to_be_visible()
    return email


def fill_poll_form(page: Page, question: str, choices: list[str], kind: str = "single") -> None:
    """Fill /polls/new: the question, each choice (clicking "Add choice" past the first
    two) and the kind; the caller may set more fields, then clicks "Create poll"."""
    page.goto("/polls/new")
    page.get_by_label("Question").fill(question)
    for number, text in enumerate(choices, start=1):
        if number > 2:
            page.get_by_role("button", name="Add choice").click()
        page.get_by_label(f"Choice {number}", exact=True).fill(text)
    page.get_by_label(KINDS[kind]).check()


def create_poll(page: Page, question: str, choices: list[str], kind: str = "single") -> str:
    """Create a poll through the form (signed in or as a guest), open it from the page the
    form lands on, and return its id."""
    fill_poll_form(page, question, choices, kind)
    page.get_by_role("button", name="Create poll").click()
    page.wait_for_url(MANAGE_URL)
    poll_id = MANAGE_URL.search(page.url).group(1)
    page.get_by_role("button", name="Open the poll").click()
    page.wait_for_url(f"**/p/{poll_id}")
    return poll_id


def vote_for(page: Page, poll_id: str, *choices: str) -> None:
    """Open the poll, tick each named choice, press "Vote" and land on the results."""
    page.goto(f"/p/{poll_id}")
    for text in choices:
        page.get_by_label(text, exact=True).check()
    page.get_by_role("button", name="Vote", exact=True).click()
    page.wait_for_url(f"**/p/{poll_id}/results")


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page: Page, locator: Locator, most: int = 40) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user does."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return
    raise AssertionError(f"{most} presses of Tab never reached {locator}")


@dataclass(frozen=True)
class Account:
    email: str
    headers: dict[str, str]  # the bearer token, for the JSON API


def api_account(api: APIRequestContext) -> Account:
    """A new account made through the JSON API, with a token."""
    body = {"email": new_email(), "password": PASSWORD, "name": "Bo", "surname": "Ray"}
    assert api.post("/api/users", data=body).status == 201
    token = api.post("/api/auth/token", data={"email": body["email"], "password": PASSWORD})
    return Account(body["email"], {"Authorization": f"Bearer {token.json()['access_token']}"})


def api_poll(api: APIRequestContext, choices: list[str], **fields) -> dict:
    """A poll created through the JSON API by a new account (for tests about other
    things than creating polls); returns the API's poll."""
    body = {"question": unique("Which one?"), "choices": choices, **fields}
    response = api.post("/api/polls", data=body, headers=api_account(api).headers)
    assert response.status == 201, response.text()
    return response.json()


def choice_id(poll: dict, text: str) -> int:
    return next(choice["id"] for choice in poll["choices"] if choice["text"] == text)


def total_votes(api: APIRequestContext, poll_id: str) -> int:
    response = api.get(f"/api/polls/{poll_id}")
    assert response.ok, response.text()
    return response.json()["total_votes"]


def api_vote(base_url: str, poll: dict, *choices: str) -> None:
    """An anonymous vote through the JSON API from a new voter (a request with no cookie)."""
    body = json.dumps({"choices": [choice_id(poll, text) for text in choices]}).encode()
    request = urllib.request.Request(
        f"{base_url}/api/polls/{poll['id']}/votes",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201
