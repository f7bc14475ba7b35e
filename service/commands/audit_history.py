"""The audit's history on `nearme audit`: --save, --db, --baseline, --fail-on.

``--save`` stores the run; ``--baseline RUN_ID|REPORT.json`` with ``--fail-on new``
fails it only on errors the baseline did not have (CI gating on what got worse).
The HTML report shows what changed since the last stored run of the same target
whenever a history exists. `nearme audit history|diff` are in ``audit_runs``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from service.audit.model import AuditReport, Verdict
from service.errors import UsageError

if TYPE_CHECKING:  # SQLAlchemy and Alembic take most of a second to import: only on use
    from sqlalchemy.engine import Engine

    from service.audit.history.database import Database
    from service.audit.history.since import History

DATABASE_VARIABLE = "NEARME_AUDIT_DB"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    history = parser.add_argument_group(
        "history (see also: nearme audit history, nearme audit diff)"
    )
    history.add_argument("--save", action="store_true", help="store this run in the audit history")
    add_database_argument(history)
    history.add_argument(
        "--baseline",
        metavar="RUN_ID|REPORT.json",
        help="compare with a stored run or a JSON report of an earlier audit",
    )
    history.add_argument(
        "--fail-on",
        choices=("new", "any"),
        default="any",
        help="with --baseline: exit 1 only on errors the baseline did not have (new), "
        "or on every error (any, the default)",
    )


def add_database_argument(parser: argparse._ActionsContainer) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help=f"the audit history: postgresql://USER@HOST/DB, sqlite:///PATH or a file "
        f"(default: ${DATABASE_VARIABLE}, else .nearme/audits.sqlite3 here)",
    )


def database_of(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> Database:
    """The history ``--db`` names, else ``NEARME_AUDIT_DB``, else the default file."""
    from service.audit.history.database import locate

    env = os.environ if environ is None else environ
    return locate(args.db or env.get(DATABASE_VARIABLE, "").strip() or None)


def reference(value: str, option: str) -> int | Path:
    """A run id, or a JSON report's path (a file by that name wins over a number)."""
    path = Path(value)
    if path.is_file():
        return path
    if value.isdigit():
        return int(value)
    raise UsageError(f"{option} {value!r}: neither a stored run's id nor a report file")


def read_report(path: Path) -> dict[str, Any]:
    """A report written by ``nearme audit --format json``, or ``UsageError`` saying why not."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: not JSON ({exc})") from None
    if not (
        isinstance(data, dict)
        and isinstance(data.get("pages"), list)
        and isinstance(data.get("site"), list)
    ):
        raise UsageError(f"{path}: not an audit report (nearme audit --format json writes one)")
    return data


def run_label(report: dict[str, Any], fallback: str) -> str:
    run_id = (report.get("meta") or {}).get("run_id")
    return f"run {run_id}" if run_id is not None else fallback


@dataclass(frozen=True)
class Baseline:
    label: str  # "run 3" or the report file's path
    report: dict[str, Any]


class Session:
    """The history around one `nearme audit`: opened before the crawl, used after it."""

    def __init__(
        self,
        *,
        database: Database | None = None,
        engine: Engine | None = None,
        save: bool = False,
        baseline: Baseline | None = None,
        fail_on_new: bool = False,
        show_history: bool = False,
    ) -> None:
        self.database = database
        self.engine = engine
        self.saving = save
        self.baseline = baseline
        self.fail_on_new = fail_on_new
        self.show_history = show_history

    def judge(self, report: AuditReport, *, strict: bool) -> tuple[Verdict, History | None]:
        """The verdict (a baseline's findings pass with ``--fail-on new``), and the history
        the HTML report shows (None without one)."""
        current = report.to_dict()
        known = None
        if self.baseline is not None:
            from service.audit.history.diff import finding_keys

            base = self.baseline.report
            self._say_against_baseline(base, current)
            if self.fail_on_new:
                known = finding_keys(base)
        history = None
        if self.show_history and self.engine is not None:
            from service.audit.history.since import history_since

            history = self._guarded(lambda engine: history_since(engine, current))
        return Verdict(strict=strict, known=known), history

    def save(self, report: AuditReport) -> None:
        if not self.saving or self.engine is None:
            return
        from service.audit.history.store import save_run

        run_id = self._guarded(lambda engine: save_run(engine, report.to_dict()))
        assert self.database is not None
        print(f"saved run {run_id} to {self.database.label}", file=sys.stderr)

    def _guarded(self, use: Callable[[Engine], Any]) -> Any:
        engine, database = self.engine, self.database
        assert engine is not None and database is not None
        return guarded(database, lambda: use(engine))

    def _say_against_baseline(self, base: dict[str, Any], current: dict[str, Any]) -> None:
        from service.audit.history.diff import diff_reports

        assert self.baseline is not None
        diff = diff_reports(base, current)
        print(
            f"against {self.baseline.label}: {len(diff.new)} new, {len(diff.fixed)} fixed, "
            f"{len(diff.unchanged)} unchanged findings"
            + (f", {len(diff.unchecked)} on pages not audited again" if diff.unchecked else ""),
            file=sys.stderr,
        )
        before = (base.get("meta") or {}).get("target")
        now = (current.get("meta") or {}).get("target")
        if before and now and before != now:
            print(f"note: {self.baseline.label} audited {before}, not {now}", file=sys.stderr)


def guarded(database: Database, use: Callable[[], Any]) -> Any:
    """``use()``, a database error (a server lost since it was opened) as a HistoryError."""
    from sqlalchemy.exc import SQLAlchemyError

    from service.audit.history.database import HistoryError, reason

    try:
        return use()
    except SQLAlchemyError as exc:
        raise HistoryError(f"audit history {database.label}: {reason(exc)}") from None


def _wants_html(args: argparse.Namespace) -> bool:
    outputs = list(getattr(args, "report", None) or ())
    return getattr(args, "format", None) == "html" or any(
        getattr(output, "fmt", None) == "html" for output in outputs
    )


def open_session(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> Session:
    """Open (and migrate) the history before the crawl, so a bad --db costs no crawl.

    It is opened to save (``--save``), to read a baseline run, when ``--db`` names
    it, or for the HTML report's history when one already exists.
    """
    base = reference(args.baseline, "--baseline") if args.baseline else None
    if args.fail_on == "new" and base is None:
        raise UsageError("--fail-on new needs --baseline RUN_ID or REPORT.json")
    if not (args.save or base is not None or args.db or _wants_html(args)):
        return Session()
    from service.audit.history.database import open_database
    from service.audit.history.store import load_run

    database = database_of(args, environ)
    show_history = _wants_html(args) and database.exists()
    engine = None
    if args.save or isinstance(base, int) or args.db or show_history:
        engine = open_database(database, create=args.save)
    baseline = None
    if isinstance(base, Path):
        baseline = Baseline(str(base), read_report(base))
    elif base is not None:
        assert engine is not None
        run_id = base
        baseline = Baseline(f"run {base}", guarded(database, lambda: load_run(engine, run_id)))
    return Session(
        database=database,
        engine=engine,
        save=args.save,
        baseline=baseline,
        fail_on_new=args.fail_on == "new",
        show_history=show_history,
    )
