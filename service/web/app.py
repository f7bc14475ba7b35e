"""The Starlette application: the route table, middleware and the app factory."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.output.headers import site_style_hashes
from service.output.version import content_version
from service.paths import STATIC_DIR
from service.render.website import Website, open_website
from service.settings import Settings, load_settings
from service.web.access_log import AccessLog
from service.web.discovery import ServedSitemaps, robots_endpoint, sitemap_endpoint
from service.web.endpoints import healthz, not_found, page, readyz
from service.web.observe import RequestObserver
from service.web.page_cache import CachedPages, CacheObserver, RenderedPages
from service.web.reloading import watch
from service.web.security import SecurityMiddleware, SecurityPolicy
from service.web.static import FingerprintedStaticFiles

if TYPE_CHECKING:  # prometheus-client is imported only when metrics are on
    from service.web.metrics import Metrics

logger = logging.getLogger("nearme")


class NoIndexMiddleware:
    """Adds ``X-Robots-Tag: noindex`` to every response outside production."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-robots-tag", b"noindex")]
            await send(message)

        await self.app(scope, receive, send_with_header)


def install_website(
    app: Starlette,
    website: Website,
    pages: RenderedPages | None = None,
    style_hashes: list[str] | None = None,
) -> None:
    """Serve ``website`` from now on: its pages, its sitemaps, its robots.txt."""
    previous: Website | None = getattr(app.state, "website", None)
    metrics: Metrics | None = getattr(app.state, "metrics", None)
    app.state.pages = pages or RenderedPages(website, observer=metrics)
    if website is previous:
        return  # the same site with its pages rendered ahead (start-up): the rest stands
    old_sitemaps: ServedSitemaps | None = getattr(app.state, "sitemaps", None)
    app.state.website = website
    if metrics is not None:
        metrics.serving_version(content_version(website))
    app.state.sitemaps = ServedSitemaps(website)
    if old_sitemaps is not None:
        old_sitemaps.close()
    security: SecurityPolicy | None = getattr(app.state, "security", None)
    if security is not None:  # a reload: the stylesheet (and so its CSP hash) may have changed
        security.use_style_hashes(
            site_style_hashes(website) if style_hashes is None else style_hashes
        )


def prepared(website: Website, observer: CacheObserver | None = None) -> RenderedPages:
    """The site's pages, rendered ahead of the first request when it is small enough."""
    pages = RenderedPages(website, observer=observer)
    started = time.perf_counter()
    count = pages.warm()
    if count:
        logger.info(
            "rendered %d pages in %.1f s (%.0f MB, every encoding)",
            count,
            time.perf_counter() - started,
            pages.cached_bytes / 1e6,
        )
    return pages


def create_app(
    website: Website, *, access_log: AccessLog | None = None, metrics: Metrics | None = None
) -> Starlette:
    """The site's app; ``access_log`` and ``metrics`` (both off unless given) see every request."""
    routes = [
        Route("/healthz", healthz, methods=["GET", "HEAD"]),
        Route("/readyz", readyz, methods=["GET", "HEAD"]),
        Route("/robots.txt", robots_endpoint, methods=["GET", "HEAD"]),
        Route("/sitemap.xml", sitemap_endpoint, methods=["GET", "HEAD"]),
        Route("/sitemap-{name}.xml", sitemap_endpoint, methods=["GET", "HEAD"]),
        Mount("/static", app=FingerprintedStaticFiles(directory=STATIC_DIR), name="static"),
        Route("/{path:path}", page, methods=["GET", "HEAD"]),
    ]

    async def warm_then_ready(current: Website) -> None:
        pages = await run_in_threadpool(prepared, current, metrics)
        if app.state.website is current:  # not replaced by a reload meanwhile
            install_website(app, current, pages)
        app.state.ready = True  # /readyz: rendered and installed

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Served for real (uvicorn runs the lifespan; in-process test clients do not):
        # render every page in a thread while the server already answers (/healthz says
        # it is alive, /readyz 503 that it is not ready yet; a page asked for meanwhile
        # is rendered for the request).
        warming = asyncio.create_task(warm_then_ready(app.state.website))
        stop = asyncio.Event()
        watcher = None
        if website.settings.reload:
            watcher = asyncio.create_task(
                watch(
                    website.settings,
                    # Rendering and hashing the new site happen in the watcher's thread.
                    prepare=lambda new: (prepared(new, metrics), site_style_hashes(new)),
                    install=lambda new, ready: install_website(app, new, *ready),
                    stop=stop,
                )
            )
        try:
            yield
        finally:
            app.state.ready = False
            warming.cancel()  # the render thread, if still going, finishes on its own
            stop.set()
            if watcher is not None:
                await watcher
            app.state.sitemaps.close()
            if access_log is not None:
                access_log.flush()

    app = Starlette(routes=routes, exception_handlers={404: not_found}, lifespan=lifespan)
    app.state.ready = False
    app.state.metrics = metrics
    install_website(app, website)
    app.add_middleware(CachedPages)  # innermost: the headers below apply to pages too
    if not website.settings.is_production:
        app.add_middleware(NoIndexMiddleware)
    # Added last, so outermost: its headers reach every response and its limits
    # turn away oversized requests before anything else reads them.
    app.state.security = SecurityPolicy.for_website(website)
    app.add_middleware(SecurityMiddleware, policy=app.state.security)
    if access_log is not None or metrics is not None:
        # Outermost of all: it sees what the client got, refusals and 500s included.
        app.add_middleware(RequestObserver, access_log=access_log, metrics=metrics)
    return app


def app_from_environment(settings: Settings | None = None) -> Starlette:
    """The factory uvicorn calls (``service.web.app:app_from_environment``), in each worker."""
    settings = settings or load_settings()
    return create_app(open_website(settings), **observers(settings))


def observers(settings: Settings) -> dict[str, Any]:
    """The access log and metrics ``settings`` ask for, as ``create_app`` takes them."""
    metrics = None
    if settings.metrics_port is not None:
        from service.web.metrics import Metrics  # imports prometheus-client

        metrics = Metrics()
    return {"access_log": AccessLog() if settings.access_log else None, "metrics": metrics}
