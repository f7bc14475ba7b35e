"""Pages answered straight from the rendered-page cache, ahead of routing.

Serving a page is a dictionary lookup and two ``send`` calls; going through
Starlette's router and its Request and Response objects cost more than half
of the request's time. This ASGI middleware sits inside the security and
``noindex`` middleware (their headers still apply) and answers GET and HEAD
for every canonical page path; everything else — redirects from other
spellings, 404s, robots.txt, sitemaps, static files — goes on to the router.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from service.http_cache import not_modified
from service.rendered import Rendered, RenderedPages, choose_encoding

_READ = {b"accept-encoding", b"if-none-match", b"if-modified-since"}


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
    """Answer GET and HEAD for every page from ``app.state.pages`` (see ``service.rendered``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            # Read at request time: a reload swaps in another site's pages.
            pages: RenderedPages = scope["app"].state.pages
            rendered = pages.for_path(scope["path"])
            if rendered is not None:
                await send_rendered(scope, send, rendered, read_headers(scope))
                return
        await self.app(scope, receive, send)
