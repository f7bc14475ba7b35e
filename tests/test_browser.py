"""Pages as a patient on a phone sees them: a real browser at 375 px, JavaScript off."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from service.app import create_app
from service.website import Website
from tests.utils import serve

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not shutil.which("chromium"), reason="Debian's chromium is not installed (.ci/run installs it)"
)
PATHS = [
    "/",
    "/conditions/",
    "/conditions/sciatica/",
    "/es/areas/santa-monica/",
    "/zh/conditions/postherpetic-neuralgia/pacific-palisades/",
    "/es/nope/",
]


@pytest.fixture(scope="module")
def server(website: Website) -> Iterator[str]:
    with serve(create_app(website)) as url:
        yield url


@pytest.fixture(scope="module")
def phone(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(
            viewport={"width": 375, "height": 740}, java_script_enabled=False, device_scale_factor=2
        )
        yield context.new_page()
        browser.close()


@pytest.mark.parametrize("path", PATHS)
def test_nothing_overflows_a_375px_screen(server: str, phone, path: str) -> None:  # type: ignore[no-untyped-def]
    phone.goto(server + path)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{path} is {width}px wide"


@pytest.mark.parametrize("path", PATHS)
def test_call_and_book_are_one_tap_away(server: str, phone, path: str) -> None:  # type: ignore[no-untyped-def]
    phone.goto(server + path)
    bar = phone.locator("nav.quick-contact")
    assert bar.is_visible()
    call = bar.locator("a[href^='tel:']")
    box = call.bounding_box()
    assert box is not None and box["height"] >= 44, "tap target under 44px"
    assert box["y"] + box["height"] <= 740, "call button is not on screen"


def test_text_is_readable_without_javascript(server: str, phone) -> None:  # type: ignore[no-untyped-def]
    phone.goto(server + "/conditions/sciatica/")
    assert phone.locator("h1").inner_text()
    assert phone.locator("#disclaimer").is_visible()
    size = phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 16
