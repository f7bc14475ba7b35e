"""Saving a report as a run, and reading runs back: as rows to list, or as the report.

Everything takes a report in its JSON form (``AuditReport.to_dict()``), so a run
read back, a report.json file and the run at hand compare alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from service.audit.history.database import HistoryError
from service.audit.history.tables import findings, pages, runs

SEVERITY_COUNTS = ("errors", "warnings", "notices")
_PLURAL = {"error": "errors", "warning": "warnings", "notice": "notices"}
_BATCH = 5_000  # rows per INSERT: a 50,000-page site is saved in bounded memory


@dataclass(frozen=True)
class StoredRun:
    """One saved audit, as `nearme audit history` lists it."""

    id: int
    target: str
    started: datetime  # UTC
    pages: int
    errors: int
    warnings: int
    notices: int

    @property
    def when(self) -> str:
        return self.started.strftime("%Y-%m-%d %H:%M:%S")


def save_run(engine: Engine, report: dict[str, Any]) -> int:
    """Store ``report`` (its pages, findings and meta) as a new run; its id."""
    meta = report.get("meta") or {}
    counts = _severity_counts(finding for _, finding in _all_findings(report))
    with engine.begin() as connection:
        inserted = connection.execute(
            runs.insert().values(
                target=_text(meta.get("target", "")),
                started=_utc(meta.get("started")) or datetime.now(UTC).replace(tzinfo=None),
                finished=_utc(meta.get("finished")),
                nearme_version=str(meta.get("nearme_version", "")),
                schemaorg_release=str(meta.get("schemaorg_release", "")),
                pages=len(report.get("pages", ())),
                meta=meta,
                **counts,
            )
        ).inserted_primary_key
        assert inserted is not None
        run_id = int(inserted[0])
        _insert(connection, pages, _page_rows(run_id, report))
        _insert(connection, findings, _finding_rows(run_id, report))
    return run_id


def load_run(engine: Engine, run_id: int) -> dict[str, Any]:
    """Run ``run_id`` as the report it was (``AuditReport.to_dict()``), or ``HistoryError``."""
    with engine.connect() as connection:
        run = connection.execute(sa.select(runs).where(runs.c.id == run_id)).one_or_none()
        if run is None:
            raise HistoryError(f"no run {run_id} in the audit history")
        page_rows = connection.execute(
            sa.select(pages).where(pages.c.run_id == run_id).order_by(pages.c.position)
        ).all()
        finding_rows = connection.execute(
            sa.select(findings).where(findings.c.run_id == run_id).order_by(findings.c.position)
        ).all()
    report_pages = [
        {
            "url": row.url,
            "status": row.status,
            "title": row.title,
            "description": row.description,
            "findings": [],
        }
        for row in page_rows
    ]
    site = []
    for row in finding_rows:
        if row.page is None:
            site.append(_finding_dict(row))
        else:
            report_pages[row.page]["findings"].append(_finding_dict(row))
    return {
        "meta": {**run.meta, "run_id": run.id},
        "summary": {"pages": run.pages, **{key: getattr(run, key) for key in SEVERITY_COUNTS}},
        "pages": report_pages,
        "site": site,
    }


def list_runs(engine: Engine, *, target: str | None = None) -> list[StoredRun]:
    """Every stored run (of ``target`` only, if given), by target and then oldest first."""
    query = sa.select(*_SUMMARY).order_by(runs.c.target, runs.c.id)
    if target is not None:
        query = query.where(runs.c.target == target)
    with engine.connect() as connection:
        return [StoredRun(**row._mapping) for row in connection.execute(query)]


def recent_runs(engine: Engine, target: str, *, count: int) -> list[StoredRun]:
    """The last ``count`` stored runs of ``target``, oldest first."""
    query = (
        sa.select(*_SUMMARY).where(runs.c.target == target).order_by(runs.c.id.desc()).limit(count)
    )
    with engine.connect() as connection:
        newest_first = [StoredRun(**row._mapping) for row in connection.execute(query)]
    return newest_first[::-1]


def latest_target(engine: Engine) -> str | None:
    """The target of the run saved last, or None when there is none."""
    query = sa.select(runs.c.target).order_by(runs.c.id.desc()).limit(1)
    with engine.connect() as connection:
        return connection.execute(query).scalar_one_or_none()


def check_counts(engine: Engine, run_ids: Iterable[int]) -> dict[int, Counter[str]]:
    """How many findings each check had in each run."""
    ids = list(run_ids)
    query = (
        sa.select(findings.c.run_id, findings.c.check_id, sa.func.count().label("count"))
        .where(findings.c.run_id.in_(ids))
        .group_by(findings.c.run_id, findings.c.check_id)
    )
    counts: dict[int, Counter[str]] = {run_id: Counter() for run_id in ids}
    with engine.connect() as connection:
        for run_id, check, count in connection.execute(query):
            counts[run_id][check] = count
    return counts


_SUMMARY = (
    runs.c.id,
    runs.c.target,
    runs.c.started,
    runs.c.pages,
    runs.c.errors,
    runs.c.warnings,
    runs.c.notices,
)


def _utc(value: Any) -> datetime | None:
    """An ISO 8601 time from the report's meta, as naive UTC (how the table keeps it)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _text(value: Any) -> str:
    """Text as a column keeps it: PostgreSQL refuses NUL, so it becomes U+FFFD (as HTML
    parsers read it) in every database alike."""
    return str(value or "").replace("\x00", "\ufffd")


def _all_findings(report: dict[str, Any]) -> Iterator[tuple[int | None, dict[str, Any]]]:
    """(page position or None, finding) in the report's order: pages first, then the site."""
    for position, page in enumerate(report.get("pages", ())):
        for finding in page.get("findings", ()):
            yield position, finding
    for finding in report.get("site", ()):
        yield None, finding


def _severity_counts(found: Iterable[dict[str, Any]]) -> dict[str, int]:
    counts = Counter(_PLURAL.get(finding.get("severity", ""), "") for finding in found)
    return {key: counts[key] for key in SEVERITY_COUNTS}


def _page_rows(run_id: int, report: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for position, page in enumerate(report.get("pages", ())):
        yield {
            "run_id": run_id,
            "position": position,
            "url": _text(page["url"]),
            "status": page.get("status"),
            "title": _text(page.get("title")),
            "description": _text(page.get("description")),
            **_severity_counts(page.get("findings", ())),
        }


def _finding_rows(run_id: int, report: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for position, (page, finding) in enumerate(_all_findings(report)):
        yield {
            "run_id": run_id,
            "position": position,
            "page": page,
            "check_id": finding["check"],
            "severity": finding["severity"],
            "message": _text(finding.get("message")),
            "help": _text(finding.get("help")),
            "selector": _text(finding.get("selector")),
            "url": _text(finding["url"]) if finding.get("url") is not None else None,
            "urls": list(finding["urls"]) if "urls" in finding else None,
        }


def _finding_dict(row: Any) -> dict[str, Any]:
    """A finding as ``Finding.to_dict()`` gives it: ``url`` on a page's, ``urls`` on the site's."""
    data: dict[str, Any] = {
        "check": row.check_id,
        "severity": row.severity,
        "message": row.message,
        "help": row.help,
    }
    if row.urls is None:
        data["url"] = row.url
    else:
        data["urls"] = list(row.urls)
    data["selector"] = row.selector
    return data


def _insert(connection: Connection, table: sa.Table, rows: Iterable[dict[str, Any]]) -> None:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == _BATCH:
            connection.execute(table.insert(), batch)
            batch = []
    if batch:
        connection.execute(table.insert(), batch)
