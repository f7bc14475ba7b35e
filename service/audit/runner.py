"""Run the checks over a crawl and assemble the report."""

from __future__ import annotations

# Importing the check modules registers their checks.
from service.audit import checks, site_checks  # noqa: F401
from service.audit.config import AuditConfig
from service.audit.document import Document
from service.audit.model import AuditReport, Finding, PageResult, Severity
from service.audit.registry import PAGE_CHECKS, SITE_CHECKS, Check, Issue, all_checks
from service.audit.site_checks import Crawl

# What a 404 probe is checked for: the status, and that the error page still
# carries the essentials a visitor needs.
PROBE_CHECKS = ("disclaimer-missing", "html-lang-missing", "title-missing", "viewport-missing")


def _finding(check: Check, issue: Issue, url: str | None) -> Finding:
    return Finding(
        check=check.id,
        severity=issue.severity or check.severity,
        message=issue.message,
        help=check.help,
        url=url,
        urls=issue.urls if url is None else (),
        selector=issue.selector,
    )


def check_page(doc: Document, config: AuditConfig) -> list[Finding]:
    if doc.probe:
        return _check_probe(doc, config)
    findings: list[Finding] = []
    for check in PAGE_CHECKS.values():
        if check.id in config.disabled:
            continue
        if check.id not in ("http-status", "not-html") and not doc.ok:
            continue  # a page that failed or is not HTML has nothing else to check
        findings += [_finding(check, issue, doc.url) for issue in check.run(doc, config)]
    return findings


def _check_probe(doc: Document, config: AuditConfig) -> list[Finding]:
    findings: list[Finding] = []
    if doc.status != 404 and "soft-404" not in config.disabled:
        issue = Issue(
            f"a URL that does not exist answered {doc.status or doc.fetch_error}, not 404"
        )
        findings.append(_finding(SOFT_404, issue, doc.url))
    if doc.is_html:
        for check_id in PROBE_CHECKS:
            check = PAGE_CHECKS[check_id]
            if check_id not in config.disabled:
                findings += [_finding(check, issue, doc.url) for issue in check.run(doc, config)]
    return findings


SOFT_404 = Check(
    "soft-404",
    Severity.error,
    "Pages that do not exist must answer 404, or crawlers index error pages.",
    run=lambda *_: (),
)


def _result(doc: Document, config: AuditConfig) -> PageResult:
    return PageResult(
        doc.url,
        doc.status,
        list(doc.findings) if doc.findings is not None else check_page(doc, config),
        title=doc.titles[0] if doc.titles else "",
        description=doc.descriptions[0] if doc.descriptions else "",
    )


def run_audit(crawl: Crawl, config: AuditConfig, *, target: str = "") -> AuditReport:
    results = {doc.url: _result(doc, config) for doc in crawl.documents}
    site: list[Finding] = []
    for check in SITE_CHECKS.values():
        if check.id in config.disabled:
            continue
        for issue in check.run(crawl, config):
            if issue.url is not None and issue.url in results:
                results[issue.url].findings.append(_finding(check, issue, issue.url))
            else:
                site.append(_finding(check, issue, None))
    pages = list(results.values())
    pages += [_result(doc, config) for doc in crawl.probes]
    for page in pages:
        page.findings.sort(key=lambda f: (f.severity.rank, f.check))
    site.sort(key=lambda f: (f.severity.rank, f.check))
    return AuditReport(pages=pages, site=site, target=target)


def known_check_ids() -> set[str]:
    return set(all_checks()) | {SOFT_404.id}
