"""Rendered pages as bytes: every encoding computed once, with the validators that go with them.

The web layer's page cache keeps these (``service.web.page_cache``); the
static export writes the very same bytes.

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
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import brotli

from service.content.models import Locale
from service.output.headers import NOT_FOUND_CACHE_CONTROL, PAGE_CACHE_CONTROL
from service.pages.registry import Page
from service.render.website import Website

BROTLI_QUALITY = 4
GZIP_LEVEL = 6
HTML = "text/html; charset=utf-8"
ENCODINGS = ("br", "gzip", "identity")


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
    kind: str = ""  # the page kind, or "not_found"
    header_lists: dict[tuple[str, bool], tuple[tuple[bytes, bytes], ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def of(
        cls, html: str, *, status: int = 200, modified: dt.date | None = None, kind: str = ""
    ) -> Rendered:
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
            kind=kind,
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
        return encoded_etag(self.etag_base, encoding)


def precompress(path: Path) -> int:
    """Write ``path.gz`` and ``path.br`` beside a text file; the bytes of all three."""
    data = path.read_bytes()
    gz, br = compress_gzip(data), compress_brotli(data)
    path.with_name(path.name + ".gz").write_bytes(gz)
    path.with_name(path.name + ".br").write_bytes(br)
    return len(data) + len(gz) + len(br)


def encoded_name(name: str, encoding: str) -> str:
    """The file ``precompress`` wrote for ``encoding`` beside ``name``."""
    return name + {"br": ".br", "gzip": ".gz"}.get(encoding, "")


def encoded_etag(base: str, encoding: str) -> str:
    """A strong ETag per encoding: each is a different representation (RFC 9110 §8.8.3)."""
    suffix = f"-{encoding}" if encoding in ("br", "gzip") else ""
    return f'"{base}{suffix}"'


def http_date(day: dt.date) -> str:
    moment = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return email.utils.format_datetime(moment, usegmt=True)


def encode_page(website: Website, page: Page) -> Rendered:
    """The page rendered and encoded, with its content date as Last-Modified."""
    return Rendered.of(
        website.render(page), modified=website.registry.last_modified(page), kind=page.kind
    )


def encode_not_found(website: Website, locale: Locale) -> Rendered:
    return Rendered.of(website.render_not_found(locale), status=404, kind="not_found")
