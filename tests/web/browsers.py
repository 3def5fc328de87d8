"""Separate browsers (contexts) on one chromium, watched for errors in their consoles."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


class Browsers:
    """Opens pages, each in a context of its own (its own cookies: a separate browser), and
    records what any of them reports as an error: console errors and uncaught exceptions.

    Chromium also logs a page answered with a 4xx status as a console error; a test that
    means to get one (a form shown again with its errors) says so with `expect_status`.
    """

    def __init__(self, browser: Browser, base_url: str) -> None:
        self._browser = browser
        self._base_url = base_url
        self.contexts: list[BrowserContext] = []
        self.errors: list[str] = []
        self._expected: set[str] = set()

    def expect_status(self, status: int) -> None:
        self._expected.add(f"the server responded with a status of {status} ")

    def open(self, viewport: dict = DESKTOP, **options) -> Page:
        """A page in a new context; `options` go to the context (e.g. `timezone_id`,
        `java_script_enabled`)."""
        context = self._browser.new_context(base_url=self._base_url, viewport=viewport, **options)
        context.set_default_timeout(5000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", self._on_console(page))
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        return page

    def phone(self, **options) -> Page:
        """A page 390x844, the size of a phone, with a touch screen."""
        return self.open(PHONE, has_touch=True, **options)

    def _on_console(self, page: Page) -> Callable[[ConsoleMessage], None]:
        def record(message: ConsoleMessage) -> None:
            expected = any(text in message.text for text in self._expected)
            if message.type == "error" and not expected:
                self.errors.append(f"{page.url}: console error: {message.text}")

        return record

    def screenshot_all(self, folder: Path, name: str) -> list[Path]:
        """Save a full-page screenshot of every open page (when a test failed)."""
        folder.mkdir(parents=True, exist_ok=True)
        saved = []
        for n, page in enumerate(page for context in self.contexts for page in context.pages):
            saved.append(folder / f"{name}-{n}.png")
            page.screenshot(path=saved[-1], full_page=True)
        return saved

    def close(self) -> None:
        for context in self.contexts:
            context.close()
