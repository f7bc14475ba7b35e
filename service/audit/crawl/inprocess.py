"""Audit our own site without a server: the app answers over an ASGI transport.

The site is audited as production serves it (no staging ``noindex``, a
robots.txt that allows crawling), and each page's disclaimer is the one the
content defines for its locale.
"""

from __future__ import annotations

from dataclasses import replace

import httpx2

from service.audit.config import AuditConfig
from service.audit.crawl.crawler import Progress, crawl
from service.audit.crawl.workers import parse_workers
from service.audit.model import Crawl
from service.render.website import Website
from service.settings import Environment
from service.web.app import create_app


def disclaimers_of(website: Website) -> dict[str, tuple[str, ...]]:
    return {code: (text,) for code, text in website.site.disclaimer.items()}


async def crawl_website(
    website: Website, config: AuditConfig, progress: Progress | None = None
) -> tuple[Crawl, AuditConfig]:
    production = website.in_environment(Environment.production)
    app = create_app(production)
    pages = [page.url for page in production.registry.pages()]
    config = replace(
        config,
        disclaimers={**disclaimers_of(website), **config.disclaimers},
        limits=replace(config.limits, max_pages=max(config.limits.max_pages, len(pages) + 100)),
    )
    base = website.registry.base_url
    transport = httpx2.ASGITransport(app=app)
    try:
        # No compression: in-process it would only cost time at both ends.
        async with httpx2.AsyncClient(
            transport=transport,
            base_url=base,
            headers={"accept-encoding": "identity"},
        ) as client:
            result = await crawl(
                client,
                f"{base}/",
                config,
                seeds=pages,
                progress=progress,
                parse_workers=parse_workers(),
            )
    finally:
        app.state.sitemaps.close()
    return result, config
