"""Fetching one URL with limits: a size cap, a timeout, and errors turned into results.

A site we audit may be slow, broken or hostile; nothing it sends may raise
out of here. Every outcome, good or bad, is a ``Fetched``.
"""

from __future__ import annotations

import asyncio
import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx2

from service.audit.config import AuditConfig
from service.errors import NearmeError

HTML_TYPES = ("text/html", "application/xhtml+xml")


class TargetError(NearmeError):
    """The audit target cannot be reached or read at all."""


@dataclass
class Fetched:
    url: str  # final URL
    status: int | None
    headers: dict[str, str]
    body: bytes | None
    error: str = ""
    redirected_from: str | None = None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES or (
            not self.content_type
            and (self.body or b"").lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))
        )


def request_headers(url: str, config: AuditConfig) -> dict[str, str]:
    """Headers for crawling ``url``: our user agent, and no compression on loopback.

    Compression saves bandwidth on a network; on this machine it only spends CPU
    on both ends, which the crawl needs for parsing.
    """
    headers = {"user-agent": config.user_agent}
    host = (urlsplit(url).hostname or "").lower()
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if loopback:
        headers["accept-encoding"] = "identity"
    return headers


def origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def same_site(url: str, site_origin: str) -> bool:
    return url == site_origin or url.startswith(site_origin + "/")


class Fetcher:
    def __init__(self, client: httpx2.AsyncClient, config: AuditConfig) -> None:
        self.client, self.config = client, config
        self._limit = asyncio.Semaphore(config.concurrency)

    async def get(self, url: str) -> Fetched:
        cap = self.config.thresholds.max_page_bytes
        async with self._limit:
            try:
                async with self.client.stream("GET", url) as response:
                    headers = {k.lower(): v for k, v in response.headers.items()}
                    declared = int(headers.get("content-length") or 0)
                    redirected = str(response.history[0].request.url) if response.history else None
                    final = str(response.url)
                    if declared > cap:
                        return Fetched(
                            final,
                            response.status_code,
                            headers,
                            None,
                            f"page is {declared:,} bytes, over the {cap:,}-byte limit",
                            redirected,
                        )
                    chunks, size = [], 0
                    async for chunk in response.aiter_bytes():
                        size += len(chunk)
                        if size > cap:
                            return Fetched(
                                final,
                                response.status_code,
                                headers,
                                None,
                                f"page is over the {cap:,}-byte limit",
                                redirected,
                            )
                        chunks.append(chunk)
                    return Fetched(
                        final,
                        response.status_code,
                        headers,
                        b"".join(chunks),
                        redirected_from=redirected,
                    )
            except httpx2.TimeoutException:
                return Fetched(url, None, {}, None, "timed out")
            except httpx2.HTTPError as exc:
                return Fetched(
                    url,
                    None,
                    {},
                    None,
                    f"request failed: {exc.__class__.__name__}"
                    f"{': ' + str(exc) if str(exc) else ''}",
                )
