"""What an audit produces: findings, per page and per site."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from service.audit.shingles import ShingleStore

if TYPE_CHECKING:  # a Crawl holds documents; a document holds findings
    from service.audit.document import Document


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    notice = "notice"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "notice": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    check: str
    severity: Severity
    message: str
    help: str
    url: str | None = None  # page findings
    urls: tuple[str, ...] = ()  # site findings: every page involved
    selector: str = ""  # a CSS selector or a snippet that locates the problem

    @property
    def key(self) -> FindingKey:
        return finding_key(self.to_dict())

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        if self.url is None:
            data.pop("url")
            data["urls"] = list(self.urls)
        else:
            data.pop("urls")
        return data


FindingKey = tuple[str, str, str, str]
_NUMBER = re.compile(r"\d[\d,.]*")


def finding_key(finding: dict[str, Any]) -> FindingKey:
    """What makes a finding "the same" in two runs of an audit (as saved in JSON).

    The check, where it is (page, or the pages of a site finding), the selector,
    and the message with its figures blanked: a title that grows from 612 to 630
    pixels is the same problem, not one fixed and one new.
    """
    where = finding.get("url") or " ".join(sorted(finding.get("urls") or ()))
    message = _NUMBER.sub("#", finding.get("message", ""))
    return (finding["check"], where, finding.get("selector", ""), message)


@dataclass
class PageResult:
    url: str
    status: int | None  # None when the page could not be fetched at all
    findings: list[Finding] = field(default_factory=list)
    title: str = ""  # as the page gives them, for search-result previews
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "status": self.status,
            "title": self.title,
            "description": self.description,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class AuditReport:
    pages: list[PageResult]
    site: list[Finding]
    target: str = ""
    # What was audited, by which nearme, when, with which settings, and how much of the
    # site the crawl saw (target, nearme_version, started, finished, settings, crawl ...).
    meta: dict[str, Any] = field(default_factory=dict)

    def all_findings(self) -> list[Finding]:
        return [f for page in self.pages for f in page.findings] + self.site

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.all_findings() if f.severity is severity)

    def summary(self) -> dict[str, int]:
        return {
            "pages": len(self.pages),
            "errors": self.count(Severity.error),
            "warnings": self.count(Severity.warning),
            "notices": self.count(Severity.notice),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "summary": self.summary(),
            "pages": [page.to_dict() for page in self.pages],
            "site": [f.to_dict() for f in self.site],
        }

    def exit_code(self, verdict: Verdict | None = None) -> int:
        verdict = verdict or Verdict()
        return 1 if any(verdict.fails(f) for f in self.all_findings()) else 0


@dataclass(frozen=True)
class Verdict:
    """Which findings fail the run, so the exit code and JUnit's failures always agree.

    Errors fail it (warnings too when ``strict``); given a baseline's findings
    (``--fail-on new``), only those the baseline did not already have.
    """

    strict: bool = False
    known: frozenset[FindingKey] | None = None

    def fails(self, finding: Finding) -> bool:
        serious = finding.severity is Severity.error or (
            self.strict and finding.severity is Severity.warning
        )
        return serious and (self.known is None or finding.key not in self.known)


@dataclass
class CrawlStats:
    """How much of the site the audit saw, and what kept the rest out."""

    found: int = 0  # distinct URLs on the site the crawl learned of
    audited: int = 0  # pages fetched and checked (a failed fetch included)
    skipped_cap: int = 0  # left out by a limit: the page cap, known URLs, query variants
    blocked_by_robots: int = 0
    failed: int = 0  # pages that could not be fetched or read
    offsite: int = 0  # URLs on other hosts the site pointed at, refused

    @property
    def incomplete(self) -> bool:
        return bool(self.skipped_cap or self.blocked_by_robots or self.failed)


@dataclass(frozen=True)
class CrawlEvent:
    """Something the crawl met that is a finding of its own (a redirect off the site, say)."""

    check: str
    message: str
    url: str | None  # the page it belongs to, if any
    urls: tuple[str, ...] = ()


@dataclass(repr=False)
class Crawl:
    """Everything the site checks read: the pages, and what the crawl learned on the way."""

    def __repr__(self) -> str:
        return f"<Crawl of {len(self.documents)} pages>"

    documents: list[Document]
    sitemap_urls: set[str] = field(default_factory=set)  # every <loc> in the sitemaps
    sitemaps_found: bool = False
    linked_urls: set[str] = field(default_factory=set)  # URLs reached by following links
    # Status of every same-site link target that was requested (pages and other resources).
    link_status: dict[str, int | None] = field(default_factory=dict)
    probes: list[Document] = field(default_factory=list)  # URLs that should answer 404
    redirects: dict[str, str] = field(default_factory=dict)  # requested URL -> final URL
    stats: CrawlStats = field(default_factory=CrawlStats)
    notes: list[str] = field(default_factory=list)  # limits hit, robots.txt read partly...
    events: list[CrawlEvent] = field(default_factory=list)
    # Pages' main-content shingle hashes and MinHash values, kept off the heap.
    shingles: ShingleStore = field(default_factory=ShingleStore)
    minhashes: dict[str, Any] = field(default_factory=dict)

    def keep_signature(self, doc: Document) -> None:
        """Move what a worker computed of the page's content into the store."""
        if doc.shingles is not None:
            self.shingles.put(doc.url, doc.shingles)
            self.minhashes[doc.url] = doc.minhash
            doc.shingles = doc.minhash = None

    def by_url(self) -> dict[str, Document]:
        """Pages by their URL, and by every URL that redirected to them."""
        out = {doc.url: doc for doc in self.documents}
        for requested, final in self.redirects.items():
            if final in out:
                out.setdefault(requested, out[final])
        return out

    def indexable(self) -> list[Document]:
        return [d for d in self.documents if d.ok and not d.noindex]
