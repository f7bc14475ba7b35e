"""Reading sitemaps and sitemap indexes (gzip too) into the URLs they list."""

from __future__ import annotations

import gzip
import zlib

from lxml import etree

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MAX_SITEMAPS = 1_000


def sitemap_locs(body: bytes) -> tuple[list[str], list[str]]:
    """(child sitemaps, page URLs) in a sitemap or sitemap index, gzip or not."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError, zlib.error):
            return [], []
    try:
        root = etree.fromstring(
            body, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        )
    except etree.XMLSyntaxError:
        return [], []
    locs = [(el.text or "").strip() for el in root.iter(f"{SITEMAP_NS}loc")]
    if root.tag == f"{SITEMAP_NS}sitemapindex":
        return [loc for loc in locs if loc], []
    return [], [loc for loc in locs if loc]
