"""Run the checks over a crawl and assemble the report."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from service import __version__
from service.audit.checks import PAGE_CHECKS, PROBE_CHECKS, SITE_CHECKS, SOFT_404, Check, Issue
from service.audit.config import AuditConfig
from service.audit.document import Document
from service.audit.model import AuditReport, Crawl, Finding, PageResult
from service.paths import SCHEMAORG_RELEASE

_BY_ID = {check.id: check for check in PAGE_CHECKS}


def _finding(check: Check, issue: Issue, url: str | None, config: AuditConfig) -> Finding:
    return Finding(
        check=check.id,
        severity=issue.severity or check.severity,
        message=issue.message,
        help=check.help_for(config),
        url=url,
        urls=issue.urls if url is None else (),
        selector=issue.selector,
    )


def check_page(doc: Document, config: AuditConfig) -> list[Finding]:
    if doc.probe:
        return _check_probe(doc, config)
    findings: list[Finding] = []
    for check in PAGE_CHECKS:
        if check.id in config.disabled:
            continue
        if check.id not in ("http-status", "not-html") and not doc.ok:
            continue  # a page that failed or is not HTML has nothing else to check
        findings += [_finding(check, issue, doc.url, config) for issue in check.run(doc, config)]
    return findings


def _check_probe(doc: Document, config: AuditConfig) -> list[Finding]:
    findings: list[Finding] = []
    if doc.status != 404 and SOFT_404.id not in config.disabled:
        issue = Issue(
            f"a URL that does not exist answered {doc.status or doc.fetch_error}, not 404"
        )
        findings.append(_finding(SOFT_404, issue, doc.url, config))
    if doc.is_html:
        for check_id in PROBE_CHECKS:
            check = _BY_ID[check_id]
            if check_id not in config.disabled:
                findings += [
                    _finding(check, issue, doc.url, config) for issue in check.run(doc, config)
                ]
    return findings


def _result(doc: Document, config: AuditConfig) -> PageResult:
    return PageResult(
        doc.url,
        doc.status,
        list(doc.findings) if doc.findings is not None else check_page(doc, config),
        title=doc.titles[0] if doc.titles else "",
        description=doc.descriptions[0] if doc.descriptions else "",
    )


def crawl_meta(crawl: Crawl) -> dict[str, Any]:
    """How much of the site the crawl saw, for ``meta.crawl``."""
    return {**asdict(crawl.stats), "notes": list(crawl.notes)}


def run_audit(crawl: Crawl, config: AuditConfig, *, target: str = "") -> AuditReport:
    results = {doc.url: _result(doc, config) for doc in crawl.documents}
    site: list[Finding] = []
    for check in SITE_CHECKS:
        if check.id in config.disabled:
            continue
        for issue in check.run(crawl, config):
            if issue.url is not None and issue.url in results:
                results[issue.url].findings.append(_finding(check, issue, issue.url, config))
            else:
                site.append(_finding(check, issue, None, config))
    pages = list(results.values())
    pages += [_result(doc, config) for doc in crawl.probes]
    for page in pages:
        page.findings.sort(key=lambda f: (f.severity.rank, f.check))
    site.sort(key=lambda f: (f.severity.rank, f.check, f.message))
    meta = {
        "target": target,
        "nearme_version": __version__,
        "schemaorg_release": SCHEMAORG_RELEASE,
        "settings": config.settings(),
        "crawl": crawl_meta(crawl),
    }
    return AuditReport(pages=pages, site=site, target=target, meta=meta)
