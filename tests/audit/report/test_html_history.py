"""The HTML report's history: what changed since the last stored run, and a trend chart."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

from bs4 import BeautifulSoup, Tag

from service.audit.history.diff import diff_reports
from service.audit.history.since import CheckTrend, History, TrendRun
from service.audit.history.store import StoredRun
from service.audit.model import AuditReport, Finding, PageResult, Severity
from service.audit.report.html import render_html

SITE = "https://clinic.example"


def _finding(check: str, page: str, severity: Severity = Severity.error) -> Finding:
    return Finding(check, severity, f"{check} <b>here</b>", f"Fix {check}.", url=f"{SITE}{page}")


def _report(*found: Finding) -> AuditReport:
    pages = {path: PageResult(f"{SITE}{path}", 200, []) for path in ("/", "/a/", "/b/")}
    for finding in found:
        assert finding.url is not None
        pages[finding.url.removeprefix(SITE)].findings.append(finding)
    return AuditReport(pages=list(pages.values()), site=[], target=SITE)


EARLIER = _report(_finding("h1-missing", "/a/"), _finding("thin-content", "/b/", Severity.notice))
NOW = _report(
    _finding("h1-missing", "/a/"),
    _finding("canonical-missing", "/b/"),
    _finding("canonical-missing", "/"),
)


def _history(**overrides: object) -> History:
    fields: dict[str, object] = {
        "previous": StoredRun(12, SITE, datetime(2025, 3, 8, 9, 0), 3, 1, 0, 1),
        "diff": diff_reports(EARLIER.to_dict(), NOW.to_dict()),
        "runs": (
            TrendRun("#11", "2025-03-01 09:00:00"),
            TrendRun("#12", "2025-03-08 09:00:00"),
            TrendRun("this run", ""),
        ),
        "checks": (
            CheckTrend("canonical-missing", (0, 0, 2)),
            CheckTrend("h1-missing", (3, 1, 1)),
            CheckTrend("thin-content", (1, 1, 0)),
        ),
    }
    return History(**{**fields, **overrides})  # type: ignore[arg-type]


def _parse(history: History | None = None) -> BeautifulSoup:
    return BeautifulSoup(render_html(NOW, history), "lxml")


def _section(doc: BeautifulSoup, name: str) -> Tag:
    section = doc.select_one(f"section#{name}")
    assert section is not None, name
    return section


def test_no_history_sections_without_a_history() -> None:
    doc = _parse()
    assert doc.select("#since-last-run, #trend") == []


def test_since_last_run_names_the_run_and_counts_the_changes() -> None:
    section = _section(_parse(_history()), "since-last-run")
    assert "run #12 (2025-03-08 09:00:00 UTC)" in section.select_one(".note").get_text()  # type: ignore[union-attr]
    counts = {
        stat["data-change"]: stat.select_one("dd").get_text(strip=True)  # type: ignore[union-attr]
        for stat in section.select(".change-stat")
    }
    assert counts == {"new": "2", "fixed": "1", "unchanged": "1"}


def test_new_and_fixed_findings_are_listed_by_check_and_page() -> None:
    section = _section(_parse(_history()), "since-last-run")
    new = section.select(".changes-new > .change-group")
    assert [group["data-check"] for group in new] == ["canonical-missing"]
    pages = [a["href"] for a in new[0].select(".change-pages a")]
    assert pages == [f"{SITE}/", f"{SITE}/b/"]
    fixed = section.select(".changes-fixed > .change-group")
    assert [group["data-check"] for group in fixed] == ["thin-content"]
    finding = fixed[0].select_one(".change-finding")
    assert finding is not None and finding["data-severity"] == "notice"
    assert "thin-content <b>here</b>" in finding.get_text()  # page text shown as text
    assert section.select("b") == []


def test_a_run_with_nothing_new_says_so() -> None:
    same = diff_reports(NOW.to_dict(), NOW.to_dict())
    section = _section(_parse(_history(diff=same)), "since-last-run")
    assert section.select(".changes-new") == []
    assert "Nothing new since then." in section.get_text()


def test_findings_on_pages_not_audited_again_are_not_called_fixed() -> None:
    reached_less = AuditReport(pages=NOW.pages[:1], site=[], target=SITE)
    diff = diff_reports(EARLIER.to_dict(), reached_less.to_dict())
    section = _section(_parse(_history(diff=diff)), "since-last-run")
    counts = {stat["data-change"]: stat.dd.get_text() for stat in section.select(".change-stat")}  # type: ignore[union-attr]
    assert counts["fixed"] == "0" and counts["unchecked"] == "2"
    assert "not counted as fixed" in section.select_one(".unchecked-note").get_text()  # type: ignore[union-attr]


def test_the_trend_table_has_a_column_per_run_and_a_row_per_check() -> None:
    table = _section(_parse(_history()), "trend").select_one("table.trend")
    assert table is not None
    headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    assert headers == [
        "Check",
        "Trend",
        "#11 2025-03-01 09:00:00",
        "#12 2025-03-08 09:00:00",
        "this run",
        "Change",
    ]
    rows = {
        row["data-check"]: [td.get_text(strip=True) for td in row.select("td.num")]
        for row in table.select("tbody tr")
    }
    assert rows == {
        "canonical-missing": ["0", "0", "2", "+2"],
        "h1-missing": ["3", "1", "1", "0"],
        "thin-content": ["1", "1", "0", "−1"],
    }
    assert table.select_one('tr[data-check="canonical-missing"] .change-worse') is not None
    assert table.select_one('tr[data-check="thin-content"] .change-better') is not None


def test_the_chart_is_inline_svg_drawn_to_each_checks_highest_count() -> None:
    table = _section(_parse(_history()), "trend").select_one("table.trend")
    assert table is not None
    svg = table.select_one('tr[data-check="h1-missing"] svg')
    assert svg is not None and svg["aria-hidden"] == "true"  # the numbers beside it carry it
    # 3 at the top (y=3), 1 a third of the way up, over x from 3 to 117.
    assert svg.polyline["points"] == "3.00,3.00 60.00,17.67 117.00,17.67"  # type: ignore[index]
    assert len(svg.select("circle")) == 3


def test_history_keeps_the_report_self_contained_and_deterministic() -> None:
    first, second = render_html(NOW, _history()), render_html(NOW, _history())
    assert first == second
    doc = BeautifulSoup(first, "lxml")
    assert doc.select("[src]") == [] and doc.select("script[src]") == []
    assert len(doc.select("script")) == 1  # the report's own sorting script only
    levels = [int(h.name[1]) for h in doc.find_all(["h1", "h2", "h3", "h4"])]
    assert all(later - earlier <= 1 for earlier, later in pairwise(levels))


def test_a_hostile_page_url_in_a_change_never_becomes_a_link() -> None:
    hostile = Finding("h1-missing", Severity.error, "x", "y", url="javascript:alert(1)")
    later = AuditReport(pages=[PageResult("javascript:alert(1)", 200, [hostile])], site=[])
    diff = diff_reports({"pages": [], "site": []}, later.to_dict())
    section = _section(_parse(_history(diff=diff)), "since-last-run")
    assert section.select("a") == []
    assert "javascript:alert(1)" in section.get_text()
