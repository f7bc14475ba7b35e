"""Crawl a live site over HTTP: the client the crawl uses, set up once."""

from __future__ import annotations

import httpx2

from service.audit.config import AuditConfig
from service.audit.crawl.crawler import Progress, crawl
from service.audit.crawl.fetch import request_headers
from service.audit.crawl.workers import parse_workers
from service.audit.model import Crawl
from service.settings import validate_base_url


async def crawl_url(url: str, config: AuditConfig, progress: Progress | None = None) -> Crawl:
    validate_base_url(url.split("?")[0].split("#")[0])  # a clear message for a malformed URL
    limits = httpx2.Limits(max_connections=config.concurrency)
    # Redirects are followed by hand (to stay on the site); the fetcher holds one deadline
    # per request, so httpx's own timeouts are only a backstop.
    async with httpx2.AsyncClient(
        follow_redirects=False,
        timeout=config.limits.request_seconds + 5,
        limits=limits,
        headers=request_headers(url, config),
    ) as client:
        return await crawl(client, url, config, progress=progress, parse_workers=parse_workers())
