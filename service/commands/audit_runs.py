"""`nearme audit history` and `nearme audit diff`: the stored runs, listed and compared.

``cli.py`` dispatches ``audit history`` and ``audit diff`` here before the audit's own
parser (which takes any words as targets). Both read the history ``--db`` names
(else ``NEARME_AUDIT_DB``, else ``.nearme/audits.sqlite3``) and never write to it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.engine import Engine

from service.audit.history.database import Database, HistoryError, open_database
from service.audit.history.diff import ReportDiff, by_check, diff_reports, where
from service.audit.history.store import StoredRun, latest_target, list_runs, load_run, recent_runs
from service.audit.report.safe import json_text, terminal_text
from service.commands.audit_history import (
    add_database_argument,
    database_of,
    guarded,
    read_report,
    reference,
    run_label,
)
from service.errors import UsageError

Handler = Callable[[argparse.Namespace], int]


def _safe(text: str) -> str:
    return escape(terminal_text(text))


def add_history_arguments(parser: argparse.ArgumentParser) -> None:
    add_database_argument(parser)
    parser.add_argument("--target", metavar="URL", help="only the runs of this target")
    parser.add_argument("--format", choices=("terminal", "json"), default="terminal")


def add_diff_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "earlier",
        nargs="?",
        metavar="A",
        help="a run id or report.json (default: the last two runs of the latest target)",
    )
    parser.add_argument(
        "later",
        nargs="?",
        metavar="B",
        help="a run id or report.json (default: the latest run of A's target)",
    )
    add_database_argument(parser)
    parser.add_argument("--format", choices=("terminal", "json"), default="terminal")


@dataclass(frozen=True)
class OpenHistory:
    """The history database a command reads, its errors turned into clear messages."""

    database: Database
    engine: Engine

    def read(self, query: Callable[[Engine], Any]) -> Any:
        return guarded(self.database, lambda: query(self.engine))


def _open(args: argparse.Namespace) -> OpenHistory:
    database = database_of(args)
    return OpenHistory(database, open_database(database, create=False))


def run_history(args: argparse.Namespace) -> int:
    history = _open(args)
    stored = history.read(lambda engine: list_runs(engine, target=args.target))
    if not stored:
        about = f" of {args.target}" if args.target else ""
        raise HistoryError(f"no runs{about} stored yet (nearme audit URL --save stores one)")
    if args.format == "json":
        rows = [_run_dict(run) for run in stored]
        sys.stdout.write(json_text(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n")
        return 0
    console = Console()
    for target, group in groupby(stored, key=lambda run: run.target):
        table = Table(title=f"Runs of {_safe(target)}", title_justify="left")
        table.add_column("run", justify="right", no_wrap=True)
        table.add_column("UTC time", no_wrap=True)
        for column in ("pages", "errors", "warnings", "notices"):
            table.add_column(column, justify="right", no_wrap=True)
        for run in group:
            table.add_row(
                str(run.id),
                run.when,
                *(f"{getattr(run, key):,}" for key in ("pages", "errors", "warnings", "notices")),
            )
        console.print(table)
    return 0


@dataclass(frozen=True)
class Side:
    label: str  # "run 3" or a report file's path
    report: dict[str, Any]

    @property
    def target(self) -> str:
        return str((self.report.get("meta") or {}).get("target", ""))

    @property
    def started(self) -> str:
        return str((self.report.get("meta") or {}).get("started", ""))


def run_diff(args: argparse.Namespace) -> int:
    earlier, later = _sides(args)
    diff = diff_reports(earlier.report, later.report)
    if earlier.target != later.target:
        print(
            terminal_text(
                f"note: {earlier.label} audited {earlier.target}, {later.label} {later.target}"
            ),
            file=sys.stderr,
        )
    if args.format == "json":
        data = {"from": _side_dict(earlier), "to": _side_dict(later), **diff.to_dict()}
        sys.stdout.write(json_text(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
    else:
        _print_diff(Console(), earlier, later, diff)
    return 0


def _sides(args: argparse.Namespace) -> tuple[Side, Side]:
    """The two reports to compare, as the arguments name them (or as the history implies)."""
    refs = [
        reference(value, name) for value, name in ((args.earlier, "A"), (args.later, "B")) if value
    ]
    history = _open(args) if len(refs) < 2 or any(isinstance(r, int) for r in refs) else None
    if not refs:
        assert history is not None
        target = history.read(latest_target)
        if target is None:
            raise HistoryError("no runs stored yet (nearme audit URL --save stores one)")
        last_two = history.read(lambda engine: recent_runs(engine, target, count=2))
        if len(last_two) < 2:
            raise HistoryError(f"only one run of {target} is stored: nothing to compare it with")
        return _stored(history, last_two[0].id), _stored(history, last_two[1].id)
    earlier = _side(history, refs[0])
    if len(refs) == 2:
        return earlier, _side(history, refs[1])
    assert history is not None
    latest = history.read(lambda engine: recent_runs(engine, earlier.target, count=1))
    if not latest:
        raise HistoryError(f"no runs of {earlier.target} stored to compare {earlier.label} with")
    if refs[0] == latest[0].id:
        raise UsageError(
            f"run {latest[0].id} is the latest of {earlier.target}: name another to compare it with"
        )
    return earlier, _stored(history, latest[0].id)


def _side(history: OpenHistory | None, ref: int | Path) -> Side:
    if isinstance(ref, Path):
        return Side(str(ref), read_report(ref))
    assert history is not None
    return _stored(history, ref)


def _stored(history: OpenHistory, run_id: int) -> Side:
    report = history.read(lambda engine: load_run(engine, run_id))
    return Side(run_label(report, f"run {run_id}"), report)


def _run_dict(run: StoredRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "started": run.started.isoformat() + "Z",
        "target": run.target,
        "pages": run.pages,
        "errors": run.errors,
        "warnings": run.warnings,
        "notices": run.notices,
    }


def _side_dict(side: Side) -> dict[str, Any]:
    return {"label": side.label, "target": side.target, "started": side.started}


def _print_diff(console: Console, earlier: Side, later: Side, diff: ReportDiff) -> None:
    console.print(
        f"[bold]{_safe(earlier.label)}[/] ({_safe(earlier.started)}) -> "
        f"[bold]{_safe(later.label)}[/] ({_safe(later.started)}) of {_safe(later.target)}"
    )
    for title, found, style in (("New", diff.new, "bold red"), ("Fixed", diff.fixed, "green")):
        if not found:
            console.print(f"[{style}]{title}:[/] none")
            continue
        table = Table(title=f"{title}: {len(found)}", title_style=style, expand=True)
        table.add_column("check", no_wrap=True)
        table.add_column("severity", no_wrap=True)
        table.add_column("where", overflow="fold")
        table.add_column("message", overflow="fold")
        for check, group in by_check(found):
            for finding in group:
                table.add_row(
                    _safe(check),
                    finding["severity"],
                    _safe(where(finding)),
                    _safe(finding["message"]),
                )
        console.print(table)
    counts = Counter({check: len(group) for check, group in by_check(diff.unchanged)})
    detail = ", ".join(f"{_safe(check)} {count}" for check, count in sorted(counts.items()))
    console.print(f"Unchanged: {len(diff.unchanged)}" + (f" ({detail})" if detail else ""))
    if diff.unchecked:
        console.print(
            f"[yellow]Not audited again: {len(diff.unchecked)}[/] (findings on pages the later "
            "audit did not reach, so neither fixed nor still there)"
        )
    console.print(
        f"[bold]{len(diff.new)} new[/], {len(diff.fixed)} fixed, {len(diff.unchanged)} unchanged"
    )


COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Handler]] = {
    "history": ("list the stored audit runs, per target", add_history_arguments, run_history),
    "diff": ("compare two audits: findings new, fixed and unchanged", add_diff_arguments, run_diff),
}
