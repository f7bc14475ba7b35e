"""What an audit produces: findings, per page and per site."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

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

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        if self.url is None:
            data.pop("url")
            data["urls"] = list(self.urls)
        else:
            data.pop("urls")
        return data


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
            "summary": self.summary(),
            "pages": [page.to_dict() for page in self.pages],
            "site": [f.to_dict() for f in self.site],
        }

    def exit_code(self, *, strict: bool = False) -> int:
        if self.count(Severity.error) or (strict and self.count(Severity.warning)):
            return 1
        return 0


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
    unvisited: int = 0  # URLs found but not requested because the page cap was reached

    def by_url(self) -> dict[str, Document]:
        """Pages by their URL, and by every URL that redirected to them."""
        out = {doc.url: doc for doc in self.documents}
        for requested, final in self.redirects.items():
            if final in out:
                out.setdefault(requested, out[final])
        return out

    def indexable(self) -> list[Document]:
        return [d for d in self.documents if d.ok and not d.noindex]
