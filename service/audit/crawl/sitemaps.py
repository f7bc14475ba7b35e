"""Sitemaps and sitemap indexes (gzip too), read as they stream in, within the protocol's limits.

Each file is parsed incrementally (entities and network off) and may hold
50,000 URLs and 50 MB uncompressed, as sitemaps.org allows, however large the
page-size limit is. URLs that leave the site are reported, never fetched.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from lxml import etree

from service.audit.config import AuditConfig
from service.audit.crawl.fetch import Fetcher
from service.audit.urls import InvalidURL, checked_url

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass
class Sitemaps:
    """What the sitemaps said, and what the audit could not take from them."""

    urls: dict[str, None] = field(default_factory=dict)  # page URLs, in order, on the site
    found: bool = False  # at least one sitemap parsed
    files: int = 0
    offsite: list[tuple[str, str]] = field(default_factory=list)  # (where listed, URL)
    invalid: list[tuple[str, str, str]] = field(default_factory=list)  # (where, value, why)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (sitemap, why)
    notes: list[str] = field(default_factory=list)  # limits hit


class _File:
    """One sitemap file's <loc> values, parsed from chunks as they arrive."""

    def __init__(self, cap: int) -> None:
        self.parser = etree.XMLPullParser(
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        self.cap = cap
        self.root = ""
        self.locs: list[str] = []
        self.over = 0
        self.error = ""

    def feed(self, chunk: bytes) -> None:
        if self.error:
            return
        try:
            self.parser.feed(chunk)
            self._read()
        except etree.XMLSyntaxError as exc:
            self.error = f"does not parse as XML ({exc})"

    def close(self) -> None:
        if self.error:
            return
        try:
            self.parser.close()
            self._read()
        except etree.XMLSyntaxError as exc:
            self.error = f"does not parse as XML ({exc})"

    def _read(self) -> None:
        for event, element in self.parser.read_events():
            if event == "start":
                if not self.root:
                    self.root = element.tag
                continue
            if element.tag == f"{SITEMAP_NS}loc":
                if len(self.locs) < self.cap:
                    self.locs.append((element.text or "").strip())
                else:
                    self.over += 1
            elif element.tag in (f"{SITEMAP_NS}url", f"{SITEMAP_NS}sitemap"):
                element.clear()  # keep memory flat however long the file is
                while element.getprevious() is not None:
                    del element.getparent()[0]


async def read_sitemaps(
    fetcher: Fetcher, starts: list[str], config: AuditConfig, *, guessed: bool = False
) -> Sitemaps:
    """Read ``starts`` and every sitemap they index. ``guessed``: nobody named the first one
    (no Sitemap: line), so its absence is no finding."""
    limits = config.limits
    result = Sitemaps()
    queue = deque(starts)
    seen: set[str] = set()
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        if result.files >= limits.max_sitemap_files:
            result.notes.append(
                f"stopped after {limits.max_sitemap_files:,} sitemap files; "
                f"{len(queue) + 1:,} more were listed and not read"
            )
            break
        seen.add(url)
        result.files += 1
        parsed = _File(limits.max_sitemap_urls)
        fetched = await fetcher.get(
            url, cap=limits.max_inflated_bytes, sink=parsed.feed, gunzip_body=True
        )
        if fetched.offsite:
            result.offsite.append((url, fetched.offsite))
            continue
        if fetched.status != 200 or fetched.error:
            if not (guessed and url in starts and fetched.status == 404):
                result.failed.append((url, fetched.error or f"HTTP {fetched.status}"))
            continue
        parsed.close()
        if parsed.error:
            result.failed.append((url, parsed.error))
            continue
        if parsed.over:
            result.notes.append(
                f"{url} lists more than {limits.max_sitemap_urls:,} URLs, the protocol's limit; "
                f"{parsed.over:,} were not read"
            )
        result.found = True
        index = parsed.root == f"{SITEMAP_NS}sitemapindex"
        for value in parsed.locs:
            try:
                loc = checked_url(value, url, max_length=limits.max_url_length)
            except InvalidURL as exc:
                result.invalid.append((url, value[:200], str(exc)))
                continue
            if not fetcher.on_site(loc):
                result.offsite.append((url, loc))
            elif index:
                queue.append(loc)
            elif loc not in result.urls:
                if len(result.urls) >= limits.max_sitemap_total:
                    result.notes.append(
                        f"took the first {limits.max_sitemap_total:,} URLs from the sitemaps; "
                        "the rest were not audited"
                    )
                    return result
                result.urls[loc] = None
    return result
