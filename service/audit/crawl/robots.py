"""robots.txt as a crawler must read it: the first 500 KiB, rules per agent, delays, sitemaps.

Answers are cached per path, and asked in a thread: a rule set of thousands of
wildcards takes long per path, and must never stall the crawl's event loop.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from protego import Protego

from service.audit.config import AuditConfig
from service.audit.crawl.fetch import Fetcher

_CACHE_SIZE = 100_000


@dataclass
class Robots:
    parser: Protego | None  # None: everything allowed (no robots.txt, or --ignore-robots)
    agent: str
    sitemaps: list[str] = field(default_factory=list)
    delay: float = 0.0  # seconds between requests that robots.txt asks for
    notes: list[str] = field(default_factory=list)
    _answers: dict[str, bool] = field(default_factory=dict)

    @classmethod
    async def load(cls, fetcher: Fetcher, site: str, config: AuditConfig) -> Robots:
        cap = config.limits.max_robots_bytes
        fetched = await fetcher.get(f"{site}/robots.txt", cap=cap, truncate=True)
        notes = []
        text = ""
        if fetched.status == 200 and fetched.body is not None:
            text = fetched.body.decode("utf-8", "replace")
            if fetched.truncated:
                notes.append(
                    f"robots.txt is over {cap:,} bytes; like Google, the audit read the first "
                    f"{cap:,} and ignored the rest"
                )
        elif fetched.error or (fetched.status or 0) >= 500:
            notes.append(
                f"robots.txt could not be read ({fetched.error or f'HTTP {fetched.status}'}); "
                "the site was crawled as if it allowed everything"
            )
        parser = Protego.parse(text)
        delay = 0.0
        if config.crawl_delay and not config.ignore_robots:
            delay = float(parser.crawl_delay(config.user_agent) or 0.0)
            rate = parser.request_rate(config.user_agent)
            if rate is not None and rate.requests:
                delay = max(delay, rate.seconds / rate.requests)
            if delay:
                notes.append(
                    f"robots.txt asks for {delay:g} s between requests; the audit kept to it "
                    "(one request at a time)"
                )
        robots = cls(
            None if config.ignore_robots else parser,
            config.user_agent,
            sitemaps=list(parser.sitemaps),
            delay=delay,
            notes=notes,
        )
        if config.ignore_robots:
            robots.notes.append("robots.txt was ignored (--ignore-robots), as for auditing staging")
        return robots

    async def allowed(self, url: str) -> bool:
        if self.parser is None:
            return True
        parts = urlsplit(url)
        key = f"{parts.path}?{parts.query}"
        answer = self._answers.get(key)
        if answer is None:
            answer = await asyncio.to_thread(self.parser.can_fetch, url, self.agent)
            if len(self._answers) < _CACHE_SIZE:
                self._answers[key] = answer
        return answer
