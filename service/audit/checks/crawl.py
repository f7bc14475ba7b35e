"""Findings the crawl itself meets: URLs off the site, redirects that wander or loop,
sitemaps that do not read, and anything that kept part of the site out of the audit."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from service.audit.checks.base import Issue
from service.audit.config import AuditConfig
from service.audit.model import Crawl

CrawlCheck = Callable[[Crawl, AuditConfig], Iterator[Issue]]


def events(check_id: str) -> CrawlCheck:
    """The site check that reports the crawl's events of one kind."""

    def run(crawl: Crawl, config: AuditConfig) -> Iterator[Issue]:
        for event in crawl.events:
            if event.check == check_id:
                yield Issue(event.message, url=event.url, urls=event.urls)

    run.__name__ = check_id.replace("-", "_")
    return run


def crawl_incomplete(crawl: Crawl, config: AuditConfig) -> Iterator[Issue]:
    stats = crawl.stats
    if not (stats.incomplete or crawl.notes):
        return
    left = []
    if stats.skipped_cap:
        left.append(f"{stats.skipped_cap:,} left out by a limit")
    if stats.blocked_by_robots:
        left.append(f"{stats.blocked_by_robots:,} disallowed by robots.txt")
    if stats.failed:
        left.append(f"{stats.failed:,} failed to load")
    counted = f" ({'; '.join(left)})" if left else ""
    notes = "; ".join(crawl.notes)
    yield Issue(
        f"audited {stats.audited:,} of {stats.found:,} URLs found{counted}"
        + (f". {notes}" if notes else "")
    )
