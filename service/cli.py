"""The `nearme` command line: serve, check, sitemap, audit.

User mistakes (bad settings, bad content) end with a message on stderr and
exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from service.errors import ContentError, NearmeError
from service.settings import Settings, load_settings
from service.website import open_website

if TYPE_CHECKING:
    from service.audit.config import AuditConfig
    from service.audit.site_checks import Crawl

EXIT_OK, EXIT_USAGE = 0, 2


GRACEFUL_SHUTDOWN_SECONDS = 30


class UsageError(NearmeError):
    """The command was called wrongly."""


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings().with_overrides(
        base_url=getattr(args, "base_url", None), content_dir=getattr(args, "content", None)
    )


def _print_problems(error: NearmeError) -> None:
    if isinstance(error, ContentError):
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        count = len(error.problems)
        print(
            f"{count} problem{'s' if count != 1 else ''} found in the content; nothing was served.",
            file=sys.stderr,
        )
    else:
        print(f"error: {error}", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from service.check import check_pages

    website = open_website(_settings(args))
    result = check_pages(website)
    for warning in result.warnings:
        print(f"warning: {warning}")
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    per_kind: dict[str, int] = {}
    for (kind, _code), summary in result.kinds.items():
        per_kind[kind] = per_kind.get(kind, 0) + summary.pages
    kinds = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in per_kind.items())
    print(f"{result.pages} pages ({kinds}) in {len(website.site.locales)} locales")
    print(f"{result.indexable} indexable, {result.pages - result.indexable} noindex")
    rule = website.site.config.doorway
    print(
        f"indexable by kind and locale (doorway rule: at least {rule.min_unique_share:.0%} "
        f"own main content, {rule.min_words} words; weakest indexed page in brackets):"
    )
    for (kind, code), summary in result.kinds.items():
        weakest = (
            f" [{summary.weakest[0]:.0%} own: {summary.weakest[1]}]" if summary.weakest else ""
        )
        print(f"  {kind:<15} {code:<8} {summary.indexable:>5}/{summary.pages}{weakest}")
    for family, count in result.noindex_reasons.most_common():
        print(f"  {count} noindex: {family} (e.g. {result.noindex_examples[family]})")
    print(f"{len(result.errors)} errors, {len(result.warnings)} warnings")
    return EXIT_USAGE if result.errors else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings(args).with_overrides(reload=args.reload or None)
    website = open_website(settings)  # validate everything before binding a port
    for warning in website.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    log_config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    log_config["loggers"]["nearme"] = {"handlers": ["default"], "level": "INFO"}
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "proxy_headers": True,  # X-Forwarded-For/-Proto from a proxy on this host only
        "log_config": log_config,
        # On SIGTERM, stop accepting, let requests in flight finish, but never hang.
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
        # asyncio's loop, not uvloop: under a burst of new connections (wrk opening 256
        # at once) uvloop drained the accept queue so slowly that requests waited over
        # 2 s; asyncio's emptied it within 0.1 s at the same requests/s (bench/RESULTS.md).
        "loop": "asyncio",
        "http": "httptools",
    }
    if args.workers > 1 or args.reload:
        # Worker processes import the app themselves and read settings from the environment.
        os.environ.update(settings.as_environment())
        uvicorn.run(
            "service.app:app_from_environment",
            factory=True,
            workers=None if args.reload else args.workers,
            reload=args.reload,
            **options,
        )
    else:
        from service.app import create_app

        uvicorn.run(create_app(website), **options)
    return EXIT_OK


def cmd_sitemap(args: argparse.Namespace) -> int:
    from service.sitemap import write_sitemaps

    settings = load_settings().with_overrides(base_url=args.base_url, content_dir=args.content)
    # Which pages are indexable depends on the words they show, so the site is opened whole.
    registry = open_website(settings).registry
    written = write_sitemaps(registry, Path(args.out), compress=args.gzip, max_urls=args.max_urls)
    print(
        f"{written.urls} URLs in {len(written.children)} sitemaps; "
        f"index: {Path(args.out) / written.index.name}"
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from service.audit.targets import parse_workers
    from service.export import export_site
    from service.paths import STATIC_DIR
    from service.settings import Environment

    # An export is the production site, so it is held to production's rules (no placeholders).
    website = open_website(_settings(args).with_overrides(environment=Environment.production))
    for warning in website.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    workers = args.workers if args.workers is not None else max(parse_workers(), 1)
    result = export_site(website, Path(args.out), static_dir=STATIC_DIR, workers=workers)
    print(
        f"exported {result.pages:,} pages ({result.files:,} files, {result.bytes / 1e6:.1f} MB) "
        f"to {Path(args.out).resolve()} in {result.seconds:.1f} s "
        f"({result.pages / result.seconds:,.0f} pages/s)"
    )
    return EXIT_OK


def add_sitemap_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `nearme sitemap`, shared with sitemap_gen.py."""
    from service.sitemap import MAX_URLS

    parser.add_argument(
        "--base-url", required=True, help="public URL the sitemap's absolute links start with"
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    parser.add_argument("--content", metavar="DIR", help="content folder (default: embedded)")
    parser.add_argument("--gzip", action="store_true", help="write .xml.gz children")
    parser.add_argument(
        "--max-urls",
        type=int,
        default=MAX_URLS,
        metavar="N",
        help=f"URLs per child sitemap, at most {MAX_URLS} (default)",
    )


def cmd_audit(args: argparse.Namespace) -> int:
    import asyncio

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from service.audit.config import CONFIG_NAME, AuditConfigError, load_config
    from service.audit.formats import print_terminal, render
    from service.audit.runner import known_check_ids, run_audit
    from service.audit.targets import read_files

    config_path = Path(args.config) if args.config else Path(CONFIG_NAME)
    config = load_config(config_path, explicit=bool(args.config))
    unknown = sorted(config.disabled - known_check_ids())
    if unknown:
        raise AuditConfigError(f"{config_path}: checks.disable: unknown check ids {unknown}")
    overrides: dict[str, Any] = {}
    if args.disclaimer:
        overrides["disclaimers"] = {"*": tuple(args.disclaimer)}
    if args.concurrency is not None:
        overrides["concurrency"] = args.concurrency
    if args.max_pages is not None:
        overrides["max_pages"] = args.max_pages
    config = replace(config, **overrides)

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
    task = progress.add_task("auditing", total=None)

    def advance(done: int, known: int) -> None:
        progress.update(task, completed=done, total=known)

    targets: list[str] = args.targets
    urls = [t for t in targets if t.startswith(("http://", "https://"))]
    with progress:
        if not targets:
            from service.audit.inprocess import crawl_website

            website = open_website(_settings(args))
            result, config = asyncio.run(crawl_website(website, config, advance))
            target = f"{website.registry.base_url} (in-process, as production serves it)"
        elif urls:
            if len(targets) > 1:
                raise UsageError("audit one URL at a time, or local files; not both")
            result = asyncio.run(_crawl_url(targets[0], config, advance))
            target = targets[0]
        else:
            result = read_files([Path(t) for t in targets], config)
            target = ", ".join(targets)
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


async def _crawl_url(url: str, config: AuditConfig, advance: Callable[[int, int], None]) -> Crawl:
    import httpx2

    from service.audit.targets import crawl, parse_workers, request_headers
    from service.settings import validate_base_url

    validate_base_url(url.split("?")[0].split("#")[0])  # a clear message for a malformed URL
    limits = httpx2.Limits(max_connections=config.concurrency)
    async with httpx2.AsyncClient(
        follow_redirects=True,
        timeout=20.0,
        limits=limits,
        headers=request_headers(url, config),
    ) as client:
        return await crawl(client, url, config, progress=advance, parse_workers=parse_workers())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nearme", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the landing pages")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--base-url",
        help="public URL that canonical links start with "
        "(default: $NEARME_BASE_URL or http://127.0.0.1:8000)",
    )
    serve.add_argument(
        "--content",
        metavar="DIR",
        help="content folder (default: $NEARME_CONTENT or the embedded site)",
    )
    serve.add_argument("--workers", type=int, default=1, help="worker processes")
    serve.add_argument(
        "--reload",
        action="store_true",
        help="rebuild the site when content, templates or catalogs change, and restart "
        "on code changes (development)",
    )
    serve.set_defaults(handler=cmd_serve)

    sitemap = commands.add_parser("sitemap", help="write the sitemap index and its children")
    add_sitemap_arguments(sitemap)
    sitemap.set_defaults(handler=cmd_sitemap)

    export = commands.add_parser(
        "export",
        help="write the whole site as static files (pages, .gz/.br twins, sitemaps, robots.txt)",
    )
    export.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    export.add_argument("--base-url", required=True, help="public URL the site will be served from")
    export.add_argument("--content", metavar="DIR", help="content folder (default: embedded)")
    export.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="processes rendering pages (default: one per core)",
    )
    export.set_defaults(handler=cmd_export)

    audit = commands.add_parser(
        "audit",
        help="audit pages: this site in-process, a live site (URL) or HTML files",
        description="Audit pages for headings, the disclaimer and SEO problems. With no target, "
        "audits this site in-process; with a URL, crawls that site; with files, "
        "audits those HTML files.",
    )
    audit.add_argument("targets", nargs="*", metavar="TARGET", help="a URL, or HTML files")
    audit.add_argument(
        "--format",
        choices=["terminal", "json", "jsonl", "csv", "junit", "html"],
        default="terminal",
    )
    audit.add_argument("--output", metavar="FILE", help="write the report here")
    audit.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    audit.add_argument(
        "--disclaimer",
        action="append",
        metavar="TEXT",
        help="a disclaimer every page must carry (repeatable)",
    )
    audit.add_argument(
        "--config", metavar="FILE", help="settings file (default: ./nearme-audit.toml if present)"
    )
    audit.add_argument(
        "--concurrency", type=_positive, metavar="N", help="requests at once (default 8)"
    )
    audit.add_argument(
        "--max-pages", type=_positive, metavar="N", help="stop after N pages (default 500)"
    )
    audit.add_argument("--content", metavar="DIR", help="content folder (in-process audit)")
    audit.add_argument("--base-url", help="base URL of the in-process site")
    audit.set_defaults(handler=cmd_audit)

    check = commands.add_parser("check", help="validate the content and every page")
    check.add_argument("--content", metavar="DIR", help="content folder to check")
    check.set_defaults(handler=cmd_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except NearmeError as error:
        _print_problems(error)
        return error.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
