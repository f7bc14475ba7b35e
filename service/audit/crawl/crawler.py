"""The crawl: a live site over HTTP, or our app in-process over an ASGI transport.

It starts at robots.txt, reads the sitemaps it names (indexes and gzip too),
then follows links on the site, level by level from the start page: each
level is fetched concurrently and the next one is sorted before it starts, so
the same site gives the same pages, in the same order, under the same caps,
every time. Only the start URL's origin (and hosts allowed by name) is ever
fetched; everything the limits, robots.txt or the site's own failures kept
out of the audit is counted in ``Crawl.stats`` and said in ``Crawl.notes``.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
from collections.abc import Callable, Iterable
from functools import partial
from urllib.parse import urlsplit

import httpx2

from service.audit.config import AuditConfig
from service.audit.crawl.analysis import analyse_page, failed_document, probe_document
from service.audit.crawl.fetch import Fetched, Fetcher, TargetError
from service.audit.crawl.robots import Robots
from service.audit.crawl.sitemaps import read_sitemaps
from service.audit.crawl.workers import WorkerLost, WorkerPool
from service.audit.document import Document
from service.audit.model import Crawl, CrawlEvent
from service.audit.urls import InvalidURL, checked_url, origin

Progress = Callable[[int, int], None]  # (done, known so far)


async def crawl(
    client: httpx2.AsyncClient,
    start: str,
    config: AuditConfig,
    *,
    seeds: Iterable[str] = (),
    progress: Progress | None = None,
    parse_workers: int = 0,
) -> Crawl:
    """Crawl the site of ``start``; raise ``TargetError`` if the start page cannot be audited.

    With ``parse_workers``, pages are parsed and checked in that many worker
    processes while the crawl goes on fetching: parsing is CPU-bound, and the
    fetching leaves cores idle.
    """
    # Every page becomes a parse tree and then garbage. Freezing what already lives
    # (content, templates, the vocabulary) spares the collector from walking it again
    # for every tree; unfrozen at the end so it can be freed as usual.
    gc.freeze()
    try:
        work = partial(analyse_page, config=config)
        pool = WorkerPool(parse_workers, work) if parse_workers > 0 else None
        async with pool if pool is not None else contextlib.nullcontext(None):
            return await _Crawler(client, start, config, pool, progress).run(seeds)
    finally:
        gc.unfreeze()


class _Crawler:
    def __init__(
        self,
        client: httpx2.AsyncClient,
        start: str,
        config: AuditConfig,
        pool: WorkerPool | None,
        progress: Progress | None,
    ) -> None:
        self.start, self.config, self.pool, self.progress = start, config, pool, progress
        self.limits = config.limits
        self.site = origin(start)
        hosts = {self.site}
        for host in config.allow_hosts:
            hosts |= {f"http://{host}", f"https://{host}"}
        self.fetcher = Fetcher(client, config, hosts)
        self.result = Crawl(documents=[])
        self.known: dict[str, int] = {}  # URL -> crawl level, in the order found
        self.variants: dict[tuple[str, str], int] = {}  # (origin, path) -> query strings seen
        self.pages: dict[str, Document] = {}
        self.done = 0
        self.deadline = (
            asyncio.get_running_loop().time() + self.limits.crawl_seconds
            if self.limits.crawl_seconds
            else None
        )

    # -- what to visit ---------------------------------------------------------------

    def note(self, text: str) -> None:
        if text not in self.result.notes:
            self.result.notes.append(text)

    def event(self, check: str, message: str, url: str | None, *urls: str) -> None:
        if len(self.result.events) < 10_000:
            self.result.events.append(
                CrawlEvent(check, message, url, (url, *urls) if url else urls)
            )
        else:
            self.note("more than 10,000 crawl findings; the rest were counted, not listed")

    def add(self, url: str, level: int) -> None:
        """Remember a URL on the site to visit at ``level``, within the limits."""
        if url in self.known:
            return
        if len(self.known) >= self.limits.max_known_urls:
            self.result.stats.skipped_cap += 1
            self.note(
                f"stopped taking new URLs at {self.limits.max_known_urls:,} known "
                "(limits.max_known_urls)"
            )
            return
        parts = urlsplit(url)
        if parts.query:
            key = (origin(url), parts.path)
            seen = self.variants.get(key, 0)
            if seen >= self.limits.max_query_variants:
                self.result.stats.skipped_cap += 1
                self.note(
                    f"followed at most {self.limits.max_query_variants} query strings per path "
                    "(limits.max_query_variants)"
                )
                return
            self.variants[key] = seen + 1
        self.known[url] = level

    # -- the crawl -------------------------------------------------------------------

    async def run(self, seeds: Iterable[str]) -> Crawl:
        robots = await Robots.load(self.fetcher, self.site, self.config)
        self.result.notes += robots.notes
        if not await robots.allowed(self.start):
            self.note(
                "robots.txt disallows the start URL: only the page asked for was audited, and "
                "every URL robots.txt disallows was left out (--ignore-robots audits a staging "
                "site)"
            )
        await self.read_sitemaps(robots)
        self.add(self.start, 0)
        for url in [*seeds, *self.result.sitemap_urls]:
            self.add(url, 1)
        concurrency = 1 if robots.delay else self.config.concurrency * 2
        level = 0
        while True:
            batch = sorted(url for url, at in self.known.items() if at == level)
            if not batch:
                break
            await self.visit_level(batch, level, robots, concurrency)
            level += 1
        self.finish()
        first = self.pages.get(self.result.redirects.get(self.start, self.start))
        if first is None or (first.status is None and first.fetch_error):
            reason = first.fetch_error if first else "not fetched"
            raise TargetError(f"{self.start}: cannot be audited ({reason})")
        digest = hashlib.sha256(self.site.encode()).hexdigest()[:8]
        probe = f"{self.site}/nearme-audit-probe-{digest}/"
        self.result.probes = [probe_document(await self.fetcher.get(probe), self.config)]
        return self.result

    async def read_sitemaps(self, robots: Robots) -> None:
        listed = []
        for value in robots.sitemaps:
            try:
                url = checked_url(value, f"{self.site}/robots.txt")
            except InvalidURL as exc:
                self.event("sitemap-invalid", f"robots.txt names a sitemap that is {exc}", None)
                continue
            if self.fetcher.on_site(url):
                listed.append(url)
            else:
                self.refuse("robots.txt names a sitemap on another host", url)
        sitemaps = await read_sitemaps(
            self.fetcher, listed or [f"{self.site}/sitemap.xml"], self.config, guessed=not listed
        )
        self.result.sitemap_urls = set(sitemaps.urls)
        self.result.sitemaps_found = sitemaps.found
        self.result.notes += sitemaps.notes
        for where, url in sitemaps.offsite:
            self.refuse(f"{where} lists a URL on another host", url)
        for where, value, why in sitemaps.invalid:
            self.event("sitemap-invalid", f"{where} lists {value!r}, which is {why}", None, where)
        for where, why in sitemaps.failed:
            self.event("sitemap-invalid", f"{where} could not be read: {why}", None, where)

    def refuse(self, why: str, url: str) -> None:
        self.result.stats.offsite += 1
        self.event("offsite-url", f"{why}: {url} (not fetched)", None, url)

    async def visit_level(
        self, batch: list[str], level: int, robots: Robots, concurrency: int
    ) -> None:
        pending: set[asyncio.Task[tuple[str, Fetched, Document | None]]] = set()
        queue = list(reversed(batch))
        while queue or pending:
            while queue and len(pending) < concurrency:
                if self.out_of_budget(len(pending)):
                    self.result.stats.skipped_cap += len(queue)
                    queue.clear()
                    break
                url = queue.pop()
                if url != self.start and not await robots.allowed(url):
                    self.result.stats.blocked_by_robots += 1
                    continue
                pending.add(asyncio.create_task(self.visit(url, robots.delay)))
            if not pending:
                break
            finished, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in finished:
                self.take(*task.result(), level)

    def out_of_budget(self, in_flight: int) -> bool:
        if len(self.pages) + in_flight >= self.limits.max_pages:
            self.note(
                f"stopped at the page cap ({self.limits.max_pages:,}); raise it with --max-pages"
            )
            return True
        if self.deadline is not None and asyncio.get_running_loop().time() > self.deadline:
            self.note(f"stopped at the crawl's deadline ({self.limits.crawl_seconds:g} s)")
            return True
        return False

    async def visit(self, url: str, delay: float) -> tuple[str, Fetched, Document | None]:
        if delay:
            await asyncio.sleep(delay)
        fetched = await self.fetcher.get(url)
        if not fetched.is_html and url != self.start and not fetched.error and not fetched.offsite:
            return url, fetched, None  # an image or a PDF someone linked: its status is enough
        if fetched.offsite:
            return url, fetched, None
        if self.pool is not None:
            try:
                return url, fetched, await self.pool.run(fetched)
            except WorkerLost as lost:
                # The page is reported, not parsed here: it may take this process down too.
                return url, fetched, failed_document(fetched, f"could not be parsed ({lost})")
        return url, fetched, analyse_page(fetched, self.config)

    def take(self, requested: str, fetched: Fetched, doc: Document | None, level: int) -> None:
        result = self.result
        result.link_status[requested] = fetched.status
        self.done += 1
        if fetched.offsite:
            result.stats.offsite += 1
            self.event(
                "redirect-offsite",
                f"redirects to {fetched.offsite}, on another host (not followed)",
                requested,
                fetched.offsite,
            )
        if fetched.error.startswith("redirect loop"):
            self.event("redirect-loop", f"{requested}: {fetched.error}", requested)
        elif len(fetched.hops) >= 2:
            chain = " -> ".join([*fetched.hops, fetched.url])
            self.event("redirect-chain", f"{len(fetched.hops)} redirects: {chain}", requested)
        if doc is None:
            return
        if fetched.url != requested:
            result.redirects[requested] = fetched.url
        if fetched.url in self.pages:
            return  # reached again through a redirect
        if doc.fetch_error:
            result.stats.failed += 1
        self.pages[fetched.url] = doc
        result.keep_signature(doc)
        if doc.links_dropped:
            self.note(
                f"kept the first {self.limits.max_links_per_page:,} links of pages with more "
                "(limits.max_links_per_page)"
            )
        if doc.ok:
            for link in doc.links:
                if self.fetcher.on_site(link):
                    result.linked_urls.add(link)
                    self.add(link, level + 1)
        if self.progress:
            self.progress(self.done, len(self.known))

    def finish(self) -> None:
        result = self.result
        stats = result.stats
        stats.found = len(self.known)
        stats.audited = len(self.pages)
        # By crawl level, then URL: the same order however the requests happened to finish.
        order = {url: (level, url) for url, level in self.known.items()}
        for requested, final in sorted(result.redirects.items()):
            order.setdefault(final, order.get(requested, (len(order), final)))
        result.documents = [
            self.pages[url] for url in sorted(self.pages, key=lambda u: order.get(u, (0, u)))
        ]
