"""`nearme audit`: this site in-process, a live site, or local HTML files; then reports.

One crawl can write several reports (``--report html:out.html --report
junit:out.xml --report json:-``); they all read the same findings and the same
verdict, so the exit code, JUnit's failures and GitHub's errors agree.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from service.audit.checks import ALL_CHECKS
from service.audit.config import CONFIG_NAME, AuditConfig, AuditConfigError, load_config
from service.audit.crawl.files import read_files
from service.audit.model import AuditReport, Crawl, Verdict
from service.audit.report.formats import FORMATS, render
from service.audit.report.safe import terminal_text
from service.audit.report.terminal import crawl_line, print_terminal
from service.audit.runner import run_audit
from service.commands import audit_history
from service.commands.options import add_base_url, add_content, positive, settings_from
from service.errors import UsageError

STDOUT = "-"


@dataclass(frozen=True)
class Output:
    fmt: str
    path: str  # STDOUT for standard output

    @property
    def to_stdout(self) -> bool:
        return self.path == STDOUT


def report_option(value: str) -> Output:
    """``FORMAT`` or ``FORMAT:PATH`` (``-`` is standard output)."""
    fmt, _, path = value.partition(":")
    if fmt not in FORMATS:
        raise argparse.ArgumentTypeError(
            f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}"
        )
    if fmt == "terminal" and path not in ("", STDOUT):
        raise argparse.ArgumentTypeError("the terminal format only goes to standard output")
    return Output(fmt, path or STDOUT)


def seconds(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("targets", nargs="*", metavar="TARGET", help="a URL, or HTML files")
    out = parser.add_argument_group("reports")
    out.add_argument(
        "--report",
        action="append",
        type=report_option,
        metavar="FORMAT[:PATH]",
        help=f"write a report ({', '.join(FORMATS)}); repeat for several from one crawl; "
        "PATH '-' or none is standard output (default: terminal)",
    )
    out.add_argument("--format", choices=FORMATS, help="one report in this format (as --report)")
    out.add_argument("--output", metavar="FILE", help="with --format: write it here")
    out.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    checks = parser.add_argument_group("checks")
    checks.add_argument(
        "--disclaimer",
        action="append",
        metavar="TEXT",
        help="a disclaimer every page must carry (repeatable)",
    )
    checks.add_argument(
        "--config", metavar="FILE", help="settings file (default: ./nearme-audit.toml if present)"
    )
    crawl = parser.add_argument_group("crawl")
    crawl.add_argument(
        "--concurrency", type=positive, metavar="N", help="requests at once (default 8)"
    )
    crawl.add_argument(
        "--max-pages", type=positive, metavar="N", help="stop after N pages (default 50,000)"
    )
    crawl.add_argument(
        "--ignore-robots",
        action="store_true",
        help="crawl what robots.txt disallows (to audit a staging site; said in the report)",
    )
    crawl.add_argument(
        "--no-crawl-delay",
        action="store_true",
        help="do not wait between requests as robots.txt's Crawl-delay/Request-rate ask",
    )
    crawl.add_argument("--user-agent", metavar="TEXT", help="the User-Agent to send")
    crawl.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST",
        help="another host the crawl may fetch (repeatable; by default only the start URL's)",
    )
    crawl.add_argument(
        "--request-timeout",
        type=seconds,
        metavar="SECONDS",
        help="deadline for each request: connect, headers and body together (default 20)",
    )
    crawl.add_argument(
        "--deadline", type=seconds, metavar="SECONDS", help="stop crawling after this long"
    )
    audit_history.add_arguments(parser)
    add_content(parser)
    add_base_url(parser, what="base URL of the in-process site")


def outputs_of(args: argparse.Namespace) -> list[Output]:
    """The reports asked for, checked before the crawl so a typo costs no crawl."""
    outputs = list(args.report or [])
    if args.format:
        outputs.append(Output(args.format, args.output or STDOUT))
    elif args.output:
        raise UsageError("--output needs --format (or use --report FORMAT:PATH)")
    if not outputs:
        outputs = [Output("terminal", STDOUT)]
    to_stdout = [o.fmt for o in outputs if o.to_stdout]
    if len(to_stdout) > 1:
        raise UsageError(f"only one report can go to standard output, not {', '.join(to_stdout)}")
    for output in outputs:
        if output.to_stdout:
            continue
        folder = Path(output.path).resolve().parent
        if not folder.is_dir() or not os.access(folder, os.W_OK):
            raise UsageError(f"{output.path}: cannot write there (no such writable folder)")
    return outputs


def configure(args: argparse.Namespace) -> AuditConfig:
    """The settings file, then the command line's options on top."""
    config_path = Path(args.config) if args.config else Path(CONFIG_NAME)
    config = load_config(config_path, explicit=bool(args.config))
    unknown = sorted(config.disabled - set(ALL_CHECKS))
    if unknown:
        raise AuditConfigError(f"{config_path}: checks.disable: unknown check ids {unknown}")
    overrides: dict[str, Any] = {}
    limits: dict[str, Any] = {}
    if args.disclaimer:
        overrides["disclaimers"] = {"*": tuple(args.disclaimer)}
    if args.concurrency is not None:
        overrides["concurrency"] = args.concurrency
    if args.ignore_robots:
        overrides["ignore_robots"] = True
    if args.no_crawl_delay:
        overrides["crawl_delay"] = False
    if args.user_agent:
        overrides["user_agent"] = args.user_agent
    if args.allow_host:
        overrides["allow_hosts"] = frozenset(h.lower() for h in args.allow_host)
    if args.max_pages is not None:
        limits["max_pages"] = args.max_pages
    if args.request_timeout is not None:
        limits["request_seconds"] = args.request_timeout
    if args.deadline is not None:
        limits["crawl_seconds"] = args.deadline
    return replace(config, limits=replace(config.limits, **limits), **overrides)


def gather(
    args: argparse.Namespace, config: AuditConfig, progress: Progress
) -> tuple[Crawl, AuditConfig, str]:
    """Crawl what the command names: (the crawl, the settings it ran with, a label)."""
    task = progress.add_task("auditing", total=None)

    def advance(done: int, known: int) -> None:
        progress.update(task, completed=done, total=known)

    targets: list[str] = args.targets
    urls = [t for t in targets if t.startswith(("http://", "https://"))]
    if not targets:
        from service.audit.crawl.inprocess import crawl_website
        from service.render.website import open_website

        website = open_website(settings_from(args))
        result, config = asyncio.run(crawl_website(website, config, advance))
        return result, config, f"{website.registry.base_url} (in-process, as production serves it)"
    if urls:
        if len(targets) > 1:
            raise UsageError("audit one URL at a time, or local files; not both")
        from service.audit.crawl.live import crawl_url

        return asyncio.run(crawl_url(targets[0], config, advance)), config, targets[0]
    return read_files([Path(t) for t in targets], config), config, ", ".join(targets)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def audit(args: argparse.Namespace, config: AuditConfig) -> AuditReport:
    stderr = Console(stderr=True)
    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
        disable=not stderr.is_terminal,
    )
    started = _now()
    with progress:
        result, config, target = gather(args, config, progress)
    report = run_audit(result, config, target=target)
    report.meta = {"started": started, "finished": _now(), **report.meta}
    return report


def write(report: AuditReport, outputs: list[Output], verdict: Verdict, history: Any) -> None:
    for output in outputs:
        if output.fmt == "terminal":
            print_terminal(report, Console(), verdict)
            continue
        text = render(report, output.fmt, verdict, history)
        if output.to_stdout:
            sys.stdout.write(text)
            continue
        try:
            Path(output.path).write_text(text, "utf-8")
        except OSError as exc:
            raise UsageError(f"{output.path}: cannot write ({exc.strerror or exc})") from None
        summary = report.summary()
        print(
            f"wrote {output.path} ({output.fmt}): {summary['pages']} pages, "
            f"{summary['errors']} errors, {summary['warnings']} warnings, "
            f"{summary['notices']} notices",
            file=sys.stderr,
        )


def run(args: argparse.Namespace) -> int:
    outputs = outputs_of(args)
    config = configure(args)
    session = audit_history.open_session(args)  # before the crawl: a bad --db costs nothing
    report = audit(args, config)
    verdict, history = session.judge(report, strict=args.strict)
    write(report, outputs, verdict, history)
    if not any(o.fmt == "terminal" for o in outputs):
        # The terminal report says how much of the site was seen; files alone would not.
        crawl = report.meta.get("crawl", {})
        if crawl.get("notes") or crawl.get("skipped_cap") or crawl.get("blocked_by_robots"):
            print(crawl_line(crawl), file=sys.stderr)
            for note in crawl.get("notes", ()):
                print(f"note: {terminal_text(note)}", file=sys.stderr)
    session.save(report)
    return report.exit_code(verdict)
