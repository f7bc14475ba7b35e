"""Small audit reports in JSON form, as ``AuditReport.to_dict()`` gives them."""

from __future__ import annotations

from typing import Any

from service.audit.model import AuditReport, Finding, PageResult, Severity

SITE = "https://clinic.example"


def finding(
    check: str,
    page: str = "/",
    *,
    severity: Severity = Severity.error,
    message: str | None = None,
    selector: str = "",
) -> Finding:
    return Finding(
        check,
        severity,
        message or f"{check} on {page}",
        f"How to fix {check}.",
        url=f"{SITE}{page}",
        selector=selector,
    )


def site_finding(check: str, *pages: str, severity: Severity = Severity.warning) -> Finding:
    return Finding(
        check,
        severity,
        f"{check} across {len(pages)} pages",
        f"How to fix {check}.",
        urls=tuple(f"{SITE}{page}" for page in pages),
    )


def report(
    *found: Finding,
    site: tuple[Finding, ...] = (),
    target: str = SITE,
    started: str = "2025-03-01T09:00:00Z",
    audited: tuple[str, ...] = ("/", "/a/", "/b/", "/c/"),
) -> dict[str, Any]:
    """A report of the pages ``audited`` and any others the findings name, in that order."""
    paths = [*audited, *(f.url.removeprefix(SITE) for f in found if f.url)]
    pages = {
        path: PageResult(f"{SITE}{path}", 200, [], title=f"Title of {path}", description="")
        for path in dict.fromkeys(paths)
    }
    for item in found:
        assert item.url is not None
        pages[item.url.removeprefix(SITE)].findings.append(item)
    result = AuditReport(pages=list(pages.values()), site=list(site), target=target)
    result.meta = {
        "started": started,
        "finished": started.replace(":00Z", ":30Z"),
        "target": target,
        "nearme_version": "0.1.0",
        "schemaorg_release": "30.0",
        "settings": {"concurrency": 8, "disabled": []},
        "crawl": {"found": len(pages), "audited": len(pages), "skipped_cap": 0, "notes": []},
    }
    return result.to_dict()
