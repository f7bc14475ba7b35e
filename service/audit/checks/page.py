"""Checks of one page. Each is a small function over a parsed ``Document``.

Adding a check is adding one function here and one test in
tests/audit/test_checks.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from service.audit.checks.base import Check, Issue
from service.audit.checks.language import tag_problem
from service.audit.checks.links import canonical_in_body, url_invalid
from service.audit.checks.markup import (
    jsonld_invalid,
    jsonld_missing,
    jsonld_schema,
    medicalclinic_incomplete,
    medicalclinic_missing,
)
from service.audit.config import AuditConfig
from service.audit.document import Document
from service.audit.model import Severity
from service.audit.serp import title_px
from service.content.text import display_width, normalize_space, normalized_phrase

E, W, N = Severity.error, Severity.warning, Severity.notice


def http_status(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if doc.fetch_error:
        yield Issue(doc.fetch_error)
    elif doc.status != 200:
        yield Issue(f"answered HTTP {doc.status}")


def not_html(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if doc.status == 200 and not doc.fetch_error and not doc.is_html:
        yield Issue(f"content type {doc.content_type or 'unknown'} is not HTML")


def h1_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not any(h.level == 1 for h in doc.headings):
        yield Issue("the page has no <h1>")


def h1_multiple(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    h1s = [h for h in doc.headings if h.level == 1]
    if len(h1s) > 1:
        yield Issue(f"{len(h1s)} <h1> elements", selector=h1s[1].selector)


def heading_order(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    previous = 0
    for heading in doc.headings:
        if previous and heading.level > previous + 1:
            yield Issue(
                f"<h{heading.level}> follows <h{previous}>, skipping a level",
                selector=heading.selector,
            )
        previous = heading.level


def heading_empty(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    for heading in doc.headings:
        if not heading.text:
            yield Issue(f"empty <h{heading.level}>", selector=heading.selector)


def disclaimer_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    texts = config.disclaimers_for(doc.lang)
    if not config.requires_disclaimer:
        return
    if not texts:
        yield Issue(f"no disclaimer is configured for language {doc.lang or 'unknown'}")
        return
    # The exact text (case and spacing aside) is the common case and cheap to find; only
    # then compare token by token, which forgives punctuation and markup in between.
    if any(normalize_space(text).lower() in doc.lower_body for text in texts):
        return
    if not any(normalized_phrase(text) in doc.matchable_body for text in texts):
        yield Issue("the required disclaimer is missing or has been edited", selector="body")


def title_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not any(doc.titles):
        yield Issue("no <title>, or an empty one", selector="head > title")


def title_length(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not doc.titles or not doc.titles[0]:
        return
    width = title_px(doc.titles[0])
    limits = config.thresholds
    if width > limits.title_max_px:
        yield Issue(
            f"title is about {width:.0f} px wide, over {limits.title_max_px} px",
            selector="head > title",
        )
    elif width < limits.title_min_px:
        yield Issue(
            f"title is only about {width:.0f} px wide; use the room for keywords",
            selector="head > title",
            severity=N,
        )


def meta_description_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not any(doc.descriptions):
        yield Issue("no meta description", selector='meta[name="description"]')


def meta_description_length(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not doc.descriptions or not doc.descriptions[0]:
        return
    width = display_width(doc.descriptions[0])
    low, high = config.thresholds.description_min, config.thresholds.description_max
    if not low <= width <= high:
        yield Issue(
            f"meta description is {width} characters, outside {low}-{high}",
            selector='meta[name="description"]',
        )


def canonical_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not doc.canonicals and not doc.noindex:
        yield Issue("no canonical link")


def _absolute_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"\s", url)


def canonical_invalid(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if len(set(doc.canonicals)) > 1:
        yield Issue(
            f"{len(doc.canonicals)} conflicting canonical links", selector='link[rel="canonical"]'
        )
    for href in doc.canonicals:
        if not href:
            yield Issue("empty canonical link", selector='link[rel="canonical"]')
        elif not _absolute_http(href):
            yield Issue(
                f"canonical {href!r} is not an absolute http(s) URL",
                selector='link[rel="canonical"]',
            )


def hreflang_invalid(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not doc.alternates:
        return
    seen: dict[str, str] = {}
    for lang, href in doc.alternates:
        selector = f'link[rel="alternate"][hreflang="{lang}"]'
        problem = tag_problem(lang, hreflang=True)
        if problem:
            yield Issue(f"hreflang {lang!r} {problem}", selector=selector)
        if not _absolute_http(href):
            yield Issue(
                f"hreflang {lang!r} points to {href!r}, not an absolute URL", selector=selector
            )
        if lang in seen and seen[lang] != href:
            yield Issue(f"hreflang {lang!r} is given twice with different URLs", selector=selector)
        seen[lang] = href
    if doc.url not in doc.alternate_urls.values() and doc.canonical not in (
        doc.alternate_urls.values()
    ):
        yield Issue(
            "the alternates do not include the page itself", selector='link[rel="alternate"]'
        )


def html_lang_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not doc.lang:
        yield Issue("<html> has no lang attribute", selector="html")
    elif problem := tag_problem(doc.lang, hreflang=False):
        yield Issue(f"<html lang={doc.lang!r}> {problem}", selector="html")


def viewport_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not doc.has_viewport:
        yield Issue("no viewport meta tag: phones will show a zoomed-out desktop page")


def img_alt_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    for selector in doc.images_without_alt:
        yield Issue("image without alt text", selector=selector)


def thin_content(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    minimum = config.thresholds.thin_content_words
    if not doc.noindex and doc.main_words < minimum:
        yield Issue(f"{doc.main_words} words of main content, under {minimum}", selector="main")


PAGE_CHECKS: tuple[Check, ...] = (
    Check(
        "http-status",
        E,
        "The page must answer 200; crawlers drop pages that fail.",
        run=http_status,
    ),
    Check(
        "not-html",
        W,
        "Only HTML pages can be audited; check that the link should point here.",
        run=not_html,
    ),
    Check("h1-missing", E, "Give every page one <h1> that says what it is about.", run=h1_missing),
    Check("h1-multiple", W, "Keep one <h1> per page; use <h2> for sections.", run=h1_multiple),
    Check(
        "heading-order",
        W,
        "Headings should step down one level at a time (h2 after h1).",
        run=heading_order,
    ),
    Check(
        "heading-empty",
        W,
        "Every heading needs text; screen readers announce empty ones.",
        run=heading_empty,
    ),
    Check(
        "disclaimer-missing",
        E,
        "Medical pages must carry the required disclaimer, word for word.",
        run=disclaimer_missing,
    ),
    Check(
        "title-missing",
        E,
        "Write a unique <title>: it is the result's headline.",
        run=title_missing,
    ),
    Check(
        "title-length",
        W,
        "Keep titles under about {title_max_px} px so Google shows them whole (Yoast).",
        run=title_length,
    ),
    Check(
        "meta-description-missing",
        W,
        "Write a meta description; otherwise Google picks text from the page.",
        run=meta_description_missing,
    ),
    Check(
        "meta-description-length",
        W,
        "Keep meta descriptions between {description_min} and {description_max} characters (Yoast).",
        run=meta_description_length,
    ),
    Check(
        "canonical-missing",
        W,
        "Declare the page's canonical URL with <link rel=canonical>.",
        run=canonical_missing,
    ),
    Check(
        "canonical-invalid",
        E,
        "Use exactly one absolute canonical URL (Lighthouse: not relative, not conflicting).",
        run=canonical_invalid,
    ),
    Check(
        "hreflang-invalid",
        E,
        "hreflang needs valid language codes, absolute URLs, and the page itself among them.",
        run=hreflang_invalid,
    ),
    Check(
        "url-invalid",
        E,
        "Fix URLs that browsers and crawlers cannot follow (control characters, bad ports, "
        "malformed hosts).",
        run=url_invalid,
    ),
    Check(
        "canonical-in-body",
        E,
        "Put canonical and hreflang links in <head>; Google ignores them in the body.",
        run=canonical_in_body,
    ),
    Check(
        "html-lang-missing",
        E,
        'Declare the page\'s language: <html lang="en">.',
        run=html_lang_missing,
    ),
    Check(
        "viewport-missing",
        E,
        'Add <meta name=viewport content="width=device-width, initial-scale=1">.',
        run=viewport_missing,
    ),
    Check("jsonld-missing", W, "Describe the page with schema.org JSON-LD.", run=jsonld_missing),
    Check(
        "jsonld-invalid",
        E,
        "JSON-LD must be valid JSON, or search engines ignore it.",
        run=jsonld_invalid,
    ),
    Check(
        "jsonld-schema",
        E,
        "Use only types and properties that schema.org defines.",
        run=jsonld_schema,
    ),
    Check(
        "medicalclinic-missing",
        W,
        "Mark the clinic up as schema.org MedicalClinic so it can show in local results.",
        run=medicalclinic_missing,
    ),
    Check(
        "medicalclinic-incomplete",
        W,
        "Give the clinic Google's required and recommended LocalBusiness properties.",
        run=medicalclinic_incomplete,
    ),
    Check(
        "img-alt-missing",
        W,
        "Give every image an alt attribute (empty if decorative).",
        run=img_alt_missing,
    ),
    Check(
        "thin-content",
        W,
        "Indexable pages need substance: at least {thin_content_words} words of main content.",
        run=thin_content,
    ),
)
