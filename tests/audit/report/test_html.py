"""The shareable HTML report: what a marketer sees, read back from the parsed page."""

from __future__ import annotations

from itertools import pairwise

from bs4 import BeautifulSoup, Tag

from service.audit.model import AuditReport, Finding, PageResult, Severity
from service.audit.report.html import render_html
from service.audit.serp import cut_title

SITE = "https://clinic.example"
CLEAN = f"{SITE}/"
BROKEN = f"{SITE}/conditions/sciatica"
WORDY = f"{SITE}/areas/park-slope"
GONE = f"{SITE}/old-page"
LONG_TITLE = ("Acupuncture for sciatica in Park Slope, Brooklyn " * 7)[:300]
LONG_DESCRIPTION = "Licensed acupuncturists treating back pain and sciatica. " * 6


def _finding(check: str, severity: Severity, message: str, url: str, selector: str = "") -> Finding:
    return Finding(check, severity, message, f"How to fix {check}.", url=url, selector=selector)


def _report() -> AuditReport:
    return AuditReport(
        pages=[
            PageResult(CLEAN, 200, [], title="Acupuncture in Brooklyn", description="Book today."),
            PageResult(
                BROKEN,
                200,
                [
                    _finding("h1-missing", Severity.error, "the page has no <h1>", BROKEN),
                    _finding(
                        "img-alt-missing", Severity.warning, "2 images lack alt", BROKEN, "img.hero"
                    ),
                    _finding("thin-content", Severity.notice, "only 180 words", BROKEN),
                ],
                title="Sciatica <script>alert(1)</script>",
                description="",
            ),
            PageResult(
                WORDY,
                200,
                [_finding("img-alt-missing", Severity.warning, "1 image lacks alt", WORDY)],
                title=LONG_TITLE,
                description=LONG_DESCRIPTION,
            ),
            PageResult(GONE, 404, [_finding("http-status", Severity.error, "answered 404", GONE)]),
        ],
        site=[
            Finding(
                "title-duplicate",
                Severity.warning,
                'two pages share the title "A & B"',
                "Give every page its own title.",
                urls=(CLEAN, WORDY),
            )
        ],
        target=SITE,
    )


def _parse(report: AuditReport) -> BeautifulSoup:
    return BeautifulSoup(render_html(report), "lxml")


def _one(doc: BeautifulSoup | Tag, selector: str) -> Tag:
    found = doc.select(selector)
    assert len(found) == 1, f"expected one {selector!r}, found {len(found)}"
    return found[0]


def _page_body(doc: BeautifulSoup, url: str) -> Tag:
    """The <tbody> that holds a page's row and its details."""
    matches = [
        body
        for body in doc.select("#pages-table tbody")
        if _one(body, "th.url").get_text(strip=True) == url
    ]
    assert len(matches) == 1, f"expected one row for {url}, found {len(matches)}"
    return matches[0]


def _stat(doc: BeautifulSoup, kind: str) -> str:
    stat = _one(doc, f".summary [data-stat={kind}]")
    return _one(stat, "dd").get_text(strip=True)


def test_summary_shows_pages_and_counts_per_severity_with_their_names():
    doc = _parse(_report())
    assert {kind: _stat(doc, kind) for kind in ("pages", "error", "warning", "notice")} == {
        "pages": "4",
        "error": "2",
        "warning": "3",
        "notice": "1",
    }
    labels = [dt.get_text(strip=True) for dt in doc.select(".summary dt")]
    assert labels == ["Pages", "Errors", "Warnings", "Notices"]


def test_document_names_the_target_in_title_and_single_h1():
    doc = _parse(_report())
    assert _one(doc, "html").get("lang") == "en"
    assert SITE in _one(doc, "title").get_text()
    assert SITE in _one(doc, "h1").get_text()
    assert _one(doc, "meta[name=viewport]").get("content") == "width=device-width, initial-scale=1"


def test_headings_step_down_one_level_at_a_time():
    doc = _parse(_report())
    levels = [int(h.name[1]) for h in doc.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in pairwise(levels))


def test_chart_has_a_row_per_check_with_its_count_and_help():
    doc = _parse(_report())
    rows = {row["data-check"]: row for row in doc.select(".chart .chart-row")}
    counts = {check: _one(row, ".count").get_text(strip=True) for check, row in rows.items()}
    assert counts == {
        "img-alt-missing": "2",
        "h1-missing": "1",
        "http-status": "1",
        "thin-content": "1",
        "title-duplicate": "1",
    }
    assert _one(rows["title-duplicate"], ".chart-help").get_text() == (
        "Give every page its own title."
    )
    assert "2 warnings" in _one(rows["img-alt-missing"], ".chart-count").get_text()


def test_chart_bars_are_coloured_by_severity_and_scaled_to_the_busiest_check():
    doc = _parse(_report())
    busiest = _one(doc, '.chart-row[data-check="img-alt-missing"] .chart-bar')
    single = _one(doc, '.chart-row[data-check="h1-missing"] .chart-bar')
    assert _one(busiest, ".seg")["class"] == ["seg", "seg-warning"]
    assert _one(busiest, ".seg")["style"] == "width: 100.00%"
    assert _one(single, ".seg")["class"] == ["seg", "seg-error"]
    assert _one(single, ".seg")["style"] == "width: 50.00%"


def test_site_finding_lists_every_page_involved_as_links():
    doc = _parse(_report())
    finding = _one(doc, "#site-findings .finding")
    assert finding["data-severity"] == "warning"
    assert _one(finding, ".check-id").get_text() == "title-duplicate"
    assert _one(finding, ".finding-message").get_text() == 'two pages share the title "A & B"'
    assert [a["href"] for a in finding.select(".finding-pages a")] == [CLEAN, WORDY]


def test_every_page_is_a_row_with_its_status_and_counts():
    doc = _parse(_report())
    expected = {CLEAN: "200", BROKEN: "200", WORDY: "200", GONE: "404"}
    for url, status in expected.items():
        row = _one(_page_body(doc, url), ".page-row")
        assert _one(row, "td.status").get_text(strip=True) == status
    cells = _page_body(doc, BROKEN).select(".page-row td[data-severity]")
    assert [(td["data-severity"], td.get_text(strip=True)) for td in cells] == [
        ("error", "1"),
        ("warning", "1"),
        ("notice", "1"),
    ]


def test_page_that_could_not_be_fetched_says_so():
    report = AuditReport(pages=[PageResult(GONE, None, [])], site=[])
    row = _page_body(_parse(report), GONE)
    assert _one(row, "td.status").get_text(strip=True) == "no response"


def test_page_findings_are_inside_its_rows_details():
    doc = _parse(_report())
    details = _one(_page_body(doc, BROKEN), "details")
    findings = details.select(".finding")
    assert [(f["data-check"], f["data-severity"]) for f in findings] == [
        ("h1-missing", "error"),
        ("img-alt-missing", "warning"),
        ("thin-content", "notice"),
    ]
    image = findings[1]
    assert _one(image, ".finding-message").get_text() == "2 images lack alt"
    assert _one(image, ".finding-selector code").get_text() == "img.hero"
    assert _one(image, ".finding-help").get_text() == "How to fix img-alt-missing."
    assert _one(_page_body(doc, CLEAN), "details").select(".finding") == []


def test_search_preview_cuts_a_long_title_and_description():
    details = _one(_page_body(_parse(_report()), WORDY), "details")
    title = _one(details, ".serp-title").get_text()
    description = _one(details, ".serp-description").get_text()
    assert title == cut_title(LONG_TITLE)
    assert title.endswith("…")
    assert len(title) < len(LONG_TITLE)
    assert description.endswith("…")
    assert len(description) < len(LONG_DESCRIPTION)


def test_search_preview_shows_placeholders_for_missing_title_and_description():
    doc = _parse(_report())
    gone = _one(_page_body(doc, GONE), ".serp")
    assert _one(gone, ".serp-title").get_text() == cut_title(GONE)
    assert _one(gone, ".serp-title-missing").get_text() == "(no title)"
    assert _one(gone, ".serp-description").get_text() == "(no description)"
    broken = _one(_page_body(doc, BROKEN), ".serp")
    assert _one(broken, ".serp-description").get_text() == "(no description)"
    assert broken.select(".serp-title-missing") == []


def test_search_preview_url_line_is_a_breadcrumb():
    serp = _one(_page_body(_parse(_report()), BROKEN), ".serp")
    assert _one(serp, ".serp-url").get_text() == "https://clinic.example › conditions › sciatica"


def test_nothing_external_is_loaded():
    doc = _parse(_report())
    audited = {CLEAN, BROKEN, WORDY, GONE}
    assert doc.select("link[rel~=stylesheet]") == []
    assert doc.select("script[src]") == []
    assert doc.select("[src]") == []
    external = {tag["href"] for tag in doc.select("[href]") if tag["href"].startswith("http")}
    assert external <= audited
    assert all("http" not in style.get_text() for style in doc.select("style"))


def test_html_in_titles_and_messages_is_shown_as_text():
    doc = _parse(_report())
    serp = _one(_page_body(doc, BROKEN), ".serp")
    assert _one(serp, ".serp-title").get_text() == "Sciatica <script>alert(1)</script>"
    assert serp.select("script") == []
    assert len(doc.select("script")) == 1  # the report's own inline script only
    h1 = _one(_page_body(doc, BROKEN), '.finding[data-check="h1-missing"] .finding-message')
    assert h1.get_text() == "the page has no <h1>"
    assert h1.select("h1") == []


def test_only_web_and_file_urls_become_links():
    hostile = "javascript:alert(1)"
    report = AuditReport(pages=[PageResult(hostile, 200, [])], site=[])
    row = _page_body(_parse(report), hostile)
    assert row.select("a") == []


def test_same_report_renders_byte_identical_html():
    assert render_html(_report()) == render_html(_report())


def test_empty_report_renders_without_pages_or_findings():
    doc = _parse(AuditReport(pages=[], site=[], target=""))
    assert _stat(doc, "pages") == "0"
    assert _one(doc, "h1").get_text() == "SEO audit"
    assert doc.select("#pages-table") == []
    assert doc.select(".chart-row") == []
    assert doc.select("script") == []  # nothing to sort or filter
