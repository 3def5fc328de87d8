"""axe-core (the npm package, `make test` installs it) on every page, signed in and out, in
light and dark, on a desktop and a phone: no serious or critical violation of WCAG 2.2 AA."""

import pytest
from playwright.sync_api import APIRequestContext, Page

from tests.test_cli import ROOT
from tests.web.actions import api_poll, create_poll, sign_up, unique, vote_for
from tests.web.browsers import DESKTOP, PHONE, Browsers

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SEEN_AS = [
    pytest.param(viewport, scheme, id=f"{name}-{scheme}")
    for name, viewport in {"desktop": DESKTOP, "phone": PHONE}.items()
    for scheme in ("light", "dark")
]


def serious_violations(page: Page) -> list[str]:
    """What axe finds serious or critical on the page as it is now, one line per node."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): {node['target']} "
        f"{node['failureSummary'].splitlines()[-1].strip()}"
        for violation in found["violations"]
        if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]


def check(page: Page, path: str, found: list[str]) -> None:
    page.goto(path)
    found.extend(serious_violations(page))


@pytest.fixture(scope="module")
def polls(api: APIRequestContext) -> dict[str, dict]:
    """A poll of each kind, with votes, made through the API."""
    made = {
        "single": api_poll(api, ["Tea", "Coffee"]),
        "multiple": api_poll(api, ["Mon", "Tue", "Wed"], kind="multiple", max_selections=2),
        "ranked": api_poll(api, ["Ember", "Flint", "Stone"], kind="ranked"),
    }
    for poll in made.values():
        first = poll["choices"][0]["id"]
        assert api.post(f"/api/polls/{poll['id']}/votes", data={"choices": [first]}).ok
    return made


@pytest.mark.parametrize(("viewport", "scheme"), SEEN_AS)
def test_pages_signed_out_have_no_serious_violation(
    browsers: Browsers, polls: dict, viewport: dict, scheme: str
):
    assert AXE.exists(), f"{AXE} is missing: `make test` installs it (npm ci)"
    page = browsers.open(viewport, color_scheme=scheme, bypass_csp=True)  # to inject axe
    found: list[str] = []
    for path in ("/", "/login", "/register", "/polls/new"):
        check(page, path, found)
    for poll in polls.values():
        check(page, f"/p/{poll['id']}", found)
        check(page, f"/p/{poll['id']}/results", found)
    browsers.expect_status(404)
    check(page, "/p/no-such-poll", found)

    guest_poll = create_poll(page, unique("Guest poll?"), ["Yes", "No"])  # as a guest
    vote_for(page, guest_poll, "Yes")
    for path in ("", "/manage", "/edit", "/close", "/delete", "/ballot", "/ballot/withdraw"):
        check(page, f"/p/{guest_poll}{path}", found)
    check(page, f"/p/{guest_poll}/results", found)
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("viewport", "scheme"), SEEN_AS)
def test_pages_signed_in_have_no_serious_violation(
    browsers: Browsers, polls: dict, viewport: dict, scheme: str
):
    page = browsers.open(viewport, color_scheme=scheme, bypass_csp=True)  # to inject axe
    sign_up(page)
    found: list[str] = []
    poll_id = create_poll(page, unique("Mine?"), ["Red", "Blue"], "multiple")
    for path in ("/", "/me", "/me/polls", "/polls/new", "/logout", f"/p/{poll_id}/manage"):
        check(page, path, found)
    check(page, f"/polls/new?from={poll_id}", found)
    check(page, f"/p/{polls['ranked']['id']}", found)
    assert not found, "\n".join(found)
