#!/usr/bin/env python3
"""The in-process audit against a bare BeautifulSoup parse of the same pages.

    python bench/bench_audit.py

Both run in this one process, interleaved, fastest of three each; the figure
that matters is the ratio. The audit side is everything `nearme audit` does
with no target: rendering every page through the app, fetching robots.txt and
the sitemaps, parsing each page once (in worker processes, one per core), every
page and site check. The bare side only parses the already-rendered HTML of the
same pages, in one process. Wall time is what a user waits; CPU time is shown
too, since the audit uses more than one core.
"""

from __future__ import annotations

import asyncio
import re
import resource
import time

import httpx2
from bs4 import BeautifulSoup
from starlette.testclient import TestClient

from service.audit.config import AuditConfig
from service.audit.crawl.inprocess import crawl_website
from service.audit.crawl.workers import parse_workers
from service.audit.runner import run_audit
from service.render.website import Website, open_website
from service.settings import Environment, load_settings
from service.web.app import create_app

REPEATS = 3


def cpu_seconds() -> float:
    """CPU used by this process and by its finished children (the parse workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


async def serve_only(website: Website) -> None:
    """What the app spends answering the audit's requests, with nothing parsed or checked.

    The same requests the in-process audit makes: robots.txt, the sitemaps, every
    page, and a 404 probe.
    """
    production = website.in_environment(Environment.production)
    app = create_app(production)
    base = website.registry.base_url
    async with httpx2.AsyncClient(
        transport=httpx2.ASGITransport(app=app),
        base_url=base,
        headers={"accept-encoding": "identity"},
    ) as client:
        await client.get("/robots.txt")
        index = await client.get("/sitemap.xml")
        for loc in re.findall(r"<loc>([^<]+)</loc>", index.text):
            await client.get(loc)
        for page in production.registry.pages():
            await client.get(page.url)
        await client.get("/nearme-audit-probe-0/")
    app.state.sitemaps.close()


def main() -> int:
    settings = load_settings()
    website = open_website(settings)
    with TestClient(create_app(website.in_environment(Environment.production))) as client:
        pages = [client.get(page.path).text for page in website.registry.pages()]

    bare_runs, audit_runs, serve_runs, audit_cpu = [], [], [], []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for html in pages:
            BeautifulSoup(html, "lxml")
        bare_runs.append(time.perf_counter() - start)

        fresh = open_website(settings)
        start = time.perf_counter()
        asyncio.run(serve_only(fresh))
        serve_runs.append(time.perf_counter() - start)

        fresh = open_website(settings)  # nothing cached from an earlier run
        cpu_before = cpu_seconds()
        start = time.perf_counter()
        crawl, config = asyncio.run(crawl_website(fresh, AuditConfig()))
        report = run_audit(crawl, config)
        audit_runs.append(time.perf_counter() - start)
        audit_cpu.append(cpu_seconds() - cpu_before)

    bare, audited, serving = min(bare_runs), min(audit_runs), min(serve_runs)
    summary = report.summary()
    print(f"pages:                        {len(pages)} (+ the 404 probe)")
    print(
        f"audit findings:               {summary['errors']} errors, {summary['warnings']} "
        f"warnings, {summary['notices']} notices"
    )
    print(f"bare BeautifulSoup(lxml):     {bare:.2f} s (fastest of {REPEATS})")
    print(f"in-process audit, all of it:  {audited:.2f} s (fastest of {REPEATS})")
    print(f"  the app serving the pages:  {serving:.2f} s (rendering + ASGI, no audit)")
    print(f"  the audit's own work:       {audited - serving:.2f} s")
    print(f"ratio, audit's own work:      {(audited - serving) / bare:.2f}x (target <= 1.5x)")
    print(f"ratio, including serving:     {audited / bare:.2f}x")
    print(
        f"CPU time of the audit:        {min(audit_cpu):.2f} s over {parse_workers() + 1} "
        f"processes (main + parse workers), serving included"
    )
    print(f"ratio, CPU time:              {min(audit_cpu) / bare:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
