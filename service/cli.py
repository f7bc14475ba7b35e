"""The `nearme` command line: serve, check, sitemap, export, audit.

This module only parses and dispatches; each command lives in
``service.commands``. User mistakes (bad settings, bad content) end with a
message on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from service import __version__
from service.errors import ContentError, NearmeError

# (name, summary, module): a command's module is imported only when it runs or
# --help lists every option, so `nearme --version` or `nearme serve` never pays for
# the audit's libraries (and the audit not for the server's).
COMMANDS = [
    ("serve", "serve the landing pages", "service.commands.serve"),
    ("check", "validate the content and every page", "service.commands.check"),
    ("sitemap", "write the sitemap index and its children", "service.commands.sitemap"),
    (
        "export",
        "write the whole site as static files (pages, .gz/.br twins, sitemaps, robots.txt)",
        "service.commands.export",
    ),
    (
        "audit",
        "audit pages: this site in-process, a live site (URL) or HTML files",
        "service.commands.audit",
    ),
]


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given ``argv``, only the command it names is imported and set up."""
    parser = argparse.ArgumentParser(prog="nearme", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"nearme {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chosen = next((a for a in argv or () if not a.startswith("-")), None)
    for name, summary, module_name in COMMANDS:
        if argv is not None and name != chosen:
            commands.add_parser(name, help=summary)  # listed, never parsed
            continue
        module = importlib.import_module(module_name)
        sub = commands.add_parser(name, help=summary, description=module.__doc__)
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)
    return parser


# `nearme audit history|diff` get parsers of their own: the audit's reads any words as targets.
AUDIT_COMMANDS = ("history", "diff")


def build_audit_parser(name: str) -> argparse.ArgumentParser:
    """The parser of `nearme audit NAME` (one of ``AUDIT_COMMANDS``)."""
    from service.commands import audit_runs

    summary, add_arguments, handler = audit_runs.COMMANDS[name]
    parser = argparse.ArgumentParser(prog=f"nearme audit {name}", description=summary)
    add_arguments(parser)
    parser.set_defaults(handler=handler)
    return parser


def parse(argv: list[str]) -> argparse.Namespace:
    if len(argv) > 1 and argv[0] == "audit" and argv[1] in AUDIT_COMMANDS:
        return build_audit_parser(argv[1]).parse_args(argv[2:])
    return build_parser(argv).parse_args(argv)


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
    args = parse(list(sys.argv[1:] if argv is None else argv))
    try:
        return int(args.handler(args))
    except NearmeError as error:
        report(error)
        return error.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
