"""Rendered pages as bytes: every encoding computed once, with the validators that go with them.

A landing page is a pure function of the content and its URL, so each one is
rendered and compressed once per content version and then served from memory.
The static export writes the very same bytes, so a CDN serves what the app
would.

- **Encodings.** Identity, gzip (level 6: level 9 is ~60% slower on large
  pages for 0.7% fewer bytes) and brotli at quality 4. Quality 11
  would save ~17% more bytes but costs ~20 ms a page (minutes for a large
  export); quality 4 costs 0.3 ms. A page is ~7 KB either way, inside the
  ~14 KB a server may send in its first round trip, so patients wait no
  longer for the larger file.
- **Validators.** The strong ETag is derived from the identity bytes, with a
  suffix per encoding, since each encoding is a different representation.
  Last-Modified is the page's content date from the registry.
- **Memory.** The default site is small enough to render whole at start-up;
  a large one keeps the most recently served pages up to a byte budget.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import brotli

from service.content.models import Locale
from service.http_cache import http_date
from service.pages.registry import Page
from service.website import Website

BROTLI_QUALITY = 4
GZIP_LEVEL = 6
# A CDN (or browser) may reuse a page for 5 minutes, and serve a stale copy for a
# day while it fetches a fresh one in the background: pages change rarely, and a
# slightly old page is far better than a slow one.
PAGE_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=86400"
NOT_FOUND_CACHE_CONTROL = "public, max-age=60"
HTML = "text/html; charset=utf-8"
ENCODINGS = ("br", "gzip", "identity")
# Render the whole site at start-up up to this many pages; above it, keep an LRU.
EAGER_PAGES = 5_000
DEFAULT_BUDGET_BYTES = 256 * 1024 * 1024


def compress_gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)  # mtime=0: same bytes every run


def compress_brotli(data: bytes) -> bytes:
    return bytes(brotli.compress(data, quality=BROTLI_QUALITY, mode=brotli.MODE_TEXT))


@dataclass(frozen=True, slots=True)
class Rendered:
    """One page (or error page) in every encoding, ready to send."""

    status: int
    identity: bytes
    gzip: bytes
    br: bytes
    etag_base: str  # hex digest of the identity bytes
    modified: dt.date | None  # the content date; None for error pages
    last_modified: str | None  # the same as an HTTP date
    cache_control: str
    header_lists: dict[tuple[str, bool], tuple[tuple[bytes, bytes], ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def of(cls, html: str, *, status: int = 200, modified: dt.date | None = None) -> Rendered:
        body = html.encode()
        rendered = cls(
            status=status,
            identity=body,
            gzip=compress_gzip(body),
            br=compress_brotli(body),
            etag_base=hashlib.sha256(body).hexdigest()[:32],
            modified=modified,
            last_modified=http_date(modified) if modified else None,
            cache_control=PAGE_CACHE_CONTROL if status == 200 else NOT_FOUND_CACHE_CONTROL,
        )
        # Every response's header list made now, once: serving then only copies one.
        for encoding in ENCODINGS:
            for with_body in (True, False):
                rendered.header_lists[encoding, with_body] = rendered._headers(encoding, with_body)
        return rendered

    def headers(self, encoding: str, *, body: bool) -> list[tuple[bytes, bytes]]:
        """The response headers in ``encoding``; ``body`` False for a 304 (no body headers)."""
        return list(self.header_lists[encoding, body])

    def _headers(self, encoding: str, body: bool) -> tuple[tuple[bytes, bytes], ...]:
        headers = [(b"cache-control", self.cache_control.encode()), (b"vary", b"Accept-Encoding")]
        if self.status == 200:
            headers.append((b"etag", self.etag(encoding).encode()))
            if self.last_modified:
                headers.append((b"last-modified", self.last_modified.encode()))
        if body:
            headers.append((b"content-type", HTML.encode()))
            headers.append((b"content-length", str(len(self.body(encoding))).encode()))
            if encoding != "identity":
                headers.append((b"content-encoding", encoding.encode()))
        return tuple(headers)

    @property
    def size(self) -> int:
        return len(self.identity) + len(self.gzip) + len(self.br)

    def body(self, encoding: str) -> bytes:
        return {"br": self.br, "gzip": self.gzip}.get(encoding, self.identity)

    def etag(self, encoding: str) -> str:
        suffix = f"-{encoding}" if encoding in ("br", "gzip") else ""
        return f'"{self.etag_base}{suffix}"'


@lru_cache(maxsize=256)  # clients send a handful of distinct headers, over and over
def choose_encoding(accept_encoding: str) -> str:
    """The best encoding the client accepts: br, then gzip, else identity.

    Honours ``q=0`` (an explicit refusal) and ``*``; other weights only rank
    br above gzip the same way browsers do.
    """
    accepted: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name:
            accepted[name.strip()] = quality
    wildcard = accepted.get("*")
    for encoding in ("br", "gzip"):
        quality = accepted.get(encoding, wildcard if wildcard is not None else 0.0)
        if quality > 0:
            return encoding
    return "identity"


class RenderedPages:
    """Every page of a website as ``Rendered`` bytes: all at once, or an LRU within a budget."""

    def __init__(
        self,
        website: Website,
        *,
        eager_limit: int = EAGER_PAGES,
        budget_bytes: int = DEFAULT_BUDGET_BYTES,
    ) -> None:
        self.website = website
        self.eager = len(website.registry) <= eager_limit
        self.budget_bytes = budget_bytes
        self._pages: OrderedDict[Page, Rendered] = OrderedDict()
        self._bytes = 0
        self._not_found: dict[str, Rendered] = {}
        # Canonical path -> page, so a request costs one dict lookup, not a URL parse.
        self._by_path: dict[str, Page] = {}

    def render(self, page: Page) -> Rendered:
        return Rendered.of(
            self.website.render(page), modified=self.website.registry.last_modified(page)
        )

    def get(self, page: Page) -> Rendered:
        found = self._pages.get(page)
        if found is not None:
            if not self.eager:
                self._pages.move_to_end(page)
            return found
        rendered = self.render(page)
        self._pages[page] = rendered
        self._bytes += rendered.size
        while not self.eager and self._bytes > self.budget_bytes and len(self._pages) > 1:
            _, evicted = self._pages.popitem(last=False)
            self._bytes -= evicted.size
        return rendered

    def for_path(self, path: str) -> Rendered | None:
        """The page served at ``path`` exactly (its canonical path), or None."""
        page = self._by_path.get(path)
        if page is None:
            page = self.website.registry.resolve(path)
            if page is None:
                return None
            if self.eager:  # bounded by the site; a huge site resolves each time instead
                self._by_path[path] = page
        return self.get(page)

    def not_found(self, locale: Locale) -> Rendered:
        found = self._not_found.get(locale.code)
        if found is None:
            html = self.website.render_not_found(locale)
            found = self._not_found[locale.code] = Rendered.of(html, status=404)
        return found

    def warm(self, progress: Callable[[int], None] | None = None) -> int:
        """Render every page now when the site is small enough to keep whole; return how many."""
        if not self.eager:
            return 0
        count = 0
        for count, page in enumerate(self.website.registry.pages(), start=1):
            self.get(page)
            if progress:
                progress(count)
        for locale in self.website.site.locales:
            self.not_found(locale)
        return count

    @property
    def cached_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._pages)
