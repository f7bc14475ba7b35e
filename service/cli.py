"""The `nearme` command line: serve, check, sitemap.

User mistakes (bad settings, bad content) end with a message on stderr and
exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from service.errors import ContentError, NearmeError
from service.settings import Settings, load_settings
from service.website import open_website

EXIT_OK, EXIT_USAGE = 0, 2


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
    from service.check import check_pages, kinds_summary

    website = open_website(_settings(args))
    result = check_pages(website)
    for warning in result.warnings:
        print(f"warning: {warning}")
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    kinds = ", ".join(
        f"{n} {kind.value.replace('_', ' ')}" for kind, n in kinds_summary(website).items()
    )
    print(f"{result.pages} pages ({kinds}) in {len(website.site.locales)} locales")
    print(f"{result.indexable} indexable, {result.pages - result.indexable} noindex")
    for family, count in result.noindex_reasons.most_common():
        print(f"  {count} noindex: {family} (e.g. {result.noindex_examples[family]})")
    print(f"{len(result.errors)} errors, {len(result.warnings)} warnings")
    return EXIT_USAGE if result.errors else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings(args)
    website = open_website(settings)  # validate everything before binding a port
    for warning in website.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.workers > 1 or args.reload:
        # Worker processes import the app themselves and read settings from the environment.
        os.environ.update(settings.as_environment())
        uvicorn.run(
            "service.app:app_from_environment",
            factory=True,
            host=args.host,
            port=args.port,
            workers=None if args.reload else args.workers,
            reload=args.reload,
            proxy_headers=True,
        )
    else:
        from service.app import create_app

        uvicorn.run(create_app(website), host=args.host, port=args.port, proxy_headers=True)
    return EXIT_OK


def cmd_sitemap(args: argparse.Namespace) -> int:
    from service.content import load_site
    from service.pages.registry import PageRegistry
    from service.sitemap import write_sitemaps

    settings = load_settings().with_overrides(base_url=args.base_url, content_dir=args.content)
    # The sitemap needs the registry only: no catalogs, no templates.
    registry = PageRegistry(load_site(settings.content_dir).site, settings.base_url)
    written = write_sitemaps(registry, Path(args.out), compress=args.gzip, max_urls=args.max_urls)
    print(
        f"{written.urls} URLs in {len(written.children)} sitemaps; "
        f"index: {Path(args.out) / written.index.name}"
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
    serve.add_argument("--reload", action="store_true", help="restart on code changes")
    serve.set_defaults(handler=cmd_serve)

    sitemap = commands.add_parser("sitemap", help="write the sitemap index and its children")
    add_sitemap_arguments(sitemap)
    sitemap.set_defaults(handler=cmd_sitemap)

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
