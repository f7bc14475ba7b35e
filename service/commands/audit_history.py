"""The audit's history: --save, --db, --baseline, --fail-on; `nearme audit history|diff`.

(Being written: for now the options are refused with a clear message.)
"""

from __future__ import annotations

import argparse
from typing import Any

from service.audit.model import AuditReport, Verdict
from service.errors import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    history = parser.add_argument_group("history")
    history.add_argument("--save", action="store_true", help="store this run in the history")
    history.add_argument("--db", metavar="URL", help="history database")
    history.add_argument("--baseline", metavar="RUN_ID|REPORT.json")
    history.add_argument("--fail-on", choices=("new", "any"), default="any")


class Session:
    def judge(self, report: AuditReport, *, strict: bool) -> tuple[Verdict, Any]:
        return Verdict(strict=strict), None

    def save(self, report: AuditReport) -> None:
        return None


def open_session(args: argparse.Namespace) -> Session:
    if args.save or args.db or args.baseline:
        raise UsageError("the audit history is not available yet")
    return Session()
