"""`nearme audit`: this site in-process, a live site, or local HTML files; then a report."""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from service.audit.checks import ALL_CHECKS
from service.audit.config import CONFIG_NAME, AuditConfig, AuditConfigError, load_config
from service.audit.crawl.files import read_files
from service.audit.model import Crawl
from service.audit.report.formats import FORMATS, print_terminal, render
from service.audit.runner import run_audit
from service.commands.options import add_base_url, add_content, positive, settings_from
from service.errors import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("targets", nargs="*", metavar="TARGET", help="a URL, or HTML files")
    parser.add_argument("--format", choices=FORMATS, default="terminal")
    parser.add_argument("--output", metavar="FILE", help="write the report here")
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    parser.add_argument(
        "--disclaimer",
        action="append",
        metavar="TEXT",
        help="a disclaimer every page must carry (repeatable)",
    )
    parser.add_argument(
        "--config", metavar="FILE", help="settings file (default: ./nearme-audit.toml if present)"
    )
    parser.add_argument(
        "--concurrency", type=positive, metavar="N", help="requests at once (default 8)"
    )
    parser.add_argument(
        "--max-pages", type=positive, metavar="N", help="stop after N pages (default 500)"
    )
    add_content(parser)
    add_base_url(parser, what="base URL of the in-process site")


def configure(args: argparse.Namespace) -> AuditConfig:
    """The settings file, then the command line's options on top."""
    config_path = Path(args.config) if args.config else Path(CONFIG_NAME)
    config = load_config(config_path, explicit=bool(args.config))
    unknown = sorted(config.disabled - set(ALL_CHECKS))
    if unknown:
        raise AuditConfigError(f"{config_path}: checks.disable: unknown check ids {unknown}")
    overrides: dict[str, Any] = {}
    if args.disclaimer:
        overrides["disclaimers"] = {"*": tuple(args.disclaimer)}
    if args.concurrency is not None:
        overrides["concurrency"] = args.concurrency
    if args.max_pages is not None:
        overrides["max_pages"] = args.max_pages
    return replace(config, **overrides)


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


def run(args: argparse.Namespace) -> int:
    config = configure(args)
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
    with progress:
        result, config, target = gather(args, config, progress)
    report = run_audit(result, config, target=target)
    if result.unvisited:
        print(
            f"note: stopped at the page cap ({config.max_pages:,}); {result.unvisited:,} more "
            "URLs were found and not audited (raise it with --max-pages)",
            file=sys.stderr,
        )
    if args.format == "terminal" and not args.output:
        print_terminal(report, Console())
    else:
        fmt = "json" if args.format == "terminal" else args.format
        text = render(report, fmt)
        if args.output:
            try:
                Path(args.output).write_text(text, "utf-8")
            except OSError as exc:
                raise UsageError(f"{args.output}: cannot write ({exc.strerror or exc})") from None
            summary = report.summary()
            print(
                f"wrote {args.output}: {summary['pages']} pages, {summary['errors']} "
                f"errors, {summary['warnings']} warnings, {summary['notices']} notices",
                file=sys.stderr,
            )
        else:
            sys.stdout.write(text)
    return report.exit_code(strict=args.strict)
