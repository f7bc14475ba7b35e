"""Audit output: the terminal table, and JSON, JSON Lines, CSV, JUnit XML and HTML files."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from xml.etree import ElementTree as ET

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from service.audit.model import AuditReport, Finding, Severity

FORMATS = ("terminal", "json", "jsonl", "csv", "junit", "html")
CSV_FIELDS = ("check", "severity", "url", "urls", "message", "selector", "help")
_STYLE = {Severity.error: "bold red", Severity.warning: "yellow", Severity.notice: "cyan"}


def _rows(report: AuditReport) -> list[Finding]:
    return report.all_findings()


def to_json(report: AuditReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def to_jsonl(report: AuditReport) -> str:
    """One finding per line, each carrying its page (``url``) or pages (``urls``)."""
    return "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in _rows(report))


def to_csv(report: AuditReport) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for finding in _rows(report):
        writer.writerow(
            {
                "check": finding.check,
                "severity": finding.severity.value,
                "url": finding.url or "",
                "urls": " ".join(finding.urls),
                "message": finding.message,
                "selector": finding.selector,
                "help": finding.help,
            }
        )
    return out.getvalue()


def to_junit(report: AuditReport) -> str:
    """A test suite per page (and one for the site); errors and warnings fail its test case."""
    suites = ET.Element(
        "testsuites",
        name="nearme audit",
        tests=str(len(report.pages) + 1),
        failures=str(report.count(Severity.error) + report.count(Severity.warning)),
    )

    def suite(name: str, findings: list[Finding]) -> None:
        failing = [f for f in findings if f.severity is not Severity.notice]
        element = ET.SubElement(
            suites, "testsuite", name=name, tests="1", failures=str(len(failing))
        )
        case = ET.SubElement(element, "testcase", classname="nearme.audit", name=name)
        for finding in failing:
            failure = ET.SubElement(
                case,
                "failure",
                type=finding.check,
                message=f"[{finding.severity.value}] {finding.message}",
            )
            failure.text = "\n".join(
                filter(None, [finding.selector, finding.help, " ".join(finding.urls)])
            )
        notices = [f for f in findings if f.severity is Severity.notice]
        if notices:
            ET.SubElement(case, "system-out").text = "\n".join(
                f"[notice] {f.check}: {f.message}" for f in notices
            )

    for page in report.pages:
        suite(page.url, page.findings)
    suite("site", report.site)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def to_html(report: AuditReport) -> str:
    from service.audit.report.html import render_html

    return render_html(report)


def render(report: AuditReport, fmt: str) -> str:
    return {"json": to_json, "jsonl": to_jsonl, "csv": to_csv, "junit": to_junit, "html": to_html}[
        fmt
    ](report)


def print_terminal(report: AuditReport, console: Console) -> None:
    """A table of every finding, then counts per check and the summary."""
    findings = _rows(report)
    if findings:
        table = Table(title=f"Audit of {report.target}", show_lines=False, expand=True)
        table.add_column("severity", no_wrap=True)
        table.add_column("check", no_wrap=True)
        table.add_column("where", overflow="fold")
        table.add_column("message", overflow="fold")
        for finding in sorted(findings, key=lambda f: (f.severity.rank, f.check)):
            # Pages' text may hold [brackets] that rich would read as markup.
            where = escape(finding.url or ", ".join(finding.urls))
            if finding.selector:
                where += f"\n[dim]{escape(finding.selector)}[/dim]"
            table.add_row(
                f"[{_STYLE[finding.severity]}]{finding.severity.value}[/]",
                finding.check,
                where,
                escape(finding.message),
            )
        console.print(table)
        per_check = Counter((f.check, f.severity) for f in findings)
        for (check, severity), count in sorted(
            per_check.items(), key=lambda item: (item[0][1].rank, -item[1])
        ):
            help_line = next(f.help for f in findings if f.check == check)
            console.print(
                f"  [{_STYLE[severity]}]{count:>5}[/] {check}: [dim]{escape(help_line)}[/dim]"
            )
    summary = report.summary()
    console.print(
        f"[bold]{summary['pages']} pages[/bold]: "
        f"[bold red]{summary['errors']} errors[/], [yellow]{summary['warnings']} warnings[/], "
        f"[cyan]{summary['notices']} notices[/]"
    )
