"""The crawl: a live site over HTTP, or our app in-process over an ASGI transport.

A live crawl starts at robots.txt, reads every sitemap it names (indexes and
gzip too), then follows same-site links, with a concurrency limit and a page
cap, never requesting what robots.txt disallows. The in-process audit is the
same crawl over an ASGI transport, seeded with every page of the registry.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import secrets
from collections import deque
from collections.abc import Callable, Iterable
from functools import partial

import httpx2
from protego import Protego

from service.audit.config import AuditConfig
from service.audit.crawl.analysis import analyse_page, to_document
from service.audit.crawl.fetch import Fetched, Fetcher, TargetError, origin, same_site
from service.audit.crawl.sitemaps import MAX_SITEMAPS, sitemap_locs
from service.audit.crawl.workers import WorkerLost, WorkerPool
from service.audit.document import Document
from service.audit.model import Crawl

Progress = Callable[[int, int], None]  # (done, known so far)


async def crawl(
    client: httpx2.AsyncClient,
    start: str,
    config: AuditConfig,
    *,
    seeds: Iterable[str] = (),
    follow_links: bool = True,
    progress: Progress | None = None,
    parse_workers: int = 0,
) -> Crawl:
    """Crawl the site of ``start``; raise ``TargetError`` if the start page cannot be fetched.

    With ``parse_workers``, pages are parsed and checked in that many worker
    processes while the crawl goes on fetching: parsing is CPU-bound, and the
    fetching leaves cores idle.
    """
    # Every page becomes a parse tree and then garbage. Freezing what already lives
    # (content, templates, the vocabulary) spares the collector from walking it again
    # for every tree; unfrozen at the end so it can be freed as usual.
    gc.freeze()
    try:
        workers = (
            WorkerPool(parse_workers, partial(analyse_page, config=config))
            if parse_workers > 0
            else contextlib.nullcontext(None)
        )
        async with workers as pool:
            return await _crawl(
                client,
                start,
                config,
                seeds=seeds,
                follow_links=follow_links,
                progress=progress,
                pool=pool,
            )
    finally:
        gc.unfreeze()


async def _crawl(
    client: httpx2.AsyncClient,
    start: str,
    config: AuditConfig,
    *,
    seeds: Iterable[str],
    follow_links: bool,
    progress: Progress | None,
    pool: WorkerPool | None,
) -> Crawl:
    fetcher = Fetcher(client, config)
    site = origin(start)
    robots_response = await fetcher.get(f"{site}/robots.txt")
    robots_text = ""
    if robots_response.status == 200 and robots_response.body is not None:
        robots_text = robots_response.body.decode("utf-8", "replace")
    robots = Protego.parse(robots_text)
    agent = config.user_agent

    def allowed(url: str) -> bool:
        return robots.can_fetch(url, agent)

    result = Crawl(documents=[])
    sitemap_queue = list(robots.sitemaps) or [f"{site}/sitemap.xml"]
    seen_sitemaps: set[str] = set()
    while sitemap_queue and len(seen_sitemaps) < MAX_SITEMAPS:
        sitemap_url = sitemap_queue.pop(0)
        if sitemap_url in seen_sitemaps:
            continue
        seen_sitemaps.add(sitemap_url)
        fetched = await fetcher.get(sitemap_url)
        if fetched.status != 200 or fetched.body is None:
            continue
        children, urls = sitemap_locs(fetched.body)
        if children or urls:
            result.sitemaps_found = True
        sitemap_queue += children
        result.sitemap_urls.update(urls)

    queue = deque(dict.fromkeys([start, *seeds, *sorted(result.sitemap_urls)]))
    queued = dict.fromkeys(queue)  # insertion-ordered: the report lists pages as found
    done = 0
    pages: dict[str, Document] = {}

    async def visit(url: str) -> tuple[str, Fetched, Document | None]:
        fetched = await fetcher.get(url)
        if not fetched.is_html and url != start and not fetched.error:
            return url, fetched, None  # an image or a PDF someone linked: its status is enough
        if pool is not None:
            try:
                return url, fetched, await pool.run(fetched)
            except WorkerLost:
                pass  # a worker died (out of memory, say): parse the page here instead
        return url, fetched, to_document(fetched)

    pending: set[asyncio.Task[tuple[str, Fetched, Document | None]]] = set()
    while queue or pending:
        while (
            queue
            and len(pending) < config.concurrency * 2
            and len(pages) + len(pending) < (config.max_pages)
        ):
            url = queue.popleft()
            if url != start and not allowed(url):
                continue
            pending.add(asyncio.create_task(visit(url)))
        if not pending:
            break
        finished, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for task in finished:
            requested, fetched, doc = task.result()
            result.link_status[requested] = fetched.status
            done += 1
            if doc is None:
                continue
            if fetched.url != requested:
                result.redirects[requested] = fetched.url
            if fetched.url in pages:
                continue  # reached again through a redirect
            pages[fetched.url] = doc
            if follow_links and doc.ok:
                for link in doc.links:
                    if same_site(link, site) and link not in queued:
                        queued[link] = None
                        result.linked_urls.add(link)
                        queue.append(link)
                    elif same_site(link, site):
                        result.linked_urls.add(link)
            if progress:
                progress(done, done + len(queue) + len(pending))
    result.unvisited = sum(1 for url in queue if allowed(url))
    first = pages.get(result.redirects.get(start, start))
    if first is None or (first.status is None and first.fetch_error):
        reason = first.fetch_error if first else "not fetched"
        raise TargetError(f"{start}: cannot be audited ({reason})")
    order = {url: i for i, url in enumerate(queued)}
    for requested, final in result.redirects.items():
        order.setdefault(final, order.get(requested, len(order)))
    result.documents = [pages[u] for u in sorted(pages, key=lambda u: order.get(u, 0))]
    probe_url = f"{site}/nearme-audit-probe-{secrets.token_hex(4)}/"
    result.probes = [to_document(await fetcher.get(probe_url), probe=True)]
    return result
