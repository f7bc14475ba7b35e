"""The JSON-LD ``@graph`` of a page, in the Yoast style: nodes linked by ``@id``.

Only what the page shows is marked up: the clinic block, practitioners and
services are on every page; a condition is described only where the page is
about it. ``to_script_json`` makes the JSON safe inside ``<script>``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import phonenumbers

from service.content.models import Clinic, Condition, Locale
from service.pages.registry import Page, PageRegistry
from service.pages.urls import PageKey, PageKind

SCHEMA = "https://schema.org"
TRADITIONAL_CHINESE = f"{SCHEMA}/TraditionalChinese"


@lru_cache(maxsize=64)
def schema_telephone(number: str, region: str) -> str:
    """``+1-310-555-0142``: international form with dashes, as Google's examples use."""
    parsed = phonenumbers.parse(number, region)
    formatted = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return formatted.replace(" ", "-")


def node_id(base_url: str, name: str) -> str:
    return f"{base_url}/#{name}"


def _clinic_node(registry: PageRegistry, locale: Locale) -> dict[str, Any]:
    site, base = registry.site, registry.base_url
    clinic: Clinic = site.clinic
    code = locale.code
    home = registry.page(PageKey(PageKind.home), locale)
    return {
        "@type": "MedicalClinic",
        "@id": node_id(base, "clinic"),
        "name": clinic.name,
        "description": clinic.description[code],
        "url": home.url,
        "image": f"{base}/static/{clinic.image}",
        "telephone": schema_telephone(clinic.telephone, clinic.address.country),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": clinic.address.street,
            "addressLocality": clinic.address.locality,
            "addressRegion": clinic.address.region,
            "postalCode": clinic.address.postal_code,
            "addressCountry": clinic.address.country,
        },
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": f"{clinic.geo.lat:.5f}",
            "longitude": f"{clinic.geo.lon:.5f}",
        },
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": [f"{SCHEMA}/{day.value}" for day in hours.days],
                "opens": hours.opens,
                "closes": hours.closes,
            }
            for hours in clinic.hours
        ],
        "priceRange": clinic.price_range,
        "medicalSpecialty": {
            "@type": "MedicalSpecialty",
            "name": clinic.modalities[0].name[code],
        },
        "availableService": [{"@id": node_id(base, f"therapy-{m.id}")} for m in clinic.modalities],
        "areaServed": [
            {"@type": "Place", "name": hood.texts[code].name}
            for hood in site.neighborhoods.values()
        ],
        "isAcceptingNewPatients": clinic.accepting_new_patients,
        "knowsLanguage": clinic.languages,
        "employee": [{"@id": node_id(base, f"person-{p.id}")} for p in clinic.practitioners],
    }


def _therapy_nodes(registry: PageRegistry, locale: Locale) -> list[dict[str, Any]]:
    code = locale.code
    return [
        {
            "@type": "MedicalTherapy",
            "@id": node_id(registry.base_url, f"therapy-{m.id}"),
            "name": m.name[code],
            "description": m.description[code],
            "medicineSystem": TRADITIONAL_CHINESE,
        }
        for m in registry.site.clinic.modalities
    ]


def _person_nodes(registry: PageRegistry, locale: Locale) -> list[dict[str, Any]]:
    return [
        {
            "@type": "Person",
            "@id": node_id(registry.base_url, f"person-{p.id}"),
            "name": p.name,
            "honorificSuffix": p.honorific_suffix,
            "jobTitle": p.job_title[locale.code],
            "worksFor": {"@id": node_id(registry.base_url, "clinic")},
        }
        for p in registry.site.clinic.practitioners
    ]


def _condition_node(registry: PageRegistry, condition: Condition, code: str) -> dict[str, Any]:
    text = condition.texts[code]
    return {
        "@type": "MedicalCondition",
        "@id": node_id(registry.base_url, f"condition-{condition.slug}-{code}"),
        "name": text.name,
        "signOrSymptom": [{"@type": "MedicalSignOrSymptom", "name": s} for s in text.symptoms],
        "possibleTreatment": [
            {"@id": node_id(registry.base_url, f"therapy-{m.id}")}
            for m in registry.site.clinic.modalities
        ],
    }


@lru_cache(maxsize=16)
def site_nodes(registry: PageRegistry, locale: Locale) -> tuple[dict[str, Any], ...]:
    """The nodes every page shows: the website, the clinic, its people and services.

    The same on every page of a locale, so built once per registry and locale (the
    clinic node lists every neighborhood served); callers must not change them.
    """
    site, base = registry.site, registry.base_url
    return (
        {
            "@type": "WebSite",
            "@id": node_id(base, "website"),
            "url": f"{base}/",
            "name": site.clinic.name,
            "inLanguage": [loc.code for loc in site.locales],
            "publisher": {"@id": node_id(base, "clinic")},
        },
        _clinic_node(registry, locale),
        *_person_nodes(registry, locale),
        *_therapy_nodes(registry, locale),
    )


def build_graph(
    registry: PageRegistry,
    page: Page,
    *,
    title: str,
    description: str,
    breadcrumbs: list[tuple[str, str]],
) -> dict[str, Any]:
    site, base = registry.site, registry.base_url
    code = page.locale.code
    webpage: dict[str, Any] = {
        "@type": "MedicalWebPage",
        "@id": f"{page.url}#webpage",
        "url": page.url,
        "name": title,
        "description": description,
        "inLanguage": code,
        "isPartOf": {"@id": node_id(base, "website")},
        "breadcrumb": {"@id": f"{page.url}#breadcrumb"},
        "dateModified": registry.last_modified(page).isoformat(),
        "primaryImageOfPage": f"{base}/static/{site.clinic.image}",
    }
    graph: list[dict[str, Any]] = [
        *site_nodes(registry, page.locale),
        webpage,
        {
            "@type": "BreadcrumbList",
            "@id": f"{page.url}#breadcrumb",
            "itemListElement": [
                {"@type": "ListItem", "position": i, "name": name, "item": url}
                for i, (name, url) in enumerate(breadcrumbs, start=1)
            ],
        },
    ]
    if page.kind in (PageKind.condition, PageKind.condition_area) and page.key.condition:
        condition = site.conditions[page.key.condition]
        webpage["lastReviewed"] = condition.reviewed_on.isoformat()
        webpage["reviewedBy"] = {"@id": node_id(base, f"person-{condition.reviewed_by}")}
        condition_node = _condition_node(registry, condition, code)
        webpage["about"] = {"@id": condition_node["@id"]}
        graph.append(condition_node)
    return {"@context": SCHEMA, "@graph": graph}


# Characters that could end the <script> element or break old parsers, as JSON escapes.
# Chained str.replace: several times faster than str.translate on large strings.
_SCRIPT_UNSAFE = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def site_graph(registry: PageRegistry, locale: Locale) -> dict[str, Any]:
    """The graph of a page that is about nothing in particular (the 404 page)."""
    return {"@context": SCHEMA, "@graph": list(site_nodes(registry, locale))}


def to_script_json(data: dict[str, Any]) -> str:
    """JSON that no string inside can end the ``<script>`` element early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for unsafe, escaped in _SCRIPT_UNSAFE:
        if unsafe in text:
            text = text.replace(unsafe, escaped)
    return text
