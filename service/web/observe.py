"""One look at every request on its way out, for the access log and the metrics.

``RequestObserver`` is the outermost middleware, so what it sees is what the
client got: the security middleware's 413s and 414s, the 500 it answers for
an error, the page cache's answers and everything the router sends. It is
left out of the app when neither the access log nor the metrics are on.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.web.access_log import AccessLog
from service.web.crawlers import claimed_crawler

if TYPE_CHECKING:  # prometheus-client is imported only when metrics are on
    from service.web.metrics import Metrics

# Set by the page cache on the requests it answers: the page's kind.
PAGE_KIND = "nearme.page_kind"


def page_kind(scope: Scope, status: int) -> str:
    """The kind of what was answered: a page kind, or what else the path is."""
    kind: str | None = scope.get(PAGE_KIND)
    if kind is not None:
        return kind
    path: str = scope["path"]
    if status in (301, 308):
        return "redirect"
    if path.startswith("/static/"):
        return "static"
    if path.startswith("/sitemap"):
        return "sitemap"
    if path == "/robots.txt":
        return "robots"
    if path in ("/healthz", "/readyz"):
        return "probe"
    if status == 404:
        return "not_found"
    return "other"


def _user_agent(scope: Scope) -> bytes:
    for name, value in scope["headers"]:
        if name == b"user-agent":
            return bytes(value)
    return b""


def _encoding(headers: list[tuple[bytes, bytes]]) -> str:
    for name, value in headers:
        if name == b"content-encoding":
            return str(value.decode("latin-1"))
    return "identity"


class RequestObserver:
    """Times each HTTP request, counts the bytes sent, and records them once it is done."""

    def __init__(
        self, app: ASGIApp, *, access_log: AccessLog | None = None, metrics: Metrics | None = None
    ) -> None:
        self.app = app
        self.access_log = access_log
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0  # none sent: the client left, or the app failed before answering
        sent = 0
        encoding = "identity"
        metrics = self.metrics

        async def observed_send(message: Message) -> None:
            nonlocal status, sent, encoding
            if message["type"] == "http.response.start":
                status = message["status"]
                if metrics is not None:
                    encoding = _encoding(message.get("headers", ()))
            else:
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, observed_send)
        finally:
            seconds = time.perf_counter() - started
            if scope["method"] == "HEAD":
                sent = 0  # some responses hand over a body anyway; the server drops it
            crawler = claimed_crawler(_user_agent(scope))
            if self.access_log is not None:
                self.access_log.record(
                    scope["method"], scope["path"], status, sent, seconds, crawler
                )
            if metrics is not None:
                metrics.observe_request(
                    page_kind(scope, status), status, encoding, seconds, crawler
                )
