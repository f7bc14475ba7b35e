"""Every output format, parsed back."""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree as ET

import pytest
from rich.console import Console

from service.audit.checks import SITE_CHECKS
from service.audit.model import AuditReport, Finding, PageResult, Severity, Verdict
from service.audit.report.formats import render, to_csv, to_json, to_jsonl, to_junit
from service.audit.report.terminal import print_terminal


@pytest.fixture
def report() -> AuditReport:
    page_error = Finding(
        "h1-missing", Severity.error, "the page has no <h1>", "Add one.", url="https://x.example/a/"
    )
    page_notice = Finding(
        "title-length",
        Severity.notice,
        "short",
        "Longer.",
        url="https://x.example/a/",
        selector="head > title",
    )
    site_warning = Finding(
        "title-duplicate",
        Severity.warning,
        'two share "A, b"',
        "Differ.",
        urls=("https://x.example/a/", "https://x.example/b/"),
    )
    return AuditReport(
        pages=[
            PageResult("https://x.example/a/", 200, [page_error, page_notice], "A", "d"),
            PageResult("https://x.example/b/", 200, [], "B", ""),
        ],
        site=[site_warning],
        target="https://x.example/",
    )


def test_json_has_the_contract_shape(report: AuditReport) -> None:
    data = json.loads(to_json(report))
    assert data["summary"] == {"pages": 2, "errors": 1, "warnings": 1, "notices": 1}
    assert [p["url"] for p in data["pages"]] == ["https://x.example/a/", "https://x.example/b/"]
    finding = data["pages"][0]["findings"][0]
    assert finding == {
        "check": "h1-missing",
        "severity": "error",
        "message": "the page has no <h1>",
        "help": "Add one.",
        "url": "https://x.example/a/",
        "selector": "",
    }
    assert data["site"][0]["urls"] == ["https://x.example/a/", "https://x.example/b/"]
    assert "url" not in data["site"][0]


def test_jsonl_is_one_finding_per_line(report: AuditReport) -> None:
    lines = [json.loads(line) for line in to_jsonl(report).splitlines()]
    assert [line["check"] for line in lines] == ["h1-missing", "title-length", "title-duplicate"]


def test_csv_round_trips(report: AuditReport) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert len(rows) == 3
    assert rows[2]["message"] == 'two share "A, b"'
    assert rows[2]["urls"].split() == ["https://x.example/a/", "https://x.example/b/"]


def test_junit_fails_only_what_fails_the_exit_code(report: AuditReport) -> None:
    root = ET.fromstring(to_junit(report))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"pages", "site"}
    cases = {c.get("name"): c for c in root.iter("testcase")}
    # One case per page and one per site check, whether or not it found anything.
    assert {"https://x.example/a/", "https://x.example/b/", "title-duplicate"} <= set(cases)
    assert len(suites["site"].findall("testcase")) == len(SITE_CHECKS)
    assert [f.get("type") for f in cases["https://x.example/a/"].findall("failure")] == [
        "h1-missing"
    ]
    assert "title-length" in cases["https://x.example/a/"].findtext("system-out")
    # A warning is output, not a failure, as it leaves the exit code at 0 ...
    assert cases["title-duplicate"].find("failure") is None
    assert "title-duplicate" in cases["title-duplicate"].findtext("system-out")
    assert root.get("failures") == "1" and report.exit_code() == 1
    assert root.get("tests") == str(2 + len(SITE_CHECKS))
    # ... and a failure under --strict, where it makes the exit code 1.
    strict = ET.fromstring(to_junit(report, Verdict(strict=True)))
    assert strict.get("failures") == "2"


def test_junit_with_a_baseline_fails_only_new_errors(report: AuditReport) -> None:
    known = frozenset({report.pages[0].findings[0].key})
    root = ET.fromstring(to_junit(report, Verdict(known=known)))
    assert root.get("failures") == "0"
    assert report.exit_code(Verdict(known=known)) == 0


def test_github_annotations(report: AuditReport) -> None:
    lines = render(report, "github").splitlines()
    assert lines[0].startswith("::error file=https%3A//x.example/a/,title=h1-missing::")
    assert lines[1].startswith("::notice ")
    assert lines[2].startswith("::warning file=https%3A//x.example/a/,title=title-duplicate::")
    assert "Pages: https://x.example/a/ https://x.example/b/" in lines[2]
    assert lines[-1] == "nearme audit: 2 pages, 1 errors, 1 warnings, 1 notices"


def test_html_is_a_document_naming_every_page(report: AuditReport) -> None:
    from bs4 import BeautifulSoup

    doc = BeautifulSoup(render(report, "html"), "lxml")
    text = doc.get_text(" ")
    assert "https://x.example/a/" in text and "https://x.example/b/" in text


def test_terminal_table_lists_findings_and_summary(report: AuditReport) -> None:
    console = Console(record=True, width=200)
    print_terminal(report, console)
    out = console.export_text()
    assert "h1-missing" in out and "title-duplicate" in out
    assert "2 pages: 1 errors, 1 warnings, 1 notices" in out


def test_exit_codes(report: AuditReport) -> None:
    assert report.exit_code() == 1
    clean = AuditReport(pages=[PageResult("https://x.example/", 200)], site=[])
    assert clean.exit_code() == 0 and clean.exit_code(Verdict(strict=True)) == 0
    warned = AuditReport(pages=[], site=[report.site[0]])
    assert warned.exit_code() == 0 and warned.exit_code(Verdict(strict=True)) == 1


def test_terminal_shows_selectors_with_brackets_verbatim() -> None:
    finding = Finding(
        "link-broken",
        Severity.error,
        "links to [x]",
        "Fix it.",
        url="https://x.example/",
        selector='a[href="/missing/"]',
    )
    console = Console(record=True, width=200)
    print_terminal(
        AuditReport(pages=[PageResult("https://x.example/", 200, [finding])], site=[]), console
    )
    out = console.export_text()
    assert 'a[href="/missing/"]' in out and "links to [x]" in out
