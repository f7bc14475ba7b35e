"""`nearme export`: the whole production site as static files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from service.commands.options import add_base_url, add_content, positive, settings_from
from service.output.export import export_site
from service.paths import STATIC_DIR
from service.render.website import open_website
from service.settings import Environment, usable_cores


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    add_base_url(parser, required=True, what="public URL the site will be served from")
    add_content(parser)
    parser.add_argument(
        "--workers",
        type=positive,
        metavar="N",
        help="processes rendering pages (default: one per core)",
    )


def run(args: argparse.Namespace) -> int:
    # An export is the production site, so it is held to production's rules (no placeholders).
    settings = settings_from(args).with_overrides(environment=Environment.production)
    website = open_website(settings)
    for warning in website.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    workers = args.workers if args.workers is not None else usable_cores()
    result = export_site(website, Path(args.out), static_dir=STATIC_DIR, workers=workers)
    print(
        f"exported {result.pages:,} pages ({result.files:,} files, {result.bytes / 1e6:.1f} MB) "
        f"to {Path(args.out).resolve()} in {result.seconds:.1f} s "
        f"({result.pages / result.seconds:,.0f} pages/s)"
    )
    return 0
