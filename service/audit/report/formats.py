"""Audit output: the terminal table, and JSON, JSON Lines, CSV, JUnit XML, GitHub
annotations and HTML files.

Every format reads the same report and the same ``Verdict``, so what fails the
exit code is what JUnit calls a failure and GitHub an error. Page-derived text
goes through ``safe`` on the way out.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.etree import ElementTree as ET

from service.audit.checks import SITE_CHECKS
from service.audit.model import AuditReport, Finding, Severity, Verdict
from service.audit.report.safe import (
    csv_cell,
    github_data,
    github_property,
    json_text,
    xml_text,
)

FORMATS = ("terminal", "json", "jsonl", "csv", "junit", "github", "html")
CSV_FIELDS = ("check", "severity", "url", "urls", "message", "selector", "help")


def _rows(report: AuditReport) -> list[Finding]:
    return report.all_findings()


def to_json(report: AuditReport, verdict: Verdict | None = None) -> str:
    return json_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2)) + "\n"


def to_jsonl(report: AuditReport, verdict: Verdict | None = None) -> str:
    """One finding per line, each carrying its page (``url``) or pages (``urls``)."""
    return "".join(
        json_text(json.dumps(f.to_dict(), ensure_ascii=False)) + "\n" for f in _rows(report)
    )


def to_csv(report: AuditReport, verdict: Verdict | None = None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for finding in _rows(report):
        row = {
            "check": finding.check,
            "severity": finding.severity.value,
            "url": finding.url or "",
            "urls": " ".join(finding.urls),
            "message": finding.message,
            "selector": finding.selector,
            "help": finding.help,
        }
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return out.getvalue()


def to_junit(report: AuditReport, verdict: Verdict | None = None) -> str:
    """A test case per page and per site check; a failure only where the verdict fails.

    The counts agree with the exit code: ``failures`` is the number of test cases
    holding a finding that fails the run. Other findings are the test case's
    ``system-out``, so CI shows them without going red.
    """
    verdict = verdict or Verdict()
    disabled = set(report.meta.get("settings", {}).get("disabled", ()))
    site_checks = [check.id for check in SITE_CHECKS if check.id not in disabled]
    by_check: dict[str, list[Finding]] = {check: [] for check in site_checks}
    for finding in report.site:
        by_check.setdefault(finding.check, []).append(finding)
    groups = [
        ("pages", "nearme.audit.page", [(page.url, page.findings) for page in report.pages]),
        ("site", "nearme.audit.site", list(by_check.items())),
    ]
    root = ET.Element("testsuites", name="nearme audit")
    total = failed = 0
    for suite_name, classname, cases in groups:
        suite = ET.SubElement(root, "testsuite", name=suite_name, tests=str(len(cases)))
        suite_failed = 0
        for name, findings in cases:
            case = ET.SubElement(suite, "testcase", classname=classname, name=xml_text(name))
            failing = [f for f in findings if verdict.fails(f)]
            if failing:
                suite_failed += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    type=failing[0].check,
                    message=xml_text(_count_line(failing)),
                )
                failure.text = xml_text("\n\n".join(_plain(f) for f in failing))
            rest = [f for f in findings if not verdict.fails(f)]
            if rest:
                ET.SubElement(case, "system-out").text = xml_text(
                    "\n\n".join(_plain(f) for f in rest)
                )
        suite.set("failures", str(suite_failed))
        total += len(cases)
        failed += suite_failed
    root.set("tests", str(total))
    root.set("failures", str(failed))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _count_line(findings: list[Finding]) -> str:
    checks = sorted({f.check for f in findings})
    return (
        f"{len(findings)} failing finding{'s' if len(findings) != 1 else ''}: {', '.join(checks)}"
    )


def _plain(finding: Finding) -> str:
    lines = [f"[{finding.severity.value}] {finding.check}: {finding.message}"]
    if finding.selector:
        lines.append(f"  at {finding.selector}")
    if finding.urls:
        lines.append("  pages: " + " ".join(finding.urls))
    lines.append(f"  {finding.help}")
    return "\n".join(lines)


def to_github(report: AuditReport, verdict: Verdict | None = None) -> str:
    """GitHub Actions workflow commands: one annotation line per finding.

    ``::error`` only for what fails the run; an error a baseline already had is
    shown as a warning, saying so.
    """
    verdict = verdict or Verdict()
    lines = []
    for finding in _rows(report):
        level = finding.severity.value
        message = finding.message
        if verdict.fails(finding):
            level = "error"
        elif finding.severity is Severity.error:
            level, message = "warning", f"{message} (error already in the baseline)"
        where = finding.url or (finding.urls[0] if finding.urls else report.target)
        detail = f"{message} — {finding.help}"
        if finding.selector:
            detail += f" (at {finding.selector})"
        if finding.urls:
            detail += " Pages: " + " ".join(finding.urls)
        lines.append(
            f"::{level} file={github_property(where)},title={github_property(finding.check)}"
            f"::{github_data(detail)}\n"
        )
    summary = report.summary()
    lines.append(
        f"nearme audit: {summary['pages']} pages, {summary['errors']} errors, "
        f"{summary['warnings']} warnings, {summary['notices']} notices\n"
    )
    return "".join(lines)


def to_html(report: AuditReport, verdict: Verdict | None = None, history: Any = None) -> str:
    from service.audit.report.html import render_html

    return render_html(report, history)


def render(
    report: AuditReport, fmt: str, verdict: Verdict | None = None, history: Any = None
) -> str:
    """``report`` in ``fmt``; ``history`` (the stored runs of this target) feeds the HTML."""
    if fmt == "html":
        return to_html(report, verdict, history)
    renderers = {
        "json": to_json,
        "jsonl": to_jsonl,
        "csv": to_csv,
        "junit": to_junit,
        "github": to_github,
    }
    return renderers[fmt](report, verdict)
