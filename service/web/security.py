"""Security headers on every response, and request limits enforced before any routing.

``SecurityMiddleware`` is a pure ASGI middleware meant to be the outermost
layer, so that its headers reach every response — pages, redirects, 404s,
405s, static files, sitemaps and the 500s it answers itself — and its limits
refuse an oversized request before any other code looks at it.

The headers themselves, and why the Content-Security-Policy reads as it does,
are in ``service.output.headers``, which the static export reads too. The
header list is built once per site (``SecurityPolicy``): per response the
middleware only compares a handful of header names and appends. It sits in
front of the hot path and costs about 2 µs a request.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.output.headers import Header, security_headers, site_style_hashes

if TYPE_CHECKING:
    from service.render.website import Website

# Pages are GET/HEAD only: no legitimate request carries a body worth reading.
MAX_BODY_BYTES = 64 * 1024
# The longest canonical path is a few dozen bytes; 2 KiB leaves room for
# tracking junk while keeping pathological paths away from routing and the file system.
MAX_PATH_BYTES = 2048
# The query is echoed only into redirects; 8 KiB is what common servers allow a request line.
MAX_QUERY_BYTES = 8192


class SecurityPolicy:
    """The security headers of one site, built once and shared by every request.

    ``nearme serve --reload`` swaps in a new site when a template changes, and
    with it possibly a new inline style: ``use_style_hashes`` rebuilds the
    headers and replaces them in one assignment, so a request sees the old set
    or the new one, never a mix.
    """

    def __init__(self, *, production: bool, style_hashes: Iterable[str] = ()) -> None:
        self.production = production
        self.current: tuple[tuple[Header, ...], frozenset[bytes]] = ((), frozenset())
        self.use_style_hashes(style_hashes)

    @classmethod
    def for_website(cls, website: Website) -> SecurityPolicy:
        return cls(
            production=website.settings.is_production, style_hashes=site_style_hashes(website)
        )

    def use_style_hashes(self, style_hashes: Iterable[str]) -> None:
        headers = security_headers(production=self.production, style_hashes=style_hashes)
        self.current = (headers, frozenset(name for name, _ in headers))

    @property
    def headers(self) -> tuple[Header, ...]:
        return self.current[0]


class _LimitedBody:
    """``receive`` for a body sent without Content-Length: counts it, and cuts it off.

    Past the limit the app is told the client has gone (``http.disconnect``)
    and nothing more is read. That stops any app cleanly wherever it is
    reading: Starlette's body readers raise ``ClientDisconnect``, and file and
    streaming responses, which read ``receive`` to notice a disconnect, stop.
    """

    __slots__ = ("exceeded", "limit", "receive", "received")

    def __init__(self, receive: Receive, limit: int) -> None:
        self.receive, self.limit = receive, limit
        self.received = 0
        self.exceeded = False

    async def __call__(self) -> Message:
        if self.exceeded:
            return {"type": "http.disconnect"}
        message = await self.receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                self.exceeded = True
                return {"type": "http.disconnect"}
        return message


class SecurityMiddleware:
    """Adds the policy's headers to every HTTP response and enforces request limits.

    Limits: a path longer than ``max_path_bytes`` or a query longer than
    ``max_query_bytes`` is answered 414 before routing. A body announced
    larger than ``max_body_bytes`` by Content-Length is answered 413 without
    being read; one streamed without Content-Length is cut off as soon as
    what the app has read passes the limit, and answered 413 if the app had
    not started its response. A body the app never reads, as no page does,
    is never read at all.

    A header the inner app already set (say, a stricter CSP on one response)
    is kept, not duplicated. An unhandled exception before the response
    started is answered with a 500 that carries the headers, then re-raised
    so the server still logs it.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        policy: SecurityPolicy,
        max_body_bytes: int = MAX_BODY_BYTES,
        max_path_bytes: int = MAX_PATH_BYTES,
        max_query_bytes: int = MAX_QUERY_BYTES,
    ) -> None:
        self.app = app
        self.policy = policy
        self.max_body_bytes = max_body_bytes
        self.max_path_bytes = max_path_bytes
        self.max_query_bytes = max_query_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        raw_path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8", "replace")
        if (
            len(raw_path) > self.max_path_bytes
            or len(scope.get("query_string", b"")) > self.max_query_bytes
        ):
            await self._refuse(scope, send, 414, b"URI Too Long", close=False)
            return

        content_length: bytes | None = None
        for name, value in scope["headers"]:
            if name == b"content-length":
                content_length = value
                break
        body: _LimitedBody | None = None
        if content_length is None:
            body = _LimitedBody(receive, self.max_body_bytes)
            receive = body
        # Servers reject a malformed length before the app runs, but not every server.
        elif not content_length.strip().isdigit():
            await self._refuse(scope, send, 400, b"Bad Request")
            return
        elif int(content_length) > self.max_body_bytes:
            await self._refuse(scope, send, 413, b"Content Too Large")
            return
        # Otherwise the server delivers no more than Content-Length: nothing to guard.

        response_started = False
        refused = False
        headers, names = self.policy.current

        async def send_with_headers(message: Message) -> None:
            nonlocal response_started, refused
            if refused:
                return  # the rest of an answer already replaced by 413
            if message["type"] == "http.response.start":
                response_started = True
                if body is not None and body.exceeded:
                    # Whatever the app concluded from a body it never got whole
                    # (a 500 for ClientDisconnect, or worse, a 200), the answer is 413.
                    refused = True
                    await self._refuse(scope, send, 413, b"Content Too Large")
                    return
                existing = list(message.get("headers", ()))
                present = {name.lower() for name, _ in existing}
                if present.isdisjoint(names):
                    existing += headers
                else:
                    existing += [h for h in headers if h[0] not in present]
                message["headers"] = existing
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            if body is not None and body.exceeded:
                # The app failed only because the body was cut off: not a server error.
                if not response_started:
                    await self._refuse(scope, send, 413, b"Content Too Large")
                return
            if not response_started:
                await self._refuse(scope, send, 500, b"Internal Server Error", close=False)
            raise
        if body is not None and body.exceeded and not response_started:
            await self._refuse(scope, send, 413, b"Content Too Large")

    async def _refuse(
        self, scope: Scope, send: Send, status: int, reason: bytes, *, close: bool = True
    ) -> None:
        """A short plain-text error with the security headers, the request body left unread.

        ``connection: close`` by default because the client may still be
        sending a body nobody will read, so the connection cannot be reused.
        """
        body = reason + b"\n"
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode("ascii")),
            *self.policy.headers,
        ]
        if close:
            headers.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )
