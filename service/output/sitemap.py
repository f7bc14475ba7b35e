"""Sitemaps from the page registry: an index plus children split by page kind and locale.

Only indexable pages appear, each with its alternates and a ``lastmod`` taken
from the content the page shows, so unchanged content gives byte-identical
files. Output is streamed: pages are visited key by key, each key's
alternates built once and written to every locale's child, so memory does
not grow with the number of URLs. Files are written to a temporary name and
renamed into place, the index last, so a reader never sees half a sitemap.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from service.errors import NearmeError
from service.pages.registry import X_DEFAULT, PageRegistry

MAX_URLS = 50_000  # sitemaps.org limits for one file
MAX_BYTES = 50 * 1024 * 1024  # uncompressed
INDEX_NAME = "sitemap.xml"
_QUOTE = {'"': "&quot;"}

_URLSET_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    b'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
_URLSET_CLOSE = b"</urlset>\n"
_INDEX_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)
_INDEX_CLOSE = b"</sitemapindex>\n"


def groups(registry: PageRegistry) -> list[tuple[str, tuple[str, ...]]]:
    """Sitemap groups in the order the kinds table first names them, each with its kinds.

    Hubs and the home page are few: one child per locale holds them all.
    """
    out: dict[str, list[str]] = {}
    for spec in registry.kinds.values():
        out.setdefault(spec.sitemap_group, []).append(spec.name)
    return [(group, tuple(kinds)) for group, kinds in out.items()]


class SitemapError(NearmeError):
    """The sitemaps cannot be written (an unwritable folder, a full disk)."""


@dataclass(frozen=True)
class ChildSitemap:
    name: str  # file name, e.g. "sitemap-conditions-es-1.xml"
    urls: int
    lastmod: dt.date
    sha256: str  # of the bytes written, for ETags


@dataclass
class SitemapSet:
    index: ChildSitemap
    children: list[ChildSitemap] = field(default_factory=list)

    @property
    def urls(self) -> int:
        return sum(child.urls for child in self.children)

    def by_name(self) -> dict[str, ChildSitemap]:
        return {c.name: c for c in [self.index, *self.children]}


def _locale_slug(code: str) -> str:
    return code.lower()


class _AtomicFile:
    """A file written under a temporary name and renamed into place on commit."""

    def __init__(self, folder: Path, name: str, *, compress: bool) -> None:
        self.folder, self.name = folder, name
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        self._tmp = Path(tmp)
        self._raw: IO[bytes] = os.fdopen(fd, "wb")
        self._out: IO[bytes] = (
            gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0)  # type: ignore[assignment]
            if compress
            else self._raw
        )
        self._hash = hashlib.sha256()
        self.uncompressed = 0

    def write(self, data: bytes) -> None:
        self._out.write(data)
        self._hash.update(data)
        self.uncompressed += len(data)

    def commit(self) -> str:
        if self._out is not self._raw:
            self._out.close()
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()
        os.chmod(self._tmp, 0o644)
        os.replace(self._tmp, self.folder / self.name)
        return self._hash.hexdigest()

    def discard(self) -> None:
        self._raw.close()
        self._tmp.unlink(missing_ok=True)


class _ChildWriter:
    """Writes one group-and-locale's entries, rolling to a new file at the limits."""

    def __init__(self, out: Path, stem: str, *, compress: bool, max_urls: int) -> None:
        self.out, self.stem, self.compress, self.max_urls = out, stem, compress, max_urls
        self.done: list[ChildSitemap] = []
        self._file: _AtomicFile | None = None
        self._urls = 0
        self._lastmod = dt.date.min

    def _name(self, number: int) -> str:
        return f"{self.stem}-{number}.xml" + (".gz" if self.compress else "")

    def add(self, entry: bytes, lastmod: dt.date) -> None:
        full = self._file is not None and (
            self._urls >= self.max_urls
            or self._file.uncompressed + len(entry) + len(_URLSET_CLOSE) > MAX_BYTES
        )
        if full:
            self.close()
        if self._file is None:
            self._file = _AtomicFile(
                self.out, self._name(len(self.done) + 1), compress=self.compress
            )
            self._file.write(_URLSET_OPEN)
        self._file.write(entry)
        self._urls += 1
        self._lastmod = max(self._lastmod, lastmod)

    def close(self) -> None:
        if self._file is None:
            return
        self._file.write(_URLSET_CLOSE)
        digest = self._file.commit()
        self.done.append(ChildSitemap(self._file.name, self._urls, self._lastmod, digest))
        self._file, self._urls, self._lastmod = None, 0, dt.date.min

    def discard(self) -> None:
        if self._file is not None:
            self._file.discard()


def _entries(
    registry: PageRegistry, kinds: tuple[str, ...]
) -> Iterator[tuple[list[tuple[str, bytes]], dt.date, bytes]]:
    """Each key indexable somewhere: its escaped URL per indexable locale, its lastmod,
    and its ``<xhtml:link>`` block naming exactly those versions (the hreflang cluster).

    URLs are made of the validated base URL and slugs, so escaping the whole
    URL once per key is all the XML needs.
    """
    default = registry.site.default_locale.code
    for kind in kinds:
        for key in registry.page_keys(kind):
            urls = [(loc.code, escape(url, _QUOTE)) for loc, url in registry.indexable_urls(key)]
            if not urls:
                continue
            links = [
                f'<xhtml:link rel="alternate" hreflang="{code}" href="{url}"/>'
                for code, url in urls
            ]
            links += [
                f'<xhtml:link rel="alternate" hreflang="{X_DEFAULT}" href="{url}"/>'
                for code, url in urls
                if code == default
            ]
            locs = [(code, url.encode()) for code, url in urls]
            yield locs, registry.last_modified(key), "".join(links).encode()


def write_sitemaps(
    registry: PageRegistry,
    out: Path,
    *,
    compress: bool = False,
    max_urls: int = MAX_URLS,
) -> SitemapSet:
    """Write the index and every child into ``out``; remove children of earlier runs."""
    if not 1 <= max_urls <= MAX_URLS:
        raise SitemapError(f"--max-urls must be at least 1 and at most {MAX_URLS}")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        raise SitemapError(f"{out}: cannot write sitemaps there ({exc.strerror or exc})") from None
    try:
        return _write(registry, out, compress=compress, max_urls=max_urls)
    except OSError as exc:
        raise SitemapError(f"{out}: writing sitemaps failed ({exc.strerror or exc})") from None


def _write(registry: PageRegistry, out: Path, *, compress: bool, max_urls: int) -> SitemapSet:
    locales = registry.site.locales
    children: list[ChildSitemap] = []
    for group, kinds in groups(registry):
        writers = {
            loc.code: _ChildWriter(
                out,
                f"sitemap-{group}-{_locale_slug(loc.code)}",
                compress=compress,
                max_urls=max_urls,
            )
            for loc in locales
        }
        ordered = [writers[loc.code] for loc in locales]
        try:
            for locs, lastmod, links in _entries(registry, kinds):
                tail = b"</loc><lastmod>%s</lastmod>%s</url>\n" % (
                    lastmod.isoformat().encode(),
                    links,
                )
                for code, loc_url in locs:
                    writers[code].add(b"<url><loc>" + loc_url + tail, lastmod)
            for writer in writers.values():
                writer.close()
        except BaseException:
            for writer in writers.values():
                writer.discard()
            raise
        for writer in ordered:
            children += writer.done
    index = _write_index(registry, out, children)
    _remove_stale(out, {child.name for child in children})
    return SitemapSet(index=index, children=children)


def child_url(registry: PageRegistry, name: str) -> str:
    return f"{registry.base_url}/{name}"


def _write_index(registry: PageRegistry, out: Path, children: list[ChildSitemap]) -> ChildSitemap:
    body = io.BytesIO()
    body.write(_INDEX_OPEN)
    for child in children:
        body.write(
            b"<sitemap><loc>%s</loc><lastmod>%s</lastmod></sitemap>\n"
            % (escape(child_url(registry, child.name)).encode(), child.lastmod.isoformat().encode())
        )
    body.write(_INDEX_CLOSE)
    index = _AtomicFile(out, INDEX_NAME, compress=False)
    index.write(body.getvalue())
    digest = index.commit()
    newest = max((c.lastmod for c in children), default=registry.site.updated_on)
    return ChildSitemap(INDEX_NAME, len(children), newest, digest)


def _remove_stale(out: Path, keep: set[str]) -> None:
    for path in out.glob("sitemap-*.xml*"):
        if path.name not in keep:
            path.unlink(missing_ok=True)
