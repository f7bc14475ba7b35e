"""Two reports compared: new, fixed and unchanged findings, by check and page."""

from __future__ import annotations

from service.audit.history.diff import by_check, diff_reports, finding_keys, where
from service.audit.model import Severity, finding_key
from tests.audit.history.reports import SITE, finding, report, site_finding


def _checks(found) -> list[tuple[str, str]]:
    return [(f["check"], where(f)) for f in found]


def test_new_fixed_and_unchanged_findings_are_told_apart() -> None:
    earlier = report(finding("h1-missing", "/a/"), finding("thin-content", "/b/"))
    later = report(finding("h1-missing", "/a/"), finding("canonical-missing", "/c/"))
    diff = diff_reports(earlier, later)
    assert _checks(diff.new) == [("canonical-missing", f"{SITE}/c/")]
    assert _checks(diff.fixed) == [("thin-content", f"{SITE}/b/")]
    assert _checks(diff.unchanged) == [("h1-missing", f"{SITE}/a/")]


def test_a_report_compared_with_itself_has_nothing_new_or_fixed() -> None:
    same = report(
        finding("h1-missing", "/a/"), site=(site_finding("title-duplicate", "/a/", "/b/"),)
    )
    diff = diff_reports(same, same)
    assert diff.new == diff.fixed == ()
    assert len(diff.unchanged) == 2


def test_changed_figures_in_a_message_are_the_same_finding() -> None:
    earlier = report(finding("title-length", "/a/", message="the title is 612 px wide"))
    later = report(finding("title-length", "/a/", message="the title is 630 px wide"))
    diff = diff_reports(earlier, later)
    assert diff.new == diff.fixed == ()
    assert diff.unchanged[0]["message"] == "the title is 630 px wide"  # as it is now


def test_the_same_check_on_another_page_is_new() -> None:
    diff = diff_reports(report(finding("h1-missing", "/a/")), report(finding("h1-missing", "/b/")))
    assert _checks(diff.new) == [("h1-missing", f"{SITE}/b/")]
    assert _checks(diff.fixed) == [("h1-missing", f"{SITE}/a/")]


def test_repeats_are_counted() -> None:
    once = finding(
        "img-alt-missing", "/a/", severity=Severity.warning, message="an image lacks alt"
    )
    earlier = report(once)
    later = report(once, once)
    diff = diff_reports(earlier, later)
    assert len(diff.new) == 1 and len(diff.unchanged) == 1 and diff.fixed == ()


def test_site_findings_are_matched_by_every_page_they_involve() -> None:
    earlier = report(site=(site_finding("title-duplicate", "/a/", "/b/"),))
    later = report(site=(site_finding("title-duplicate", "/a/", "/c/"),))
    diff = diff_reports(earlier, later)
    assert _checks(diff.new) == [("title-duplicate", f"{SITE}/a/, {SITE}/c/")]
    assert len(diff.fixed) == 1


def test_findings_are_grouped_by_check_then_ordered_by_page() -> None:
    later = report(
        finding("thin-content", "/b/"),
        finding("h1-missing", "/c/"),
        finding("h1-missing", "/a/"),
    )
    groups = by_check(diff_reports(report(), later).new)
    assert [(check, [where(f) for f in found]) for check, found in groups] == [
        ("h1-missing", [f"{SITE}/a/", f"{SITE}/c/"]),
        ("thin-content", [f"{SITE}/b/"]),
    ]


def test_finding_keys_are_every_finding_of_a_baseline() -> None:
    baseline = report(
        finding("h1-missing", "/a/"), site=(site_finding("title-duplicate", "/a/", "/b/"),)
    )
    keys = finding_keys(baseline)
    assert len(keys) == 2
    assert finding_key(finding("h1-missing", "/a/").to_dict()) in keys


def test_the_diff_has_a_json_form_with_counts() -> None:
    diff = diff_reports(report(finding("h1-missing", "/a/")), report(finding("h1-missing", "/b/")))
    data = diff.to_dict()
    assert data["counts"] == {"new": 1, "fixed": 1, "unchanged": 0, "unchecked": 0}
    assert data["new"][0]["url"] == f"{SITE}/b/"


def test_a_finding_on_a_page_the_later_audit_did_not_reach_is_unchecked_not_fixed() -> None:
    earlier = report(finding("h1-missing", "/a/"), finding("h1-missing", "/b/"))
    later = report(finding("h1-missing", "/a/"), audited=("/", "/a/"))  # /b/ not reached
    diff = diff_reports(earlier, later)
    assert diff.fixed == ()
    assert _checks(diff.unchecked) == [("h1-missing", f"{SITE}/b/")]
    assert diff.to_dict()["counts"]["unchecked"] == 1


def test_a_site_finding_involving_a_page_no_longer_audited_is_unchecked() -> None:
    earlier = report(
        finding("thin-content", "/b/"), site=(site_finding("title-duplicate", "/", "/b/"),)
    )
    diff = diff_reports(earlier, report(audited=("/", "/a/")))
    assert diff.fixed == ()
    assert [f["check"] for f in diff.unchecked] == ["thin-content", "title-duplicate"]


def test_a_finding_gone_from_a_page_audited_again_is_fixed() -> None:
    earlier = report(finding("h1-missing", "/a/"))
    later = report(finding("thin-content", "/a/"))
    diff = diff_reports(earlier, later)
    assert _checks(diff.fixed) == [("h1-missing", f"{SITE}/a/")]
    assert diff.unchecked == ()
