"""What the HTML report shows of the past: the change since the last stored run of the
same target, and each check's count over the runs stored before this one."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine

from service.audit.history.diff import ReportDiff, diff_reports, report_findings
from service.audit.history.store import StoredRun, check_counts, load_run, recent_runs

TREND_RUNS = 10  # this run and up to nine before it: a chart still readable at a glance


@dataclass(frozen=True)
class TrendRun:
    label: str  # "#12" for a stored run, "this run" for the one at hand
    when: str  # UTC, "" for the run at hand (not stored yet, or stored as it ends)


@dataclass(frozen=True)
class CheckTrend:
    check: str
    counts: tuple[int, ...]  # one per run of the trend, oldest first


@dataclass(frozen=True)
class History:
    previous: StoredRun  # the last stored run of this target
    diff: ReportDiff  # the run at hand against ``previous``
    runs: tuple[TrendRun, ...]  # oldest first; the last is the run at hand
    checks: tuple[CheckTrend, ...]  # the most findings in this run first


def history_since(
    engine: Engine, report: dict[str, Any], *, runs: int = TREND_RUNS
) -> History | None:
    """The history of ``report``'s target before it, or None if none is stored."""
    target = (report.get("meta") or {}).get("target", "")
    stored = recent_runs(engine, target, count=runs - 1)
    if not stored:
        return None
    previous = stored[-1]
    counts = check_counts(engine, [run.id for run in stored])
    series = [counts[run.id] for run in stored]
    series.append(Counter(finding["check"] for finding in report_findings(report)))
    checks = sorted(
        {check for count in series for check in count},
        key=lambda check: (-series[-1][check], check),
    )
    return History(
        previous=previous,
        diff=diff_reports(load_run(engine, previous.id), report),
        runs=(*(TrendRun(f"#{run.id}", run.when) for run in stored), TrendRun("this run", "")),
        checks=tuple(
            CheckTrend(check, tuple(count[check] for count in series)) for check in checks
        ),
    )
