"""Checks across pages, each on a small site that carries exactly its defect."""

from __future__ import annotations

import re
from pathlib import Path

from service.audit.checks import SITE_CHECKS
from service.audit.config import AuditConfig
from service.audit.document import Document
from service.audit.model import Crawl
from service.audit.runner import run_audit
from tests.audit.planted_site import own_words

CLEAN = (Path(__file__).parents[1] / "fixtures" / "clean.html").read_text("utf-8")
BASE = "https://clinic.example"


def page(
    path: str,
    *,
    title: str | None = None,
    description: str | None = None,
    body_seed: str | None = None,
    alternates: dict[str, str] | None = None,
    extra_head: str = "",
    html: str | None = None,
    status: int = 200,
) -> Document:
    """A variant of the clean page at ``path``, distinct from its siblings unless told."""
    url = f"{BASE}{path}"
    text = html or CLEAN
    text = text.replace(f"{BASE}/visit/", url)
    text = re.sub(r"<title>.*?</title>", f"<title>{title or 'Page ' + path}</title>", text)
    text = re.sub(
        r'<meta name="description" content="[^"]*">',
        f'<meta name="description" content="{description or _description(path)}">',
        text,
    )
    seed = body_seed if body_seed is not None else path
    text = re.sub(
        r"(<section>.*</section>)", lambda m: own_words(m.group(1), seed), text, flags=re.S
    )
    if alternates is not None:
        text = re.sub(r'<link rel="alternate"[^>]*>\n', "", text)
        links = "".join(
            f'<link rel="alternate" hreflang="{lang}" href="{href}">'
            for lang, href in alternates.items()
        )
        text = text.replace("</head>", links + extra_head + "</head>")
    else:
        text = text.replace("</head>", extra_head + "</head>")
    return Document.parse(url, status, text)


def _description(path: str) -> str:
    return (
        f"A description written for {path} only, long enough to sit inside the range "
        f"that search engines show in results, and unique to this one page."[:150]
    )


def audit(*docs: Document, **crawl: object) -> dict[str, list]:
    """Site-check findings by check id (page checks are tested in test_page.py)."""
    report = run_audit(Crawl(documents=list(docs), **crawl), AuditConfig())  # type: ignore[arg-type]
    out: dict[str, list] = {}
    for finding in report.all_findings():
        if finding.check in {c.id for c in SITE_CHECKS}:
            out.setdefault(finding.check, []).append(finding)
    return out


def test_distinct_pages_have_no_site_findings() -> None:
    assert audit(page("/a/"), page("/b/"), page("/c/")) == {}


def test_title_duplicate_names_every_page() -> None:
    found = audit(page("/a/", title="Same title"), page("/b/", title="Same title"), page("/c/"))
    assert set(found) == {"title-duplicate"}
    assert found["title-duplicate"][0].urls == (f"{BASE}/a/", f"{BASE}/b/")


def test_meta_description_duplicate() -> None:
    text = (
        "The very same description on two different pages, which is long enough to pass "
        "the length check and is otherwise a fine piece of text."
    )
    found = audit(page("/a/", description=text), page("/b/", description=text))
    assert set(found) == {"meta-description-duplicate"}


def test_near_duplicate_reports_both_pages() -> None:
    found = audit(page("/a/", body_seed=""), page("/b/", body_seed=""), page("/c/"))
    # Both true: the two are near-duplicates, and most of each one's words are elsewhere.
    assert set(found) == {"near-duplicate", "duplicate-content-share"}
    assert set(found["near-duplicate"][0].urls) == {f"{BASE}/a/", f"{BASE}/b/"}


def test_hreflang_reciprocal_is_reported_on_the_page_that_does_not_link_back() -> None:
    en = page("/en/", alternates={"en": f"{BASE}/en/", "es": f"{BASE}/es/"})
    es = page("/es/", alternates={"es": f"{BASE}/es/"})
    found = audit(en, es)
    assert set(found) == {"hreflang-reciprocal"}
    assert found["hreflang-reciprocal"][0].url == f"{BASE}/es/"


def test_sitemap_non_200() -> None:
    gone = page("/gone/", status=404)
    found = audit(
        page("/a/"), gone, sitemap_urls={f"{BASE}/a/", f"{BASE}/gone/"}, sitemaps_found=True
    )
    assert "sitemap-non-200" in found
    assert found["sitemap-non-200"][0].urls == (f"{BASE}/gone/",)


def test_sitemap_noindex() -> None:
    hidden = page("/hidden/", extra_head='<meta name="robots" content="noindex">')
    found = audit(
        page("/a/"), hidden, sitemap_urls={f"{BASE}/a/", f"{BASE}/hidden/"}, sitemaps_found=True
    )
    assert set(found) == {"sitemap-noindex"}


def test_sitemap_canonical() -> None:
    other = page("/b/").__class__.parse(
        f"{BASE}/b/", 200, CLEAN.replace(f"{BASE}/visit/", f"{BASE}/a/")
    )
    found = audit(
        page("/a/"), other, sitemap_urls={f"{BASE}/a/", f"{BASE}/b/"}, sitemaps_found=True
    )
    assert "sitemap-canonical" in found
    assert found["sitemap-canonical"][0].urls == (f"{BASE}/b/", f"{BASE}/a/")


def test_sitemap_missing() -> None:
    found = audit(
        page("/a/"),
        page("/b/"),
        sitemap_urls={f"{BASE}/a/"},
        sitemaps_found=True,
        linked_urls={f"{BASE}/a/", f"{BASE}/b/"},
    )
    assert set(found) == {"sitemap-missing"}
    assert found["sitemap-missing"][0].urls == (f"{BASE}/b/",)


def test_no_sitemap_no_coverage_findings() -> None:
    assert audit(page("/a/"), linked_urls={f"{BASE}/a/"}) == {}


def test_nap_mismatch_between_pages() -> None:
    moved = CLEAN.replace("1 Example Quay", "9 Other Street")
    found = audit(page("/a/"), page("/b/"), page("/c/", html=moved))
    assert set(found) == {"nap-mismatch"}
    assert found["nap-mismatch"][0].urls == (f"{BASE}/c/",)


def test_nap_mismatch_between_markup_and_text() -> None:
    hidden_phone = CLEAN.replace('<a href="tel:+1-310-555-0199">(310) 555-0199</a>', "")
    found = audit(page("/a/", html=hidden_phone))
    assert set(found) == {"nap-mismatch"}
    assert "telephone" in found["nap-mismatch"][0].message


def test_link_broken_is_reported_on_the_linking_page() -> None:
    linking = page("/a/", html=CLEAN.replace("</main>", '<a href="/missing/">old</a></main>'))
    found = audit(linking, page("/b/"), link_status={f"{BASE}/missing/": 404})
    assert set(found) == {"link-broken"}
    finding = found["link-broken"][0]
    assert finding.url == f"{BASE}/a/" and finding.selector == 'a[href="/missing/"]'
