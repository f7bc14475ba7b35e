"""A real Chromium over the real app: one server, one browser and one context per screen.

Debian's Chromium drives the tests (Playwright's own browser download is not
used). Without it the suite skips, except under CI=true, where a missing
browser must not pass for a green run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from service.render.website import Website
from service.web.app import create_app
from tests.browser.sample_pages import PHONE, SCREENS, SamplePage, Screen
from tests.utils import serve

DEBIAN_CHROMIUM = "/usr/bin/chromium"
# Overwritten on every run; to be named in the README and ignored by git.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def find_chromium() -> str | None:
    if os.access(DEBIAN_CHROMIUM, os.X_OK):
        return DEBIAN_CHROMIUM
    return shutil.which("chromium")


def running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"true", "1"}


@pytest.fixture(scope="package")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        reason = f"Chromium is not installed ({DEBIAN_CHROMIUM}, or chromium on PATH); .ci/run installs it"
        if running_in_ci():
            pytest.fail(f"CI=true and the browser tests cannot run: {reason}", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="package")
def server(website: Website) -> Iterator[str]:
    with serve(create_app(website)) as url:
        yield url


@pytest.fixture(scope="package")
def browser(chromium: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium,
            # No calls home and no GPU: the same quiet browser on a laptop and in a container.
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


def new_context(browser: Browser, screen: Screen, *, javascript: bool = True) -> BrowserContext:
    # is_mobile makes Chromium honour <meta name="viewport"> as a phone does: without the
    # tag a phone lays the page out 980 px wide, which the overflow check then catches.
    return browser.new_context(
        viewport={"width": screen.width, "height": screen.height},
        is_mobile=screen.is_phone,
        has_touch=screen.is_phone,
        java_script_enabled=javascript,
    )


@pytest.fixture(scope="package")
def tabs(browser: Browser) -> Iterator[dict[tuple[Screen, bool], Page]]:
    """One tab per (screen, JavaScript on) kept for the whole suite: opening a tab costs
    more than loading one of these pages, and every visit navigates afresh anyway.

    JavaScript is on by default (the pages ship none, but axe needs it); only the phone
    is also tried without it.
    """
    contexts = {
        (screen, javascript): new_context(browser, screen, javascript=javascript)
        for screen, javascript in [*((screen, True) for screen in SCREENS), (PHONE, False)]
    }
    yield {key: context.new_page() for key, context in contexts.items()}
    for context in contexts.values():
        context.close()


@dataclass
class Visit:
    """A page opened in a tab, with everything the browser complained about while loading it."""

    sample: SamplePage
    url: str
    tab: Page
    errors: list[str] = field(default_factory=list)

    def record_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "")
        # Chromium logs the document's own 404 as an error; on the not-found page that
        # status is the point. A 404 for anything the page loads is still caught.
        if where == self.url and self.sample.status == 404 and "status of 404" in message.text:
            return
        self.errors.append(f"console error: {message.text} ({where})")

    def record_exception(self, error: Exception) -> None:
        self.errors.append(f"uncaught exception: {error}")


Browse = Callable[..., Visit]


@pytest.fixture
def browse(tabs: dict[tuple[Screen, bool], Page], server: str) -> Iterator[Browse]:
    """Load a sample page; fails unless it answers with the status a patient expects."""
    visits: list[Visit] = []

    def open_page(sample: SamplePage, screen: Screen, *, javascript: bool = True) -> Visit:
        tab = tabs[screen, javascript]
        visit = Visit(sample, server + sample.path, tab)
        visits.append(visit)
        # Listen before navigating: errors during parsing are the ones that matter.
        tab.on("console", visit.record_console)
        tab.on("pageerror", visit.record_exception)
        response = tab.goto(visit.url, wait_until="load")
        assert response is not None, visit.url
        assert response.status == sample.status, f"{visit.url} answered {response.status}"
        return visit

    yield open_page
    for visit in visits:
        visit.tab.remove_listener("console", visit.record_console)
        visit.tab.remove_listener("pageerror", visit.record_exception)
