"""Each page check, on a page that carries exactly its defect and on a clean page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from service.audit.checks import ALL_CHECKS, PAGE_CHECKS
from service.audit.config import AuditConfig, Thresholds
from service.audit.document import Document
from service.audit.model import Severity
from service.audit.runner import check_page

CLEAN = (Path(__file__).parents[1] / "fixtures" / "clean.html").read_text("utf-8")
URL = "https://clinic.example/visit/"
DISCLAIMER = "This page is general education, not medical advice; please see your physician."
CONFIG = AuditConfig(disclaimers={"*": (DISCLAIMER,)})


def findings(html: str, *, status: int = 200, config: AuditConfig = CONFIG) -> set[str]:
    return {f.check for f in check_page(Document.parse(URL, status, html), config)}


def sub(pattern: str, replacement: str) -> Callable[[str], str]:
    def change(html: str) -> str:
        changed, count = re.subn(pattern, replacement, html, count=1, flags=re.S)
        assert count == 1, f"fixture lacks {pattern!r}"
        return changed

    return change


def replace_jsonld(data: str) -> Callable[[str], str]:
    return sub(
        r'<script type="application/ld\+json">.*?</script>',
        f'<script type="application/ld+json">{data}</script>',
    )


DEFECTS: dict[str, Callable[[str], str]] = {
    "h1-missing": sub(r"<h1>(.*?)</h1>", r"<p>\1</p>"),
    "h1-multiple": sub(r"(<h2>What a first visit looks like</h2>)", r"<h1>Second title</h1>\1"),
    "heading-order": sub(r"<h2>How we plan care</h2>", "<h4>How we plan care</h4>"),
    "heading-empty": sub(r"<h2>Getting here</h2>", "<h2>  </h2>"),
    "disclaimer-missing": sub(r"please see your physician", "see someone"),
    "title-missing": sub(r"<title>.*?</title>", "<title></title>"),
    "title-length": sub(
        r"<title>(.*?)</title>",
        r"<title>\1 — Everything You Need to Know Before Your Very First Appointment"
        r" With Us This Year</title>",
    ),
    "meta-description-missing": sub(r'<meta name="description"[^>]*>', ""),
    "meta-description-length": sub(
        r'<meta name="description" content="[^"]*">',
        '<meta name="description" content="Visit us.">',
    ),
    "canonical-missing": sub(r'<link rel="canonical"[^>]*>\n', ""),
    "canonical-invalid": sub(
        r'<link rel="canonical" href="[^"]*">', '<link rel="canonical" href="/visit/">'
    ),
    "hreflang-invalid": sub(r'hreflang="en"', 'hreflang="english"'),
    "html-lang-missing": sub(r'<html lang="en">', "<html>"),
    "viewport-missing": sub(r'<meta name="viewport"[^>]*>', ""),
    "jsonld-missing": sub(r'<script type="application/ld\+json">.*?</script>', ""),
    "jsonld-invalid": replace_jsonld(
        '{"@context": "https://schema.org", "@type": "MedicalClinic",'
    ),
    "jsonld-schema": sub(
        r'"name":"Example Harbor Clinic"', '"name":"Example Harbor Clinic","colour":"teal"'
    ),
    "medicalclinic-missing": sub(r'"@type":"MedicalClinic"', '"@type":"Place"'),
    "medicalclinic-incomplete": sub(r'"latitude":"34.00001"', '"latitude":"34.0"'),
    "img-alt-missing": sub(r' alt="The clinic\'s front door"', ""),
    "url-invalid": sub(r"</main>", '<a href="https://clinic.example:99999/x/">x</a></main>'),
    "canonical-in-body": sub(
        r"</main>", '<link rel="alternate" hreflang="es" href="/es/visit/"></main>'
    ),
    "thin-content": lambda html: re.sub(
        r"<section>.*</section>", "<p>Short page.</p>", html, flags=re.S
    ),
}


def test_clean_page_has_no_findings() -> None:
    assert findings(CLEAN) == set()


@pytest.mark.parametrize("check_id", sorted(DEFECTS))
def test_each_defect_is_found_alone(check_id: str) -> None:
    assert findings(DEFECTS[check_id](CLEAN)) == {check_id}


def test_every_page_check_has_a_defect_fixture() -> None:
    untested = {c.id for c in PAGE_CHECKS} - set(DEFECTS) - {"http-status", "not-html"}
    assert not untested


def test_http_status_skips_the_other_checks() -> None:
    assert findings(CLEAN, status=500) == {"http-status"}


def test_fetch_failure_is_a_finding() -> None:
    doc = Document.failed(URL, None, "timed out")
    assert [(f.check, f.message) for f in check_page(doc, CONFIG)] == [("http-status", "timed out")]


def test_non_html_is_reported_not_parsed() -> None:
    doc = Document(url=URL, status=200, content_type="application/pdf")
    assert {f.check for f in check_page(doc, CONFIG)} == {"not-html"}


def test_every_check_has_help_and_a_known_severity() -> None:
    for check in ALL_CHECKS.values():
        help_text = check.help_for(CONFIG)
        assert help_text.strip() and help_text.endswith((".", ")")), check.id
        assert "{" not in help_text, f"{check.id}: unfilled threshold in {help_text!r}"
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", check.id)
        assert isinstance(check.severity, Severity), check.id
        assert check.severity in (Severity.error, Severity.warning), check.id


def test_help_texts_quote_the_thresholds_the_run_used() -> None:
    config = AuditConfig(thresholds=Thresholds(thin_content_words=450, title_max_px=580))
    assert "450 words" in ALL_CHECKS["thin-content"].help_for(config)
    assert "580 px" in ALL_CHECKS["title-length"].help_for(config)
    assert "90%" in ALL_CHECKS["near-duplicate"].help_for(AuditConfig())


def test_disclaimer_is_matched_on_normalized_text() -> None:
    reflowed = CLEAN.replace(DISCLAIMER, DISCLAIMER.upper().replace(" ", "\n   "))
    assert findings(reflowed) == set()


def test_without_configured_disclaimers_the_check_is_off() -> None:
    assert findings(DEFECTS["disclaimer-missing"](CLEAN), config=AuditConfig()) == set()


def test_disclaimer_per_language() -> None:
    config = AuditConfig(disclaimers={"es": ("Aviso médico.",)})
    assert "disclaimer-missing" in findings(CLEAN.replace('lang="en"', 'lang="es"'), config=config)


def test_thin_content_counts_chinese_by_character() -> None:
    chinese = "针灸可能有助于缓解神经痛。" * 30  # 13 characters x 30 = 390 words
    page = re.sub(r"<section>.*</section>", f"<p>{chinese}</p>", CLEAN, flags=re.S)
    assert "thin-content" not in findings(page)
    short = re.sub(r"<section>.*</section>", f"<p>{chinese[:200]}</p>", CLEAN, flags=re.S)
    assert "thin-content" in findings(short)


def test_boilerplate_does_not_count_as_main_content() -> None:
    padded = DEFECTS["thin-content"](CLEAN).replace("<footer>", "<footer>" + "word " * 400)
    assert "thin-content" in findings(padded)


def test_noindex_pages_are_not_thin() -> None:
    page = DEFECTS["thin-content"](CLEAN).replace(
        "<head>", '<head><meta name="robots" content="noindex, follow">'
    )
    assert "thin-content" not in findings(page)


def test_thresholds_are_configurable() -> None:
    strict = AuditConfig(
        disclaimers=CONFIG.disclaimers, thresholds=Thresholds(thin_content_words=5000)
    )
    assert findings(CLEAN, config=strict) == {"thin-content"}


def test_short_titles_are_only_a_notice() -> None:
    page = re.sub(r"<title>.*?</title>", "<title>Visit</title>", CLEAN)
    result = check_page(Document.parse(URL, 200, page), CONFIG)
    assert [(f.check, f.severity.value) for f in result] == [("title-length", "notice")]


def test_findings_locate_the_problem() -> None:
    result = check_page(Document.parse(URL, 200, DEFECTS["heading-order"](CLEAN)), CONFIG)
    assert result[0].selector == "body > main > section:nth-of-type(2) > h4"
    assert result[0].url == URL and result[0].help


@pytest.mark.parametrize(
    ("tag", "problem"),
    [
        ("en-UK", "did you mean en-GB?"),
        ("en-EU", "not an ISO 3166 country code"),
        ("en_US", "not a language tag"),
        ("xx", "names no registered language"),
    ],
)
def test_hreflang_tags_that_search_engines_reject(tag: str, problem: str) -> None:
    page = Document.parse(URL, 200, CLEAN.replace('hreflang="en"', f'hreflang="{tag}"'))
    found = [f for f in check_page(page, CONFIG) if f.check == "hreflang-invalid"]
    assert found and problem in found[0].message


@pytest.mark.parametrize("tag", ["fr-JP", "de-US", "zh-Hant-TW", "x-default", "es"])
def test_valid_hreflang_tags_pass(tag: str) -> None:
    page = Document.parse(URL, 200, CLEAN.replace('hreflang="en"', f'hreflang="{tag}"'))
    assert not [f for f in check_page(page, CONFIG) if f.check == "hreflang-invalid"]


@pytest.mark.parametrize(
    "href",
    [
        "/a\x01b/",
        "/esc\x1b[31m/",
        "/del\x7f/",
        "//[x/",
        "http://clinic.example:99999/",
        "/" + "x" * 3000,
    ],
)
def test_malformed_urls_are_findings_not_crashes(href: str) -> None:
    page = Document.parse(URL, 200, CLEAN.replace("</main>", f'<a href="{href}">x</a></main>'))
    found = [f for f in check_page(page, CONFIG) if f.check == "url-invalid"]
    assert len(found) == 1 and found[0].severity.value == "error"


def test_a_newline_in_a_link_is_what_browsers_forgive() -> None:
    page = Document.parse(URL, 200, CLEAN.replace("</main>", '<a href="/fir\nst/">x</a></main>'))
    assert "https://clinic.example/first/" in page.links
    assert not page.invalid_urls
