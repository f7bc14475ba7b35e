"""Endpoints behind the router: page redirects, the 404 page and the health probe."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import Receive, Scope, Send

from service.output.encoded import Rendered
from service.output.headers import REDIRECT_CACHE_CONTROL
from service.render.website import Website
from service.web.page_cache import RenderedPages, send_rendered


async def healthz(request: Request) -> Response:
    """Liveness: the process answers."""
    return PlainTextResponse("ok")


async def readyz(request: Request) -> Response:
    """Readiness: the site is rendered and installed (503 while it starts, and as it stops)."""
    if request.app.state.ready:
        return PlainTextResponse("ready")
    return PlainTextResponse("starting", status_code=503, headers={"retry-after": "1"})


async def not_found(request: Request, exc: Exception) -> Response:
    """The localized 404 page, for paths no route serves (missing static files too)."""
    website: Website = request.app.state.website
    pages: RenderedPages = request.app.state.pages
    rendered = pages.not_found(website.registry.locale_for_path(request.url.path))
    return RenderedResponse(rendered, dict(request.headers))


class RenderedResponse(Response):
    """A cached rendering sent as ``CachedPages`` sends it, from inside a route."""

    def __init__(self, rendered: Rendered, request_headers: dict[str, str]) -> None:
        # Response.__init__ is not called: it would build a body and headers that the
        # rendering already holds. Starlette reads only these two attributes.
        self.rendered, self.request_headers = rendered, request_headers
        self.status_code = rendered.status
        self.background = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send_rendered(scope, send, self.rendered, self.request_headers)


async def page(request: Request) -> Response:
    """Other spellings of a page (301) and unknown paths (404).

    Canonical page paths never get here: ``CachedPages`` answers them first.
    """
    website: Website = request.app.state.website
    path = request.url.path  # the query string plays no part: it never makes a new page
    target = website.registry.redirect_target(path)
    if target is not None:
        query = request.url.query
        return RedirectResponse(
            f"{target}?{query}" if query else target,
            status_code=301,
            headers={"cache-control": REDIRECT_CACHE_CONTROL},
        )
    return await not_found(request, LookupError(path))
