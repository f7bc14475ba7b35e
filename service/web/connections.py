"""Bounded connections: uvicorn's httptools protocol with limits on request heads and on time.

uvicorn's httptools protocol accepts a request head of any size and any
number of header fields (the parser gathers a header value whole before
handing it over, so 20 connections each sending an endless 50 MB header took
a server from 88 MB to over 1 GB), and never closes a connection that
trickles a request in or sends nothing at all. ``BoundedHttpToolsProtocol``
keeps uvicorn's protocol and adds:

- **Head size**: a request line and header fields over ``MAX_HEAD_BYTES``
  are answered 431 and the connection closed, as soon as that many bytes of
  an unfinished head have arrived; so a connection holds at most that plus
  one socket read (256 KiB) of head.
- **Header count**: more than ``MAX_HEADERS`` fields, 431.
- **Request time**: a connection must deliver a whole request within
  ``REQUEST_SECONDS`` of opening, or of the first bytes of a request that did
  not arrive whole; otherwise it is answered 408 (or, if it sent nothing,
  closed without a word).
- **Idle time**: a keep-alive connection is closed ``IDLE_SECONDS`` after its
  last response (uvicorn's ``timeout_keep_alive``, given by `nearme serve`).
- **Half-open**: data the peer does not acknowledge for
  ``UNACKNOWLEDGED_SECONDS`` (a client that vanished without closing) ends
  the connection in the kernel (``TCP_USER_TIMEOUT``, on Linux).

h11 (uvicorn's other parser) has a head limit of its own but no timeouts
either, and serves about a third fewer requests a second here; the
measurements are in bench/RESULTS.md. A request that completes in one read,
as nearly all do, arms no timer: the limits cost well under a microsecond
a request.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

MAX_HEAD_BYTES = 32 * 1024
MAX_HEADERS = 100
REQUEST_SECONDS = 10.0
IDLE_SECONDS = 5
UNACKNOWLEDGED_SECONDS = 30

logger = logging.getLogger("nearme.connections")


class _Refused(Exception):
    """Raised inside a parser callback to stop parsing a request that will be refused."""


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_bytes = 0  # received since the current head began (unfinished heads)
        self._reading_head = True
        self._in_request = False  # between the first byte of a request and its last
        self._header_count = 0
        self._header_bytes = 0
        self._refusal: tuple[int, str] | None = None
        self._deadline: asyncio.TimerHandle | None = None

    # -- the connection ------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        sock = transport.get_extra_info("socket")
        if sock is not None and hasattr(socket, "TCP_USER_TIMEOUT"):
            # Not a TCP socket (a Unix socket): nothing to time out.
            with contextlib.suppress(OSError):
                sock.setsockopt(
                    socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, UNACKNOWLEDGED_SECONDS * 1000
                )
        self._arm()  # the first request, whole, within REQUEST_SECONDS

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refusal is not None:
            return  # refused: the rest of what the client sends is not read
        if self._reading_head:
            self._head_bytes += len(data)
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        except httptools.HttpParserError:
            if self._refusal is None:
                self.logger.warning("Invalid HTTP request received.")
                self._refuse(400, "Invalid HTTP request received.")
            else:
                self._refuse(*self._refusal)
            return
        if self._reading_head and self._head_bytes > MAX_HEAD_BYTES:
            self._refuse(431, f"Request header fields over {MAX_HEAD_BYTES // 1024} KiB.")
        elif self._in_request and self._deadline is None:
            self._arm()  # a request that did not arrive whole in one read

    # -- parser callbacks --------------------------------------------------------

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_request = True
        self._reading_head = True
        self._header_count = self._header_bytes = 0

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        self._header_bytes += len(name) + len(value) + 4  # ": " and CRLF
        if self._header_count > MAX_HEADERS:
            self._refusal = (431, f"More than {MAX_HEADERS} header fields.")
            raise _Refused
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        if len(self.url) + self._header_bytes > MAX_HEAD_BYTES:
            self._refusal = (431, f"Request header fields over {MAX_HEAD_BYTES // 1024} KiB.")
            raise _Refused
        self._reading_head = False
        self._head_bytes = 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._in_request = False
        self._disarm()
        super().on_message_complete()

    # -- time limits and refusals ----------------------------------------------------

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(REQUEST_SECONDS, self._request_timed_out)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _request_timed_out(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        answering = self.cycle is not None and self.cycle.response_started
        if self._in_request and not answering:
            self._refuse(408, f"The request did not arrive within {REQUEST_SECONDS:g} s.")
        else:
            self.transport.close()  # sent nothing, or is trickling a body we answered

    def _refuse(self, status: int, message: str) -> None:
        """A short plain-text answer, then close: what else the client sends goes unread."""
        self._refusal = (status, message)
        self._disarm()
        if status != 400:
            client = f"{self.client[0]}:{self.client[1]} - " if self.client else ""
            logger.warning("%s%d %s", client, status, message)
        body = message.encode("ascii") + b"\n"
        head = [STATUS_LINE[status]]
        for name, value in self.server_state.default_headers:
            head += [name, b": ", value, b"\r\n"]
        head.append(
            b"content-type: text/plain; charset=utf-8\r\n"
            b"x-content-type-options: nosniff\r\n"
            b"content-length: %d\r\nconnection: close\r\n\r\n" % len(body)
        )
        self.transport.write(b"".join(head) + body)
        self.transport.close()
