"""Two audits of a site compared: which findings are new, which were fixed, which stayed.

Findings are matched by ``finding_key`` (check, where, selector, message with its
figures blanked), counting repeats: a page that had one image without alt text
and now has two has one new finding and one unchanged. A finding gone because its
page was not audited the second time (a page cap, a failed fetch) is not fixed:
it is told apart as unchecked.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from service.audit.model import FindingKey, finding_key

Findings = tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class ReportDiff:
    new: Findings  # in the later report only (as it states them)
    fixed: Findings  # in the earlier report only, its pages audited again
    unchanged: Findings  # in both (as the later report states them)
    unchecked: Findings = ()  # in the earlier only, on a page the later did not audit

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": {
                "new": len(self.new),
                "fixed": len(self.fixed),
                "unchanged": len(self.unchanged),
                "unchecked": len(self.unchecked),
            },
            "new": list(self.new),
            "fixed": list(self.fixed),
            "unchanged": list(self.unchanged),
            "unchecked": list(self.unchecked),
        }


def report_findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Every finding of a report in JSON form: each page's, then the site's."""
    found = [finding for page in report.get("pages", ()) for finding in page.get("findings", ())]
    return found + list(report.get("site", ()))


def finding_keys(report: dict[str, Any]) -> frozenset[FindingKey]:
    """What ``Verdict(known=...)`` needs to pass the findings a baseline already had."""
    return frozenset(finding_key(finding) for finding in report_findings(report))


def diff_reports(earlier: dict[str, Any], later: dict[str, Any]) -> ReportDiff:
    before = Counter(finding_key(finding) for finding in report_findings(earlier))
    new: list[dict[str, Any]] = []
    unchanged: list[dict[str, Any]] = []
    for finding in report_findings(later):
        key = finding_key(finding)
        if before[key]:
            before[key] -= 1
            unchanged.append(finding)
        else:
            new.append(finding)
    after = Counter(finding_key(finding) for finding in report_findings(later))
    dropped = _audited(earlier) - _audited(later)
    fixed, unchecked = [], []
    for finding in report_findings(earlier):
        key = finding_key(finding)
        if after[key]:
            after[key] -= 1
        elif dropped & _involved(finding):
            unchecked.append(finding)
        else:
            fixed.append(finding)
    return ReportDiff(_in_order(new), _in_order(fixed), _in_order(unchanged), _in_order(unchecked))


def _audited(report: dict[str, Any]) -> set[str]:
    return {page["url"] for page in report.get("pages", ())}


def _involved(finding: dict[str, Any]) -> set[str]:
    return {finding["url"]} if finding.get("url") else set(finding.get("urls") or ())


def where(finding: dict[str, Any]) -> str:
    """The page a finding is on, or the pages a site-wide one involves."""
    return finding.get("url") or ", ".join(finding.get("urls") or ())


def by_check(found: Findings) -> list[tuple[str, Findings]]:
    """Findings grouped by check id (as ``diff_reports`` orders them: by check, then page)."""
    return [(check, tuple(group)) for check, group in groupby(found, key=lambda f: f["check"])]


def _in_order(found: list[dict[str, Any]]) -> Findings:
    return tuple(sorted(found, key=finding_key))
