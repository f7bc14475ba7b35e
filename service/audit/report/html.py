"""The shareable HTML audit report: one self-contained file a marketer can email.

Styles and the small sorting/filtering script are inline, so the file works opened
from disk with no network. The output depends only on the report (no clock, no
randomness): the same audit (and the same stored history) always gives
byte-identical HTML, which keeps reports diffable and cacheable.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import jinja2

from service import __version__
from service.audit.model import AuditReport, Finding, PageResult, Severity
from service.audit.report.html_crawl import crawl_view
from service.audit.report.links import PageLink, page_link
from service.audit.serp import cut_description, cut_title
from service.paths import TEMPLATES_DIR as SITE_TEMPLATES

if TYPE_CHECKING:  # the history (and SQLAlchemy) is imported only when there is one
    from service.audit.history.since import History

TEMPLATES_DIR = SITE_TEMPLATES / "audit"
SEVERITIES = (Severity.error, Severity.warning, Severity.notice)


@dataclass(frozen=True)
class FindingView:
    check: str
    severity: str
    message: str
    help: str
    selector: str
    pages: tuple[PageLink, ...]  # site findings: every page involved

    @property
    def severity_label(self) -> str:
        return self.severity.capitalize()

    @property
    def page_urls(self) -> str:
        return " ".join(page.url for page in self.pages)


@dataclass(frozen=True)
class BarSegment:
    severity: str
    count: int
    label: str
    width: str  # a share of the chart's track; the busiest check fills it


@dataclass(frozen=True)
class ChartRow:
    check: str
    help: str
    total: int
    breakdown: str  # the bar in words, so colour is never the only carrier
    segments: tuple[BarSegment, ...]


@dataclass(frozen=True)
class SerpPreview:
    url_line: str
    title: str
    title_missing: bool
    description: str  # empty when the page has none; the template shows a placeholder


@dataclass(frozen=True)
class CountCell:
    severity: str
    count: int

    @property
    def label(self) -> str:
        return f"{self.severity.capitalize()}s"


@dataclass(frozen=True)
class PageRow:
    link: PageLink
    status: str
    status_class: str
    status_sort: int
    counts: tuple[CountCell, ...]  # errors, warnings, notices
    details_label: str
    findings: tuple[FindingView, ...]
    serp: SerpPreview


@dataclass(frozen=True)
class SummaryStat:
    label: str
    count: int
    kind: str  # "pages" or a severity value, for styling
    muted: bool  # no findings of this kind: nothing to draw the eye to


def render_html(report: AuditReport, history: History | None = None) -> str:
    """The report; with ``history`` (its target's stored runs), what changed since the last."""
    history_view = None
    if history is not None:
        from service.audit.report.html_history import history_view as view_of

        history_view = view_of(history)
    template = _environment().get_template("report.html")
    return template.render(
        target=report.target,
        version=__version__,
        summary=_summary(report),
        crawl=crawl_view(report.meta),
        history=history_view,
        chart=_chart(report.all_findings()),
        site=[_site_finding_view(f) for f in report.site],
        pages=[_page_row(page) for page in report.pages],
    )


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _summary(report: AuditReport) -> list[SummaryStat]:
    counts = report.summary()
    kinds = {"pages": "pages", "errors": "error", "warnings": "warning", "notices": "notice"}
    return [
        SummaryStat(key.capitalize(), counts[key], kind, muted=kind != "pages" and not counts[key])
        for key, kind in kinds.items()
    ]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _breakdown(counts: Counter[Severity]) -> str:
    return ", ".join(_plural(counts[sev], sev.value) for sev in SEVERITIES if counts[sev])


def _chart(findings: list[Finding]) -> list[ChartRow]:
    """One row per check id, the most frequent first, with its count per severity."""
    per_check: dict[str, Counter[Severity]] = {}
    help_lines: dict[str, str] = {}
    for finding in findings:
        per_check.setdefault(finding.check, Counter())[finding.severity] += 1
        help_lines.setdefault(finding.check, finding.help)
    if not per_check:
        return []
    busiest = max(sum(counts.values()) for counts in per_check.values())
    rows = [
        ChartRow(
            check=check,
            help=help_lines[check],
            total=sum(counts.values()),
            breakdown=_breakdown(counts),
            segments=tuple(
                BarSegment(
                    sev.value,
                    counts[sev],
                    _plural(counts[sev], sev.value),
                    f"{100 * counts[sev] / busiest:.2f}%",
                )
                for sev in SEVERITIES
                if counts[sev]
            ),
        )
        for check, counts in per_check.items()
    ]
    return sorted(rows, key=lambda row: (-row.total, row.check))


def _finding_view(finding: Finding, pages: tuple[PageLink, ...] = ()) -> FindingView:
    return FindingView(
        check=finding.check,
        severity=finding.severity.value,
        message=finding.message,
        help=finding.help,
        selector=finding.selector,
        pages=pages,
    )


def _site_finding_view(finding: Finding) -> FindingView:
    involved = finding.urls or ((finding.url,) if finding.url else ())
    return _finding_view(finding, tuple(page_link(url) for url in involved))


def _status(status: int | None) -> tuple[str, str]:
    if status is None:
        return "no response", "error"
    if 200 <= status < 300:
        return str(status), "ok"
    return str(status), "warning" if 300 <= status < 400 else "error"


def _url_line(url: str) -> str:
    """The breadcrumb a result shows above its title: ``https://site › section › page``."""
    parts = urlsplit(url)
    if not parts.scheme:
        return url
    segments = [unquote(segment) for segment in parts.path.split("/") if segment]
    return " › ".join([f"{parts.scheme}://{parts.netloc}", *segments])


def _serp(page: PageResult) -> SerpPreview:
    return SerpPreview(
        url_line=_url_line(page.url),
        title=cut_title(page.title or page.url),
        title_missing=not page.title,
        description=cut_description(page.description) if page.description else "",
    )


def _page_row(page: PageResult) -> PageRow:
    status, status_class = _status(page.status)
    by_severity = Counter(f.severity for f in page.findings)
    return PageRow(
        link=page_link(page.url),
        status=status,
        status_class=status_class,
        status_sort=page.status or 0,
        counts=tuple(CountCell(sev.value, by_severity[sev]) for sev in SEVERITIES),
        details_label=(
            f"{_plural(len(page.findings), 'finding')} · search preview"
            if page.findings
            else "No findings · search preview"
        ),
        findings=tuple(_finding_view(f) for f in page.findings),
        serp=_serp(page),
    )
