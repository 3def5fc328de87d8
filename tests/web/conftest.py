"""Browser tests: a real gunicorn on a migrated SQLite file, driven by Debian's chromium.

Without /usr/bin/chromium these tests are skipped with a printed reason, except on CI
(the CI environment variable set), where that is a failure: CI must run them.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import APIRequestContext, Browser, Page, Playwright, sync_playwright

from tests.test_cli import ROOT
from tests.web.browsers import Browsers
from tests.web.server import serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts" / "web"  # screenshots of failed tests (git-ignored)
HERE = Path(__file__).resolve().parent
SKIP_REASON = f"browser tests skipped: {CHROMIUM} is missing (make test installs it)"


def _skipping() -> bool:
    return not CHROMIUM.exists() and not os.environ.get("CI")


def pytest_report_header(config) -> str | None:
    return SKIP_REASON if _skipping() else None


def pytest_collection_modifyitems(config, items) -> None:
    """Mark every test under tests/web `browser`; skip them all when chromium is missing."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if _skipping():
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep the call phase's report on the item, so `browsers` knows if its test failed."""
    report = yield
    if report.when == "call":
        item.call_report = report
    return report


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[str]:
    """gunicorn (2 workers, 4 threads) on a fresh, migrated SQLite file; yields its URL.

    One server for the whole session is a deliberate exception to "a fresh database per
    test": no test depends on another's data, because each one signs up its own accounts
    (unique emails) and creates its own polls (unique questions), and looks at those only.
    """
    with serve(tmp_path_factory.mktemp("live_server")) as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Headless Debian chromium; on CI its absence is a failure, not a skip."""
    if not CHROMIUM.exists():
        pytest.fail(f"CI must run the browser tests, but {CHROMIUM} is missing", pytrace=False)
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def api(playwright: Playwright, live_server: str) -> Iterator[APIRequestContext]:
    """An HTTP client for the JSON API, to set up what a test is not about (fast)."""
    client = playwright.request.new_context(base_url=live_server)
    yield client
    client.dispose()


@pytest.fixture
def browsers(browser: Browser, live_server: str, request) -> Iterator[Browsers]:
    """Separate browsers on demand: `browsers.open()` (desktop) and `browsers.phone()`.

    At teardown a failed test leaves screenshots in test-artifacts/web/, and an error in
    any page's console fails the test: none is expected on these pages.
    """
    opened = Browsers(browser, live_server)
    yield opened
    report = getattr(request.node, "call_report", None)
    if report is not None and report.failed:
        saved = opened.screenshot_all(ARTIFACTS, request.node.name)
        report.sections.append(("screenshots", "\n".join(map(str, saved))))
    opened.close()
    assert not opened.errors, "errors in the browser console:\n" + "\n".join(opened.errors)


@pytest.fixture
def page(browsers: Browsers) -> Page:
    """A desktop-sized page (1280x900) in a context of its own."""
    return browsers.open()
