"""Forms are refused without their CSRF token: 400, and nothing changes."""

import pytest
from playwright.sync_api import APIRequestContext, Page, expect

from tests.web.actions import api_poll, create_poll, sign_up, total_votes, unique

NO_TOKEN = pytest.mark.parametrize("token", [None, "forged-token"], ids=["missing", "forged"])


def with_token(form: dict, token: str | None) -> dict:
    return form if token is None else {**form, "csrf_token": token}


@NO_TOKEN
def test_a_vote_without_a_valid_csrf_token_is_400_and_counts_nothing(
    page: Page, api: APIRequestContext, token: str | None
):
    poll = api_poll(api, ["Tea", "Coffee"])
    page.goto(f"/p/{poll['id']}")  # the browser has a session, as a real one would
    form = {"choice": str(poll["choices"][0]["id"])}
    answer = page.context.request.post(f"/p/{poll['id']}", form=with_token(form, token))
    assert answer.status == 400
    assert total_votes(api, poll["id"]) == 0
    page.reload()
    expect(page.get_by_role("button", name="Vote", exact=True)).to_be_visible()


@NO_TOKEN
def test_a_new_poll_without_a_valid_csrf_token_is_400_and_creates_nothing(
    page: Page, api: APIRequestContext, token: str | None
):
    sign_up(page)
    question = unique("Forged?")
    form = {"question": question, "choices-0": "Yes", "choices-1": "No", "kind": "single"}
    answer = page.context.request.post("/polls/new", form=with_token(form, token))
    assert answer.status == 400
    found = api.get("/api/polls", params={"q": question}).json()
    assert found["items"] == []


def test_closing_without_a_csrf_token_is_400_and_the_poll_stays_open(
    page: Page, api: APIRequestContext
):
    sign_up(page)
    poll_id = create_poll(page, unique("Still open?"), ["Yes", "No"])
    assert page.context.request.post(f"/p/{poll_id}/close").status == 400
    assert api.get(f"/api/polls/{poll_id}").json()["is_open"] is True
