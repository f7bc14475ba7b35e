"""Checks of one page. Each is a small function over a parsed ``Document``.

Adding a check is adding one function here and one test in
tests/audit/test_checks.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from service.audit.config import AuditConfig
from service.audit.document import Document
from service.audit.model import Severity
from service.audit.registry import Issue, page_check
from service.audit.serp import title_px
from service.content.text import display_width, normalize_space, normalized_phrase
from service.schema_vocabulary import vocabulary_problems

E, W, N = Severity.error, Severity.warning, Severity.notice
LOCAL_BUSINESS_TYPES = {"MedicalClinic", "Physician", "Dentist", "MedicalBusiness", "LocalBusiness"}


@page_check("http-status", E, "The page must answer 200; crawlers drop pages that fail.")
def http_status(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if doc.fetch_error:
        yield Issue(doc.fetch_error)
    elif doc.status != 200:
        yield Issue(f"answered HTTP {doc.status}")


@page_check("not-html", W, "Only HTML pages can be audited; check that the link should point here.")
def not_html(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if doc.status == 200 and not doc.fetch_error and not doc.is_html:
        yield Issue(f"content type {doc.content_type or 'unknown'} is not HTML")


@page_check("h1-missing", E, "Give every page one <h1> that says what it is about.")
def h1_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not any(h.level == 1 for h in doc.headings):
        yield Issue("the page has no <h1>")


@page_check("h1-multiple", W, "Keep one <h1> per page; use <h2> for sections.")
def h1_multiple(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    h1s = [h for h in doc.headings if h.level == 1]
    if len(h1s) > 1:
        yield Issue(f"{len(h1s)} <h1> elements", selector=h1s[1].selector)


@page_check("heading-order", W, "Headings should step down one level at a time (h2 after h1).")
def heading_order(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    previous = 0
    for heading in doc.headings:
        if previous and heading.level > previous + 1:
            yield Issue(
                f"<h{heading.level}> follows <h{previous}>, skipping a level",
                selector=heading.selector,
            )
        previous = heading.level


@page_check("heading-empty", W, "Every heading needs text; screen readers announce empty ones.")
def heading_empty(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    for heading in doc.headings:
        if not heading.text:
            yield Issue(f"empty <h{heading.level}>", selector=heading.selector)


@page_check(
    "disclaimer-missing", E, "Medical pages must carry the required disclaimer, word for word."
)
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


@page_check("title-missing", E, "Write a unique <title>: it is the result's headline.")
def title_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not any(doc.titles):
        yield Issue("no <title>, or an empty one", selector="head > title")


@page_check("title-length", W, "Keep titles under about 600 px so Google shows them whole (Yoast).")
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


@page_check(
    "meta-description-missing",
    W,
    "Write a meta description; otherwise Google picks text from the page.",
)
def meta_description_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not any(doc.descriptions):
        yield Issue("no meta description", selector='meta[name="description"]')


@page_check(
    "meta-description-length", W, "Keep meta descriptions between 120 and 156 characters (Yoast)."
)
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


@page_check("canonical-missing", W, "Declare the page's canonical URL with <link rel=canonical>.")
def canonical_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not doc.canonicals and not doc.noindex:
        yield Issue("no canonical link")


def _absolute_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"\s", url)


@page_check(
    "canonical-invalid",
    E,
    "Use exactly one absolute canonical URL (Lighthouse: not relative, not conflicting).",
)
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


def valid_language_tag(tag: str) -> bool:
    if tag.lower() == "x-default":
        return True
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag):
        return False
    try:
        Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


@page_check(
    "hreflang-invalid",
    E,
    "hreflang needs valid language codes, absolute URLs, and the page itself among them.",
)
def hreflang_invalid(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not doc.alternates:
        return
    seen: dict[str, str] = {}
    for lang, href in doc.alternates:
        selector = f'link[rel="alternate"][hreflang="{lang}"]'
        if not valid_language_tag(lang):
            yield Issue(f"hreflang {lang!r} is not a valid language code", selector=selector)
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


@page_check("html-lang-missing", E, 'Declare the page\'s language: <html lang="en">.')
def html_lang_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not doc.lang:
        yield Issue("<html> has no lang attribute", selector="html")
    elif not valid_language_tag(doc.lang) or doc.lang.lower() == "x-default":
        yield Issue(f"<html lang={doc.lang!r}> is not a valid language code", selector="html")


@page_check(
    "viewport-missing", E, 'Add <meta name=viewport content="width=device-width, initial-scale=1">.'
)
def viewport_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not doc.has_viewport:
        yield Issue("no viewport meta tag: phones will show a zoomed-out desktop page")


@page_check("jsonld-missing", W, "Describe the page with schema.org JSON-LD.")
def jsonld_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not doc.jsonld:
        yield Issue('no <script type="application/ld+json">')


@page_check("jsonld-invalid", E, "JSON-LD must be valid JSON, or search engines ignore it.")
def jsonld_invalid(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    for block in doc.jsonld:
        if block.error:
            yield Issue(f"JSON-LD does not parse: {block.error}", selector=block.selector)


@page_check("jsonld-schema", E, "Use only types and properties that schema.org defines.")
def jsonld_schema(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    for block in doc.jsonld:
        if block.data is not None:
            for problem in vocabulary_problems(block.data):
                yield Issue(problem, selector=block.selector)


def _clinics(doc: Document) -> list[dict]:
    def types(node: dict) -> set[str]:
        value = node.get("@type")
        return {value} if isinstance(value, str) else set(value or [])

    return [n for n in doc.jsonld_nodes() if types(n) & LOCAL_BUSINESS_TYPES]


@page_check(
    "medicalclinic-missing",
    W,
    "Mark the clinic up as schema.org MedicalClinic so it can show in local results.",
)
def medicalclinic_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    if not doc.jsonld or any(b.error for b in doc.jsonld):
        return  # reported by jsonld-missing / jsonld-invalid
    if not _clinics(doc):
        yield Issue("no MedicalClinic (or other LocalBusiness) in the structured data")


def _decimals(value: object) -> int:
    text = str(value)
    return len(text.split(".", 1)[1]) if "." in text else 0


@page_check(
    "medicalclinic-incomplete",
    W,
    "Give the clinic Google's required and recommended LocalBusiness properties.",
)
def medicalclinic_incomplete(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    for clinic in _clinics(doc):
        missing = [key for key in ("name", "url", "image", "telephone") if not clinic.get(key)]
        if not clinic.get("openingHoursSpecification") and not clinic.get("openingHours"):
            missing.append("openingHoursSpecification")
        address = clinic.get("address")
        if not isinstance(address, dict):
            missing.append("address")
        else:
            missing += [
                f"address.{part}"
                for part in (
                    "streetAddress",
                    "addressLocality",
                    "addressRegion",
                    "postalCode",
                    "addressCountry",
                )
                if not address.get(part)
            ]
        geo = clinic.get("geo")
        if not isinstance(geo, dict) or not geo.get("latitude") or not geo.get("longitude"):
            # Recommended, not required: a clinic that has not confirmed its coordinates
            # is right to leave them out rather than publish a guess.
            yield Issue("no geo coordinates (recommended when they are known exactly)", severity=N)
        elif min(_decimals(geo["latitude"]), _decimals(geo["longitude"])) < 5:
            yield Issue("geo coordinates have fewer than 5 decimal places")
        phone = str(clinic.get("telephone") or "")
        if phone and not phone.startswith("+"):
            yield Issue(f"telephone {phone!r} lacks the country code (+1-...)")
        if missing:
            yield Issue(f"{clinic.get('@type')} lacks {', '.join(missing)}")


@page_check("img-alt-missing", W, "Give every image an alt attribute (empty if decorative).")
def img_alt_missing(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    for selector in doc.images_without_alt:
        yield Issue("image without alt text", selector=selector)


@page_check(
    "thin-content", W, "Indexable pages need substance: at least 300 words of main content."
)
def thin_content(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    minimum = config.thresholds.thin_content_words
    if not doc.noindex and doc.main_words < minimum:
        yield Issue(f"{doc.main_words} words of main content, under {minimum}", selector="main")
