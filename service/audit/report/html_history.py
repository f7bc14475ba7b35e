"""The HTML report's view of the past: what changed since the last stored run of the
same target, and each check's count over the stored runs as a small chart.

The chart is inline SVG drawn here (no script, no network), with the same numbers
in the table around it, so it reads without sight or colour. Coordinates are
rounded to two decimals: the same history gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.audit.history.diff import Findings, by_check
from service.audit.history.since import History, TrendRun
from service.audit.report.links import PageLink, page_link

SPARK_WIDTH = 120
SPARK_HEIGHT = 28
SPARK_PAD = 3


@dataclass(frozen=True)
class ChangedFinding:
    severity: str
    message: str
    selector: str
    pages: tuple[PageLink, ...]

    @property
    def severity_label(self) -> str:
        return self.severity.capitalize()


@dataclass(frozen=True)
class ChangeGroup:
    """One check's new (or fixed) findings."""

    check: str
    findings: tuple[ChangedFinding, ...]


@dataclass(frozen=True)
class Dot:
    x: str
    y: str


@dataclass(frozen=True)
class TrendRow:
    check: str
    counts: tuple[int, ...]  # one per run, oldest first; the last is this run
    line: str  # the SVG polyline's points
    dots: tuple[Dot, ...]
    change: str  # "+2", "−1" or "0": this run against the one before
    direction: str  # "worse", "better" or "same"


@dataclass(frozen=True)
class HistoryView:
    previous: str  # "run #12 (2025-03-08 09:00:00 UTC)"
    new_count: int
    fixed_count: int
    unchanged_count: int
    unchecked_count: int  # on pages this run did not audit: neither fixed nor still there
    new: tuple[ChangeGroup, ...]
    fixed: tuple[ChangeGroup, ...]
    runs: tuple[TrendRun, ...]
    trend: tuple[TrendRow, ...]
    width: int = SPARK_WIDTH
    height: int = SPARK_HEIGHT


def history_view(history: History | None) -> HistoryView | None:
    if history is None:
        return None
    diff = history.diff
    return HistoryView(
        previous=f"run #{history.previous.id} ({history.previous.when} UTC)",
        new_count=len(diff.new),
        fixed_count=len(diff.fixed),
        unchanged_count=len(diff.unchanged),
        unchecked_count=len(diff.unchecked),
        new=_groups(diff.new),
        fixed=_groups(diff.fixed),
        runs=history.runs,
        trend=tuple(_trend_row(c.check, c.counts) for c in history.checks),
    )


def _groups(found: Findings) -> tuple[ChangeGroup, ...]:
    return tuple(
        ChangeGroup(check, tuple(_changed(finding) for finding in group))
        for check, group in by_check(found)
    )


def _changed(finding: dict[str, Any]) -> ChangedFinding:
    urls = finding.get("urls") or ([finding["url"]] if finding.get("url") else [])
    return ChangedFinding(
        severity=str(finding.get("severity", "")),
        message=str(finding.get("message", "")),
        selector=str(finding.get("selector", "")),
        pages=tuple(page_link(url) for url in urls),
    )


def _trend_row(check: str, counts: tuple[int, ...]) -> TrendRow:
    top = max(counts) or 1
    span = max(len(counts) - 1, 1)
    dots = tuple(
        Dot(
            f"{SPARK_PAD + index * (SPARK_WIDTH - 2 * SPARK_PAD) / span:.2f}",
            f"{SPARK_HEIGHT - SPARK_PAD - count * (SPARK_HEIGHT - 2 * SPARK_PAD) / top:.2f}",
        )
        for index, count in enumerate(counts)
    )
    step = counts[-1] - counts[-2] if len(counts) > 1 else 0
    return TrendRow(
        check=check,
        counts=counts,
        line=" ".join(f"{dot.x},{dot.y}" for dot in dots),
        dots=dots,
        change=f"+{step}" if step > 0 else (f"−{-step}" if step < 0 else "0"),
        direction="worse" if step > 0 else ("better" if step < 0 else "same"),
    )
