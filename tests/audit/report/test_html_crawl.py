"""The HTML report's account of the crawl: a crawl that missed pages says so, visibly."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from service.audit.model import AuditReport, PageResult
from service.audit.report.html import render_html

SITE = "https://clinic.example"


def _report(crawl: dict | None, **settings: object) -> AuditReport:
    report = AuditReport(pages=[PageResult(f"{SITE}/", 200, [])], site=[], target=SITE)
    if crawl is not None:
        report.meta = {"target": SITE, "crawl": crawl, "settings": settings}
    return report


def _crawl_section(report: AuditReport) -> Tag | None:
    return BeautifulSoup(render_html(report), "lxml").select_one("section#crawl")


def _figures(section: Tag) -> dict[str, str]:
    return {
        figure["data-crawl"]: figure.select_one("dd").get_text(strip=True)  # type: ignore[union-attr]
        for figure in section.select(".crawl-figure")
    }


CAPPED = {
    "found": 582,
    "audited": 500,
    "skipped_cap": 82,
    "blocked_by_robots": 0,
    "failed": 0,
    "offsite": 3,
    "notes": ["stopped at the page cap (500); raise it with --max-pages"],
}


def test_a_capped_crawl_is_said_first_as_a_warning() -> None:
    section = _crawl_section(_report(CAPPED, limits={"max_pages": 500}))
    assert section is not None and "incomplete" in section["class"]
    warning = section.select_one(".callout[role=note]")
    assert warning is not None
    text = warning.get_text(" ", strip=True)
    assert text.startswith("Warning: Incomplete crawl")
    assert "Of 582 URLs found, 82 were left out by the page cap of 500" in text
    assert "--max-pages" in text


def test_every_count_is_shown_and_the_missed_ones_marked() -> None:
    section = _crawl_section(_report(CAPPED, limits={"max_pages": 500}))
    assert section is not None
    assert _figures(section) == {
        "found": "582",
        "audited": "500",
        "skipped_cap": "82",
        "blocked_by_robots": "0",
        "failed": "0",
        "offsite": "3",
    }
    missed = [figure["data-crawl"] for figure in section.select(".crawl-figure.missed")]
    assert missed == ["skipped_cap"]
    notes = [li.get_text(strip=True) for li in section.select(".crawl-notes li")]
    assert notes == ["stopped at the page cap (500); raise it with --max-pages"]


def test_robots_and_failures_are_named_as_reasons() -> None:
    crawl = {"found": 10, "audited": 2, "blocked_by_robots": 7, "failed": 1, "notes": []}
    section = _crawl_section(_report(crawl))
    assert section is not None
    text = section.select_one(".callout").get_text(" ", strip=True)  # type: ignore[union-attr]
    assert "7 were disallowed by robots.txt; 1 failed to load" in text


def test_ignoring_robots_is_stated() -> None:
    crawl = {"found": 3, "audited": 3, "notes": []}
    section = _crawl_section(_report(crawl, ignore_robots=True))
    assert section is not None
    notes = [li.get_text(strip=True) for li in section.select(".crawl-notes li")]
    assert notes == ["robots.txt was ignored for this audit (--ignore-robots)."]


def test_a_complete_crawl_says_so_without_a_warning() -> None:
    crawl = {"found": 12, "audited": 12, "skipped_cap": 0, "notes": []}
    section = _crawl_section(_report(crawl))
    assert section is not None and "incomplete" not in section["class"]
    assert section.select(".callout") == []
    headline = section.select_one(".crawl-headline").get_text(strip=True)  # type: ignore[union-attr]
    assert headline == "Every URL the crawl found was audited (12 pages)."


def test_no_crawl_section_without_a_crawl() -> None:
    assert _crawl_section(_report(None)) is None
    files = {
        "found": 0,
        "audited": 0,
        "skipped_cap": 0,
        "notes": [],
    }  # local files: read, not crawled
    assert _crawl_section(_report(files)) is None
