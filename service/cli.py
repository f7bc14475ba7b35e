"""The `nearme` command line: serve, check, sitemap, export, audit.

This module only parses and dispatches; each command lives in
``service.commands``. User mistakes (bad settings, bad content) end with a
message on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from service import __version__
from service.commands import audit, check, export, serve, sitemap
from service.errors import ContentError, NearmeError

COMMANDS = [
    ("serve", "serve the landing pages", serve),
    ("check", "validate the content and every page", check),
    ("sitemap", "write the sitemap index and its children", sitemap),
    (
        "export",
        "write the whole site as static files (pages, .gz/.br twins, sitemaps, robots.txt)",
        export,
    ),
    ("audit", "audit pages: this site in-process, a live site (URL) or HTML files", audit),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nearme", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"nearme {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, summary, module in COMMANDS:
        sub = commands.add_parser(name, help=summary, description=module.__doc__)
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)
    return parser


def report(error: NearmeError) -> None:
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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except NearmeError as error:
        report(error)
        return error.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
