"""The Starlette application: the route table and the page endpoint."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service import PROJECT_ROOT
from service.settings import Settings, load_settings
from service.website import Website, open_website

STATIC_DIR = PROJECT_ROOT / "static"


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


def create_app(website: Website) -> Starlette:
    routes = [
        Route("/healthz", healthz, methods=["GET", "HEAD"]),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
        Route("/{path:path}", page, methods=["GET", "HEAD"]),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found})
    app.state.website = website
    if not website.settings.is_production:
        app.add_middleware(NoIndexMiddleware)
    return app


def app_from_environment(settings: Settings | None = None) -> Starlette:
    """The factory uvicorn calls (``service.app:app_from_environment``)."""
    return create_app(open_website(settings or load_settings()))
