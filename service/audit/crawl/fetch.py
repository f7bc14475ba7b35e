"""Fetching one URL within limits: one deadline, capped bytes, redirects that stay on the site.

A site we audit may be slow, broken or hostile; nothing it sends may raise out
of here, and nothing may cost more than the limits allow:

- one deadline for the whole request (connect, headers and body together), so
  a server sending a byte a second cannot keep the timeout from firing;
- bodies decompressed here, a bounded piece at a time, stopping at the byte cap
  and at the inflation ratio, so a 5 MB gzip bomb never becomes 5 GB;
- redirects followed by hand: a hop to another host is reported, not fetched,
  and chains and loops are recorded.

Every outcome, good or bad, is a ``Fetched``.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import httpx2

from service.audit.config import AuditConfig
from service.audit.urls import InvalidURL, checked_url, origin
from service.errors import NearmeError

HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECTS = (301, 302, 303, 307, 308)
_STEP = 64 * 1024  # decompressed bytes produced at a time
_GZIP_MAGIC = b"\x1f\x8b"


class TargetError(NearmeError):
    """The audit target cannot be reached or read at all."""


class _Limit(Exception):
    """A byte cap or the inflation ratio was reached."""


@dataclass
class Fetched:
    url: str  # the URL that answered (after any redirects followed)
    status: int | None
    headers: dict[str, str]
    body: bytes | None
    error: str = ""
    redirected_from: str | None = None
    hops: tuple[str, ...] = ()  # the URLs that redirected on the way, first requested first
    offsite: str | None = None  # where a redirect would have left the site; not followed
    truncated: bool = False  # the body was cut at the cap (robots.txt)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES or (
            not self.content_type
            and (self.body or b"").lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))
        )


class Decoder:
    """Bytes as received -> bytes as meant: content-encoding (and a gzip file) undone, a
    piece at a time, within a byte cap and an inflation ratio."""

    def __init__(self, encoding: str, *, cap: int, ratio: int, gunzip_body: bool) -> None:
        self.cap, self.ratio = cap, ratio
        self.received = self.produced = 0
        self.layers: list[zlib._Decompress] = []
        if encoding in ("gzip", "x-gzip", "deflate"):
            self.layers.append(zlib.decompressobj(wbits=47))  # gzip or zlib, as servers send
        elif encoding not in ("", "identity"):
            raise _Limit(f"content-encoding {encoding!r} was not asked for")
        # A .xml.gz sitemap is a gzip file, not an encoding: recognised by its first bytes.
        self.sniff = gunzip_body

    def feed(self, data: bytes) -> Iterator[bytes]:
        self.received += len(data)
        pieces: Iterable[bytes] = [data]
        for layer in self.layers:
            pieces = self._inflate(layer, pieces)
        for piece in pieces:
            if self.sniff and piece:
                self.sniff = False
                if piece[:2] == _GZIP_MAGIC:
                    layer = zlib.decompressobj(wbits=31)
                    self.layers.append(layer)
                    yield from self._count(self._inflate(layer, [piece]))
                    continue
            yield from self._count([piece])

    def _count(self, pieces: Iterable[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            self.produced += len(piece)
            if self.produced > self.cap:
                raise _Limit(f"over the {self.cap:,}-byte limit")
            if self.produced > 1_000_000 and self.produced > self.ratio * max(self.received, 1):
                raise _Limit(f"inflates more than {self.ratio}x (a decompression bomb?)")
            yield piece

    @staticmethod
    def _inflate(layer: zlib._Decompress, pieces: Iterable[bytes]) -> Iterator[bytes]:
        for data in pieces:
            while data:
                yield layer.decompress(data, _STEP)
                data = layer.unconsumed_tail


class Fetcher:
    def __init__(self, client: httpx2.AsyncClient, config: AuditConfig, origins: set[str]) -> None:
        self.client, self.config, self.origins = client, config, origins
        self._limit = asyncio.Semaphore(config.concurrency)

    def on_site(self, url: str) -> bool:
        return origin(url) in self.origins

    async def get(
        self,
        url: str,
        *,
        cap: int | None = None,
        truncate: bool = False,
        sink: Callable[[bytes], None] | None = None,
        gunzip_body: bool = False,
    ) -> Fetched:
        """GET ``url`` within the request deadline; ``sink`` takes the body as it comes."""
        limits = self.config.limits
        async with self._limit:
            try:
                async with asyncio.timeout(limits.request_seconds):
                    return await self._follow(
                        url, cap or limits.max_page_bytes, truncate, sink, gunzip_body
                    )
            except TimeoutError:
                return Fetched(
                    url, None, {}, None, f"no complete answer within {limits.request_seconds:g} s"
                )
            except httpx2.HTTPError as exc:
                return Fetched(url, None, {}, None, f"request failed: {exc.__class__.__name__}")
            except (OSError, ValueError, UnicodeError, OverflowError) as exc:
                return Fetched(url, None, {}, None, f"request failed: {exc.__class__.__name__}")

    async def _follow(
        self,
        url: str,
        cap: int,
        truncate: bool,
        sink: Callable[[bytes], None] | None,
        gunzip_body: bool,
    ) -> Fetched:
        hops: list[str] = []
        current = url
        for _ in range(self.config.limits.max_redirects + 1):
            async with self.client.stream("GET", current) as response:
                headers = {k.lower(): v for k, v in response.headers.items()}
                status = response.status_code
                location = headers.get("location")
                if status in REDIRECTS and location:
                    try:
                        target = checked_url(location, current)
                    except InvalidURL as exc:
                        return self._stop(
                            current, status, headers, hops, f"redirects to a URL that {exc}"
                        )
                    if not self.on_site(target):
                        found = self._stop(current, status, headers, hops, "")
                        found.offsite = target
                        return found
                    if target == current or target in hops:
                        return self._stop(
                            current, status, headers, hops, f"redirect loop back to {target}"
                        )
                    hops.append(current)
                    current = target
                    continue
                body, error, truncated = await self._read(
                    response, headers, cap, truncate, sink, gunzip_body
                )
                return Fetched(
                    current,
                    status,
                    headers,
                    body,
                    error,
                    redirected_from=hops[0] if hops else None,
                    hops=tuple(hops),
                    truncated=truncated,
                )
        return self._stop(
            current, None, {}, hops, f"more than {self.config.limits.max_redirects} redirects"
        )

    @staticmethod
    def _stop(
        url: str, status: int | None, headers: dict[str, str], hops: list[str], error: str
    ) -> Fetched:
        return Fetched(
            url,
            status,
            headers,
            None,
            error,
            redirected_from=hops[0] if hops else None,
            hops=tuple(hops),
        )

    async def _read(
        self,
        response: httpx2.Response,
        headers: dict[str, str],
        cap: int,
        truncate: bool,
        sink: Callable[[bytes], None] | None,
        gunzip_body: bool,
    ) -> tuple[bytes | None, str, bool]:
        """(body, error, truncated): the body decoded, or what stopped it."""
        declared = headers.get("content-length", "")
        encoding = headers.get("content-encoding", "").strip().lower()
        if declared.isdigit() and int(declared) > cap and not truncate and not encoding:
            return None, f"the body is {int(declared):,} bytes, over the {cap:,}-byte limit", False
        limits = self.config.limits
        chunks: list[bytes] = []
        try:
            decoder = Decoder(
                encoding, cap=cap, ratio=limits.max_inflation_ratio, gunzip_body=gunzip_body
            )
            async for raw in response.aiter_raw():
                for chunk in decoder.feed(raw):
                    if sink is not None:
                        sink(chunk)
                    else:
                        chunks.append(chunk)
        except _Limit as limit:
            if truncate and str(limit).startswith("over"):
                return b"".join(chunks)[:cap], "", True
            return None, str(limit), False
        except zlib.error:
            return None, "the body does not decompress", False
        return (None if sink is not None else b"".join(chunks)), "", False


def request_headers(url: str, config: AuditConfig) -> dict[str, str]:
    """Our user agent, and the encodings we decompress ourselves (none on loopback, where
    compressing only spends CPU on both ends)."""
    import ipaddress
    from urllib.parse import urlsplit

    headers = {"user-agent": config.user_agent, "accept-encoding": "gzip, deflate"}
    host = (urlsplit(url).hostname or "").lower()
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if loopback:
        headers["accept-encoding"] = "identity"
    return headers
