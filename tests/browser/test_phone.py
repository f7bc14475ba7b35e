"""A patient on a 375 px phone (and a desktop): nothing to scroll sideways, call and email at hand, no zooming."""

from __future__ import annotations

import re

import pytest

from service.render.website import Website
from tests.browser.conftest import Browse
from tests.browser.probes import (
    body_font_size,
    elements_wider_than,
    links,
    page_width,
    text_smaller_than,
    viewport_meta,
)
from tests.browser.sample_pages import DESKTOP, PAGES, PHONE, SamplePage, Screen

# WCAG 2.5.5 and Apple's guidelines ask 44 px for a touch target; 2.5.8 (AA) only 24 px.
# The call and email buttons are what the pages are for, so they get the generous size.
MIN_TAP_TARGET_PX = 44
# Lighthouse's "document uses legible font sizes" threshold.
MIN_LEGIBLE_PX = 12
MIN_BODY_TEXT_PX = 16


@pytest.mark.parametrize("sample", PAGES, ids=str)
def test_nothing_scrolls_sideways(browse: Browse, sample: SamplePage) -> None:
    visit = browse(sample, PHONE)
    width = page_width(visit.tab)
    assert width <= PHONE.width, (
        f"{sample.path} is {width}px wide on a {PHONE.width}px phone; sticking out:\n"
        + "\n".join(elements_wider_than(visit.tab, PHONE.width))
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("action", ["call", "email"])
@pytest.mark.parametrize("sample", PAGES, ids=str)
def test_call_and_email_are_on_the_first_screen(
    browse: Browse, website: Website, sample: SamplePage, action: str, javascript: bool
) -> None:
    """Some tel: link and some mailto: link can be tapped without scrolling (no booking page
    is confirmed, so writing to the clinic stands in for booking).

    "Can be tapped" means rendered, wholly inside the first 375x667 screen, at
    least 44x44 px, and not covered by anything else. Checked with JavaScript
    off as well: calling the clinic must never depend on a script.
    """
    assert_reachable(browse, website, sample, action, PHONE, javascript=javascript)


@pytest.mark.parametrize("action", ["call", "email"])
@pytest.mark.parametrize("sample", PAGES, ids=str)
def test_call_and_email_are_on_the_first_screen_of_a_desktop_too(
    browse: Browse, website: Website, sample: SamplePage, action: str
) -> None:
    assert_reachable(browse, website, sample, action, DESKTOP, javascript=True)


def assert_reachable(
    browse: Browse,
    website: Website,
    sample: SamplePage,
    action: str,
    screen: Screen,
    *,
    javascript: bool,
) -> None:
    selector = {
        "call": "a[href^='tel:']",
        "email": f"a[href='mailto:{website.site.clinic.email}']",
    }[action]
    visit = browse(sample, screen, javascript=javascript)
    candidates = links(visit.tab, selector)
    assert candidates, f"no {selector} on {sample.path}"
    problems = {
        str(link): link.problems(
            screen_width=screen.width, screen_height=screen.height, min_size=MIN_TAP_TARGET_PX
        )
        for link in candidates
    }
    assert any(not found for found in problems.values()), (
        f"no '{action}' link within reach on the first {screen.width}px screen of "
        f"{sample.path}:\n"
        + "\n".join(f"{link}: {', '.join(found)}" for link, found in problems.items())
    )


@pytest.mark.parametrize("sample", PAGES, ids=str)
def test_text_is_readable_without_zooming(browse: Browse, sample: SamplePage) -> None:
    """Readable as served, and zoomable for those who need more.

    - the viewport is the device width (otherwise a phone shrinks the page to fit
      980 px) and pinch-zoom stays allowed: no user-scalable=no, no maximum-scale
      under 2 (WCAG 1.4.4 asks for 200 % zoom; axe rates this only "moderate", so
      the accessibility test would let it through);
    - body text is at least 16 px, the size phone browsers are designed around;
    - no rendered text at all is under 12 px. Lighthouse tolerates 40 % of the
      text below that; every line here is ours to style, so none is.
    """
    visit = browse(sample, PHONE)
    viewport = dict(
        (name.strip().lower(), value.strip().lower())
        for name, _, value in (
            part.partition("=") for part in re.split(r"[,;]", viewport_meta(visit.tab) or "")
        )
    )
    assert viewport.get("width") == "device-width", f"viewport meta: {viewport}"
    assert viewport.get("user-scalable", "yes") not in {"no", "0"}, "pinch-zoom is disabled"
    assert float(viewport.get("maximum-scale", "10")) >= 2, "zoom is capped under 200 %"
    assert body_font_size(visit.tab) >= MIN_BODY_TEXT_PX
    small = text_smaller_than(visit.tab, MIN_LEGIBLE_PX)
    assert not small, "text too small to read on a phone:\n" + "\n".join(small)


@pytest.mark.parametrize("sample", PAGES, ids=str)
def test_content_does_not_need_javascript(browse: Browse, sample: SamplePage) -> None:
    """The heading and the medical disclaimer are in the served HTML, not added by a script."""
    visit = browse(sample, PHONE, javascript=False)
    assert visit.tab.locator("h1").is_visible()
    assert visit.tab.locator("#disclaimer").is_visible()


# Two screens of an iPhone SE: where a patient arriving from a search decides.
TWO_SCREENS_PX = 2 * PHONE.height


@pytest.mark.parametrize("sample", [p for p in PAGES if p.kind != "not-found"], ids=str)
def test_address_hours_and_call_within_the_first_two_screens(
    browse: Browse, sample: SamplePage
) -> None:
    """Where the clinic is, when it is open and a call button, laid out within the first
    1,334 px of the page (measured from the top of the document, before any scrolling)."""
    visit = browse(sample, PHONE, javascript=False)
    for selector in (".visit-where", ".visit-hours", ".visit-actions a[href^='tel:']"):
        box = visit.tab.locator(selector).first.bounding_box()
        assert box is not None, f"{selector} is not rendered on {sample.path}"
        assert box["y"] + box["height"] <= TWO_SCREENS_PX, (
            f"{selector} ends at {box['y'] + box['height']:.0f}px on {sample.path}"
        )
