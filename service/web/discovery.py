"""How crawlers discover pages: robots.txt and the sitemaps the app serves.

The served sitemaps are the files ``write_sitemaps`` produces, generated once
per process on first request, so they equal what ``sitemap_gen.py`` writes,
with gzip and brotli twins beside them as the export writes them. Validators
are content-derived: the ETag is the file's SHA-256 with a suffix per
encoding (each encoding is a different representation, so a cache never
takes one for another) and Last-Modified its newest ``lastmod``, so every
worker and every restart agrees and crawlers get 304s until the content
changes.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from service.output.encoded import encoded_etag, encoded_name, http_date, precompress
from service.output.headers import DISCOVERY_CACHE_CONTROL
from service.output.robots import robots_txt
from service.output.sitemap import ChildSitemap, SitemapSet, write_sitemaps
from service.render.website import Website
from service.web.endpoints import not_found
from service.web.http_cache import not_modified
from service.web.page_cache import choose_encoding


class ServedSitemaps:
    """Generates the sitemap files once, into a private folder, and serves them."""

    def __init__(self, website: Website, folder: Path | None = None) -> None:
        self._website = website
        self._folder = folder
        self._owns_folder = folder is None
        self._set: SitemapSet | None = None
        self._lock = threading.Lock()

    @property
    def folder(self) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="nearme-sitemaps-"))
        return self._folder

    def close(self) -> None:
        """Remove the private folder, if one was made."""
        if self._folder is not None and self._owns_folder:
            shutil.rmtree(self._folder, ignore_errors=True)

    def generated(self) -> SitemapSet:
        with self._lock:
            if self._set is None:
                generated = write_sitemaps(self._website.registry, self.folder)
                for child in [generated.index, *generated.children]:
                    precompress(self.folder / child.name)
                self._set = generated
            return self._set


def sitemap_response(request: Request, folder: Path, child: ChildSitemap) -> Response:
    encoding = choose_encoding(request.headers.get("accept-encoding", ""))
    etag = encoded_etag(child.sha256[:32], encoding)
    headers = {
        "etag": etag,
        "last-modified": http_date(child.lastmod),
        "cache-control": DISCOVERY_CACHE_CONTROL,
        "vary": "Accept-Encoding",
    }
    if not_modified(request.headers, etag, child.lastmod):
        return Response(status_code=304, headers=headers)
    if encoding != "identity":
        headers["content-encoding"] = encoding
    return FileResponse(
        folder / encoded_name(child.name, encoding), media_type="application/xml", headers=headers
    )


async def robots_endpoint(request: Request) -> Response:
    return PlainTextResponse(
        robots_txt(request.app.state.website), headers={"cache-control": DISCOVERY_CACHE_CONTROL}
    )


async def sitemap_endpoint(request: Request) -> Response:
    served: ServedSitemaps = request.app.state.sitemaps
    sitemaps = await run_in_threadpool(served.generated)
    name = request.url.path.lstrip("/")
    child = sitemaps.by_name().get(name)
    if child is None:
        return await not_found(request, LookupError(name))
    return sitemap_response(request, served.folder, child)
