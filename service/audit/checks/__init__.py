"""Every check the audit runs, as explicit tables: page checks, site checks, the 404 probe."""

from __future__ import annotations

from service.audit.checks.base import Check, Issue
from service.audit.checks.page import PAGE_CHECKS
from service.audit.checks.site import SITE_CHECKS
from service.audit.model import Severity

SOFT_404 = Check(
    "soft-404",
    Severity.error,
    "Pages that do not exist must answer 404, or crawlers index error pages.",
    run=lambda *_: (),
)
# What a 404 probe is checked for besides its status: that the error page still
# carries the essentials a visitor needs.
PROBE_CHECKS = ("disclaimer-missing", "html-lang-missing", "title-missing", "viewport-missing")
ALL_CHECKS: dict[str, Check] = {c.id: c for c in (*PAGE_CHECKS, SOFT_404, *SITE_CHECKS)}

__all__ = ["ALL_CHECKS", "PAGE_CHECKS", "PROBE_CHECKS", "SITE_CHECKS", "SOFT_404", "Check", "Issue"]
