"""The page cache and its responses: every page rendered once, answered ahead of routing.

- **The cache.** A landing page is a pure function of the content and its
  URL, so each is rendered and encoded once per content version
  (``service.output.encoded``) and served from memory. The default site is
  small enough to render whole at start-up; a large one keeps the most
  recently served pages up to a byte budget.
- **The answer.** Serving a page is a dictionary lookup and two ``send``
  calls; going through Starlette's router and its Request and Response
  objects cost more than half of the request's time. ``CachedPages`` sits
  inside the security and ``noindex`` middleware (their headers still apply)
  and answers GET and HEAD for every canonical page path; everything else —
  redirects from other spellings, 404s, robots.txt, sitemaps, static files —
  goes on to the router.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

from starlette.types import ASGIApp, Receive, Scope, Send

from service.content.models import Locale
from service.output.encoded import Rendered, encode_not_found, encode_page
from service.pages.registry import Page
from service.render.website import Website
from service.web.http_cache import not_modified
from service.web.observe import PAGE_KIND

_READ = {b"accept-encoding", b"if-none-match", b"if-modified-since"}
# Render the whole site at start-up up to this many pages; above it, keep an LRU.
EAGER_PAGES = 5_000
DEFAULT_BUDGET_BYTES = 256 * 1024 * 1024


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


class CacheObserver(Protocol):
    """What the metrics want to know of the cache (``service.web.metrics.Metrics``)."""

    def page_cache_hit(self) -> None: ...

    def page_rendered(self, seconds: float, *, warming: bool) -> None: ...


class RenderedPages:
    """Every page of a website as ``Rendered`` bytes: all at once, or an LRU within a budget."""

    def __init__(
        self,
        website: Website,
        *,
        eager_limit: int = EAGER_PAGES,
        budget_bytes: int = DEFAULT_BUDGET_BYTES,
        observer: CacheObserver | None = None,
    ) -> None:
        self.website = website
        self.observer = observer
        self.eager = len(website.registry) <= eager_limit
        self.budget_bytes = budget_bytes
        self._pages: OrderedDict[Page, Rendered] = OrderedDict()
        self._bytes = 0
        self._not_found: dict[str, Rendered] = {}
        # Canonical path -> page, so a request costs one dict lookup, not a URL parse.
        self._by_path: dict[str, Page] = {}

    def render(self, page: Page) -> Rendered:
        return encode_page(self.website, page)

    def get(self, page: Page, *, warming: bool = False) -> Rendered:
        found = self._pages.get(page)
        if found is not None:
            if self.observer is not None:
                self.observer.page_cache_hit()
            if not self.eager:
                self._pages.move_to_end(page)
            return found
        started = time.perf_counter()
        rendered = self.render(page)
        if self.observer is not None:
            self.observer.page_rendered(time.perf_counter() - started, warming=warming)
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
            found = self._not_found[locale.code] = encode_not_found(self.website, locale)
        return found

    def warm(self, progress: Callable[[int], None] | None = None) -> int:
        """Render every page now when the site is small enough to keep whole; return how many."""
        if not self.eager:
            return 0
        count = 0
        for count, page in enumerate(self.website.registry.pages(), start=1):
            self.get(page, warming=True)
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


async def send_rendered(
    scope: Scope, send: Send, rendered: Rendered, request_headers: dict[str, str]
) -> None:
    """Send ``rendered`` in the client's preferred encoding, or 304 when it has it."""
    encoding = choose_encoding(request_headers.get("accept-encoding", ""))
    status = rendered.status
    if status == 200 and not_modified(request_headers, rendered.etag(encoding), rendered.modified):
        status = 304
    with_body = status != 304
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": rendered.headers(encoding, body=with_body),
        }
    )
    body = rendered.body(encoding) if with_body and scope["method"] != "HEAD" else b""
    await send({"type": "http.response.body", "body": body})


def read_headers(scope: Scope) -> dict[str, str]:
    """The few request headers a page response depends on."""
    return {
        name.decode("latin-1"): value.decode("latin-1")
        for name, value in scope["headers"]
        if name in _READ
    }


class CachedPages:
    """Answer GET and HEAD for every page from ``app.state.pages`` (see ``service.output.encoded``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            # Read at request time: a reload swaps in another site's pages.
            pages: RenderedPages = scope["app"].state.pages
            rendered = pages.for_path(scope["path"])
            if rendered is not None:
                scope[PAGE_KIND] = rendered.kind
                await send_rendered(scope, send, rendered, read_headers(scope))
                return
        await self.app(scope, receive, send)
