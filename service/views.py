"""Endpoints for pages: the landing pages, their redirects, the 404 page and the health probe."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from service.website import Website


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


async def not_found(request: Request, exc: Exception) -> Response:
    """The localized 404 page, for paths no route serves (missing static files too)."""
    website: Website = request.app.state.website
    locale = website.registry.locale_for_path(request.url.path)
    return HTMLResponse(website.render_not_found(locale), status_code=404)


async def page(request: Request) -> Response:
    website: Website = request.app.state.website
    path = request.url.path
    found = website.registry.resolve(path)
    if found is not None:
        return HTMLResponse(website.render(found))
    target = website.registry.redirect_target(path)
    if target is not None:
        query = request.url.query
        return RedirectResponse(f"{target}?{query}" if query else target, status_code=301)
    return await not_found(request, LookupError(path))
