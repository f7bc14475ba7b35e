"""`nearme audit URL` against a live local site with planted problems."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.audit.planted_site import DISCLAIMER, make_app
from tests.utils import free_port, nearme, serve

pytestmark = pytest.mark.slow  # whole-site renders, servers or subprocesses


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve(make_app()) as url:
        yield url


@pytest.fixture(scope="module")
def report(site: str) -> dict:
    result = nearme("audit", f"{site}/", "--format", "json", "--disclaimer", DISCLAIMER)
    assert result.returncode == 1, result.stderr  # errors were planted
    return json.loads(result.stdout)


def located(report: dict, check: str) -> list[str]:
    """Every URL a check's findings point at (page findings and site findings)."""
    urls = [
        page["url"]
        for page in report["pages"]
        for finding in page["findings"]
        if finding["check"] == check
    ]
    urls += [
        url for finding in report["site"] if finding["check"] == check for url in finding["urls"]
    ]
    return urls


def test_every_planted_problem_is_found_where_it_is(site: str, report: dict) -> None:
    expected = {
        "title-duplicate": [f"{site}/dup-1/", f"{site}/dup-2/"],
        "jsonld-invalid": [f"{site}/broken-jsonld/"],
        "sitemap-noindex": [f"{site}/hidden/"],
        "sitemap-non-200": [f"{site}/old/"],
        "sitemap-missing": [f"{site}/unlisted/"],
        "disclaimer-missing": [f"{site}/no-disclaimer/"],
        "link-broken": [f"{site}/"],
        "http-status": [f"{site}/missing/"],
        "near-duplicate": [f"{site}/near-1/", f"{site}/near-2/"],
    }
    for check, urls in expected.items():
        assert sorted(set(located(report, check))) == sorted(urls), check
    home = next(page for page in report["pages"] if page["url"] == f"{site}/")
    broken = [f for f in home["findings"] if f["check"] == "link-broken"]
    assert [f["selector"] for f in broken] == ['a[href="/missing/"]']
    soft = located(report, "soft-404")
    assert len(soft) == 1 and "/nearme-audit-probe-" in soft[0]


def test_clean_pages_carry_no_findings(site: str, report: dict) -> None:
    by_url = {page["url"]: page for page in report["pages"]}
    for path in ("/a/", "/b/"):
        assert by_url[f"{site}{path}"]["findings"] == [], path


def test_robots_txt_is_respected(site: str, report: dict) -> None:
    assert not any("/private/" in page["url"] for page in report["pages"])


def test_non_html_links_are_checked_but_not_audited(site: str, report: dict) -> None:
    assert not any(page["url"].endswith(".pdf") for page in report["pages"])
    assert not any("file.pdf" in url for url in located(report, "link-broken"))


def test_summary_counts_match_the_findings(report: dict) -> None:
    findings = [f for page in report["pages"] for f in page["findings"]] + report["site"]
    summary = report["summary"]
    assert summary["pages"] == len(report["pages"])
    for severity, key in (("error", "errors"), ("warning", "warnings"), ("notice", "notices")):
        assert summary[key] == sum(1 for f in findings if f["severity"] == severity)
    for finding in findings:
        assert {"check", "severity", "message", "help", "selector"} <= set(finding)


def test_page_cap_stops_the_crawl_and_says_so(site: str) -> None:
    result = nearme("audit", f"{site}/", "--format", "json", "--max-pages", "3")
    pages = json.loads(result.stdout)["pages"]
    assert len([p for p in pages if "/nearme-audit-probe-" not in p["url"]]) == 3
    assert "stopped at the page cap (3)" in result.stderr
    assert "--max-pages" in result.stderr
    crawl = json.loads(result.stdout)["meta"]["crawl"]
    assert crawl["audited"] == 3 and crawl["skipped_cap"] == crawl["found"] - 3 > 0
    site_checks = {f["check"] for f in json.loads(result.stdout)["site"]}
    assert "crawl-incomplete" in site_checks


def test_no_cap_note_when_everything_was_audited(site: str) -> None:
    result = nearme("audit", f"{site}/", "--format", "json")
    assert "page cap" not in result.stderr
    crawl = json.loads(result.stdout)["meta"]["crawl"]
    assert crawl["skipped_cap"] == 0


def test_oversized_page_is_a_finding_not_a_crash(site: str) -> None:
    result = nearme("audit", f"{site}/huge/", "--format", "json")
    pages = json.loads(result.stdout)["pages"]
    huge = next(p for p in pages if p["url"].endswith("/huge/"))
    assert [f["check"] for f in huge["findings"]] == ["http-status"]
    assert "byte limit" in huge["findings"][0]["message"]


def test_unreachable_host_exits_2_with_a_message() -> None:
    result = nearme("audit", f"http://127.0.0.1:{free_port()}/")
    assert result.returncode == 2
    assert "cannot be audited" in result.stderr and "Traceback" not in result.stderr


def test_malformed_url_exits_2() -> None:
    result = nearme("audit", "http://")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_pages_are_listed_in_the_order_they_were_found(site: str) -> None:
    first = nearme("audit", f"{site}/", "--format", "json")
    second = nearme("audit", f"{site}/", "--format", "json")
    urls = [[p["url"] for p in json.loads(r.stdout)["pages"]][:-1] for r in (first, second)]
    assert urls[0] == urls[1]  # the probe's random URL aside
    assert urls[0][0] == f"{site}/"
