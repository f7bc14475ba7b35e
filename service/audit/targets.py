"""Where pages come from: a live site crawled over HTTP, our app in-process, or local files.

A live crawl starts at robots.txt, reads every sitemap it names (indexes and
gzip too), then follows same-site links, with a concurrency limit and a page
cap, never requesting what robots.txt disallows. The in-process audit is the
same crawl over an ASGI transport, seeded with every page of the registry.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import gzip
import ipaddress
import os
import secrets
import zlib
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx2
from lxml import etree
from protego import Protego

from service.audit.config import AuditConfig
from service.audit.document import Document
from service.audit.site_checks import Crawl
from service.audit.workers import WorkerLost, WorkerPool
from service.errors import NearmeError

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MAX_SITEMAPS = 1_000
HTML_TYPES = ("text/html", "application/xhtml+xml")
Progress = Callable[[int, int], None]  # (done, known so far)


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


def parse_workers() -> int:
    """Worker processes for parsing: one per core the OS grants us, none on one core."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cores = os.cpu_count() or 1
    return cores if cores > 1 else 0


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


def to_document(fetched: Fetched, *, probe: bool = False) -> Document:
    extra: dict[str, Any] = {
        "headers": fetched.headers,
        "redirected_from": fetched.redirected_from,
        "content_type": fetched.content_type,
        "probe": probe,
    }
    if fetched.error or fetched.body is None:
        return Document.failed(fetched.url, fetched.status, fetched.error or "no body", **extra)
    if not fetched.is_html:
        return Document(url=fetched.url, status=fetched.status, **extra)
    return Document.parse(fetched.url, fetched.status, _decoded(fetched), **extra)


def analyse_page(fetched: Fetched, config: AuditConfig) -> Document:
    """Parse a page and work out all that is known of it alone: what a worker process does.

    That is its page checks and what the site checks need from it, so the page's
    text need not travel back.
    """
    from service.audit.runner import check_page
    from service.audit.site_checks import content_minhash, page_nap

    doc = to_document(fetched)
    doc.findings = check_page(doc, config)
    if doc.ok:
        doc.minhash = content_minhash(doc)
        doc.nap = page_nap(doc)
    doc.body_text = doc.main_text = ""
    for derived in ("main_tokens", "lower_body", "matchable_body"):
        doc.__dict__.pop(derived, None)
    return doc


def _decoded(fetched: Fetched) -> str | bytes:
    """Text when the charset is declared or the body is valid UTF-8; else bytes, for bs4 to sniff.

    Handing BeautifulSoup text spares it a round of encoding detection on every page.
    """
    body = fetched.body or b""
    charset = ""
    for part in fetched.headers.get("content-type", "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset":
            charset = value.strip().strip('"')
    try:
        return body.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return body


def _sitemap_locs(body: bytes) -> tuple[list[str], list[str]]:
    """(child sitemaps, page URLs) in a sitemap or sitemap index, gzip or not."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError, zlib.error):
            return [], []
    try:
        root = etree.fromstring(
            body, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        )
    except etree.XMLSyntaxError:
        return [], []
    locs = [(el.text or "").strip() for el in root.iter(f"{SITEMAP_NS}loc")]
    if root.tag == f"{SITEMAP_NS}sitemapindex":
        return [loc for loc in locs if loc], []
    return [], [loc for loc in locs if loc]


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
        children, urls = _sitemap_locs(fetched.body)
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


def read_files(paths: list[Path], config: AuditConfig) -> Crawl:
    """Local HTML files, as pages of one site whose URLs are file:// URIs."""
    documents = []
    link_status: dict[str, int | None] = {}
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise TargetError(f"{path}: {exc.strerror or exc}") from None
        uri = path.resolve().as_uri()
        if len(data) > config.thresholds.max_page_bytes:
            documents.append(
                Document.failed(
                    uri, 200, f"file is over the {config.thresholds.max_page_bytes:,}-byte limit"
                )
            )
            continue
        doc = Document.parse(uri, 200, data)
        for link in doc.links:
            if link.startswith("file:"):
                target = Path(urlsplit(link).path)
                link_status[link] = 200 if target.exists() else 404
        documents.append(doc)
    return Crawl(documents=documents, link_status=link_status)
