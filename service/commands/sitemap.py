"""`nearme sitemap` (and sitemap_gen.py): write the sitemap index and its children."""

from __future__ import annotations

import argparse
from pathlib import Path

from service.commands.options import add_base_url, add_content, settings_from
from service.output.sitemap import MAX_URLS, write_sitemaps
from service.render.website import open_website


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_base_url(parser, required=True, what="public URL the sitemap's absolute links start with")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    add_content(parser)
    parser.add_argument("--gzip", action="store_true", help="write .xml.gz children")
    parser.add_argument(
        "--max-urls",
        type=int,
        default=MAX_URLS,
        metavar="N",
        help=f"URLs per child sitemap, at most {MAX_URLS} (default)",
    )


def run(args: argparse.Namespace) -> int:
    # Which pages are indexable depends on the words they show, so the site is opened whole.
    registry = open_website(settings_from(args)).registry
    written = write_sitemaps(registry, Path(args.out), compress=args.gzip, max_urls=args.max_urls)
    print(
        f"{written.urls} URLs in {len(written.children)} sitemaps; "
        f"index: {Path(args.out) / written.index.name}"
    )
    return 0
