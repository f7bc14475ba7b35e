"""Endpoints for pages: the landing pages, their redirects, the 404 page and the health probe."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from service.http_cache import not_modified
from service.rendered import Rendered, RenderedPages, choose_encoding
from service.website import Website


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


def rendered_response(request: Request, rendered: Rendered) -> Response:
    """A page's bytes in the encoding the client prefers, or 304 when it has them already."""
    encoding = choose_encoding(request.headers.get("accept-encoding", ""))
    etag = rendered.etag(encoding)
    headers = {
        "cache-control": rendered.cache_control,
        "vary": "Accept-Encoding",
    }
    if rendered.status == 200:
        headers["etag"] = etag
        if rendered.last_modified:
            headers["last-modified"] = rendered.last_modified
        if not_modified(request.headers, etag, rendered.modified):
            return Response(status_code=304, headers=headers)
    if encoding != "identity":
        headers["content-encoding"] = encoding
    return Response(
        rendered.body(encoding),
        status_code=rendered.status,
        headers=headers,
        media_type="text/html; charset=utf-8",
    )


async def not_found(request: Request, exc: Exception) -> Response:
    """The localized 404 page, for paths no route serves (missing static files too)."""
    website: Website = request.app.state.website
    pages: RenderedPages = request.app.state.pages
    return rendered_response(
        request, pages.not_found(website.registry.locale_for_path(request.url.path))
    )


async def page(request: Request) -> Response:
    website: Website = request.app.state.website
    path = request.url.path  # the query string plays no part: it never makes a new page
    found = website.registry.resolve(path)
    if found is not None:
        return rendered_response(request, request.app.state.pages.get(found))
    target = website.registry.redirect_target(path)
    if target is not None:
        query = request.url.query
        return RedirectResponse(f"{target}?{query}" if query else target, status_code=301)
    return await not_found(request, LookupError(path))
