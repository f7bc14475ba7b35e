"""Every sample page loads cleanly, and leaves a screenshot for people to look at."""

from __future__ import annotations

import pytest

from service.render.website import Website
from tests.browser.conftest import SCREENSHOTS, Browse
from tests.browser.probes import load_every_image
from tests.browser.sample_pages import PAGES, SCREENS, SamplePage, Screen


@pytest.mark.parametrize("sample", [page for page in PAGES if page.status == 200], ids=str)
def test_sample_pages_exist(website: Website, sample: SamplePage) -> None:
    """Guards the browser suite against stale slugs (it runs without a browser too)."""
    assert website.registry.resolve(sample.path) is not None, f"{sample.path} is no page"


@pytest.mark.parametrize("screen", SCREENS, ids=str)
@pytest.mark.parametrize("sample", PAGES, ids=str)
def test_loads_without_console_errors(browse: Browse, sample: SamplePage, screen: Screen) -> None:
    """No console error and no uncaught exception, images included.

    A Content-Security-Policy violation is reported as a console error, so this
    also catches a page that breaks its own CSP. The full-page screenshot,
    `test-artifacts/screenshots/{locale}-{kind}-{width}.png`, is saved before
    the verdict so that a failing page leaves its picture too.
    """
    visit = browse(sample, screen)
    load_every_image(visit.tab)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    visit.tab.screenshot(path=SCREENSHOTS / f"{sample}-{screen}.png", full_page=True)
    assert not visit.errors, "\n".join(visit.errors)
