"""The audit in a terminal: a table of findings, counts per check, what the crawl saw.

Everything a page supplied is shown through ``terminal_text`` (no control
character reaches the terminal raw) and rich's ``escape`` (no [bracket] in a
page is read as markup).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from service.audit.model import AuditReport, Severity, Verdict
from service.audit.report.safe import terminal_text

_STYLE = {Severity.error: "bold red", Severity.warning: "yellow", Severity.notice: "cyan"}


def _safe(text: str) -> str:
    return escape(terminal_text(text))


def print_terminal(report: AuditReport, console: Console, verdict: Verdict | None = None) -> None:
    """A table of every finding, then counts per check, the crawl and the summary."""
    verdict = verdict or Verdict()
    findings = report.all_findings()
    if findings:
        table = Table(title=f"Audit of {_safe(report.target)}", show_lines=False, expand=True)
        table.add_column("severity", no_wrap=True)
        table.add_column("check", no_wrap=True)
        table.add_column("where", overflow="fold")
        table.add_column("message", overflow="fold")
        for finding in sorted(findings, key=lambda f: (f.severity.rank, f.check)):
            where = _safe(finding.url or ", ".join(finding.urls))
            if finding.selector:
                where += f"\n[dim]{_safe(finding.selector)}[/dim]"
            label = finding.severity.value
            if finding.severity is Severity.error and not verdict.fails(finding):
                label += "\n[dim](in baseline)[/dim]"
            table.add_row(
                f"[{_STYLE[finding.severity]}]{label}[/]",
                _safe(finding.check),
                where,
                _safe(finding.message),
            )
        console.print(table)
        per_check = Counter((f.check, f.severity) for f in findings)
        for (check, severity), count in sorted(
            per_check.items(), key=lambda item: (item[0][1].rank, -item[1], item[0][0])
        ):
            help_line = next(f.help for f in findings if f.check == check)
            console.print(
                f"  [{_STYLE[severity]}]{count:>5}[/] {_safe(check)}: [dim]{_safe(help_line)}[/dim]"
            )
    crawl = report.meta.get("crawl")
    if crawl:
        console.print(crawl_line(crawl))
        for note in crawl.get("notes", ()):
            console.print(f"  [yellow]note:[/] {_safe(note)}")
    summary = report.summary()
    console.print(
        f"[bold]{summary['pages']} pages[/bold]: "
        f"[bold red]{summary['errors']} errors[/], [yellow]{summary['warnings']} warnings[/], "
        f"[cyan]{summary['notices']} notices[/]"
    )


def crawl_line(crawl: dict[str, Any]) -> str:
    """``crawl: 582 URLs found, 500 audited, 82 left out by a limit ...`` (plain text)."""
    parts = [f"{crawl.get('found', 0):,} URLs found", f"{crawl.get('audited', 0):,} audited"]
    for key, words in (
        ("skipped_cap", "left out by a limit"),
        ("blocked_by_robots", "disallowed by robots.txt"),
        ("failed", "failed to load"),
        ("offsite", "off-site URLs refused"),
    ):
        if crawl.get(key):
            parts.append(f"{crawl[key]:,} {words}")
    return "crawl: " + ", ".join(parts)
