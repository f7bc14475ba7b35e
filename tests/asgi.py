"""Calling the app as a server would: exact raw paths and header bytes, no client normalisation.

HTTP clients clean a URL before sending it (``/static/../x`` becomes ``/x``,
``%2e`` may be decoded), so hostile requests are built here as ASGI scopes,
with ``path`` decoded from ``raw_path`` the way uvicorn does.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.types import ASGIApp

from service.render.website import Website
from service.web.app import create_app
from service.web.security import SecurityMiddleware, SecurityPolicy


@dataclass(frozen=True)
class Reply:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    def header(self, name: bytes) -> bytes | None:
        return next((value for key, value in self.headers if key == name), None)


def secured_app(website: Website) -> tuple[ASGIApp, Starlette]:
    """The site's app behind ``SecurityMiddleware`` (as is, once ``create_app`` adds it).

    Returns the app to call and the Starlette app inside, whose sitemaps the
    caller closes (no lifespan runs in-process).
    """
    app = create_app(website)
    if any(m.cls is SecurityMiddleware for m in app.user_middleware):
        return app, app
    return SecurityMiddleware(app, policy=SecurityPolicy.for_website(website)), app


def call_asgi(
    app: ASGIApp,
    raw_path: bytes,
    *,
    method: str = "GET",
    query: bytes = b"",
    headers: list[tuple[bytes, bytes]] | None = None,
    body: bytes = b"",
) -> Reply:
    """One request through ``app`` with exactly these bytes; the whole reply."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": unquote(raw_path.decode("ascii")),
        "raw_path": raw_path,
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"testserver")] if headers is None else headers,
        "server": ("testserver", 80),
        "client": ("203.0.113.9", 40000),
    }
    sent: list[dict[str, Any]] = []
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def run() -> None:
        finished = asyncio.Event()

        async def receive() -> dict[str, Any]:
            if pending:
                return pending.pop()
            await finished.wait()  # the client stays connected until the reply is whole
            return {"type": "http.disconnect"}

        async def send(message: Any) -> None:
            sent.append(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                finished.set()

        await app(scope, receive, send)

    asyncio.run(run())
    start = sent[0]
    assert start["type"] == "http.response.start"
    return Reply(
        status=start["status"],
        headers=[(bytes(k), bytes(v)) for k, v in start.get("headers", [])],
        body=b"".join(m.get("body", b"") for m in sent[1:]),
    )
