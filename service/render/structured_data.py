"""The JSON-LD ``@graph`` of a page, in the Yoast style: nodes linked by ``@id``.

Only what the page shows, and only what is confirmed, is marked up: the
clinic's confirmed facts (no coordinates, no booking page or languages until
the clinic confirms them), its practitioners and services on every page; a
condition, the treatments its text speaks of and the research it cites only
where the page is about it. ``to_script_json`` makes the JSON safe inside
``<script>``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from service.content.models import Condition, Source
from service.pages.registry import Page
from service.render.assets import static_url
from service.render.kit import LocaleKit, schema_telephone

SCHEMA = "https://schema.org"
TRADITIONAL_CHINESE = f"{SCHEMA}/TraditionalChinese"


def node_id(base_url: str, name: str) -> str:
    return f"{base_url}/#{name}"


def _clinic_node(kit: LocaleKit) -> dict[str, Any]:
    site, base = kit.site, kit.registry.base_url
    clinic = site.clinic
    node: dict[str, Any] = {
        "@type": "MedicalClinic",
        "@id": node_id(base, "clinic"),
        "name": clinic.name,
        "alternateName": clinic.short_name,
        "description": clinic.description[kit.code],
        "url": kit.url("home"),
        "image": base + static_url(clinic.image),
        "telephone": schema_telephone(clinic.telephone, clinic.address.country),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": clinic.address.street,
            "addressLocality": clinic.address.locality,
            "addressRegion": clinic.address.region,
            "postalCode": clinic.address.postal_code,
            "addressCountry": clinic.address.country,
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
        "availableService": [{"@id": node_id(base, f"therapy-{m.id}")} for m in clinic.modalities],
        "areaServed": [
            {"@type": "Place", "name": hood.texts[kit.code].name}
            for hood in site.neighborhoods.values()
        ],
        "employee": [{"@id": node_id(base, f"person-{p.id}")} for p in clinic.practitioners],
    }
    # Published only when confirmed: the loader has dropped whatever no source confirms.
    optional = {
        "email": clinic.email,
        "priceRange": clinic.price_range,
        "isAcceptingNewPatients": clinic.accepting_new_patients,
        "knowsLanguage": clinic.languages or None,
    }
    node.update({key: value for key, value in optional.items() if value is not None})
    return node


def _therapy_nodes(kit: LocaleKit) -> list[dict[str, Any]]:
    return [
        {
            "@type": "MedicalTherapy",
            "@id": node_id(kit.registry.base_url, f"therapy-{m.id}"),
            "name": m.name[kit.code],
            "description": m.description[kit.code],
            "medicineSystem": TRADITIONAL_CHINESE,
        }
        for m in kit.site.clinic.modalities
    ]


def _person_nodes(kit: LocaleKit) -> list[dict[str, Any]]:
    return [
        {
            "@type": "Person",
            "@id": node_id(kit.registry.base_url, f"person-{p.id}"),
            "name": p.name,
            "honorificSuffix": p.honorific_suffix,
            "jobTitle": p.job_title[kit.code],
            "description": p.bio[kit.code],
            "worksFor": {"@id": node_id(kit.registry.base_url, "clinic")},
        }
        for p in kit.site.clinic.practitioners
    ]


@lru_cache(maxsize=64)
def site_nodes(kit: LocaleKit) -> tuple[dict[str, Any], ...]:
    """The nodes every page of a locale shows: the website, the clinic, its people and services.

    The same on every page of a locale (the clinic node lists every neighborhood served),
    so built once per kit; callers must not change them.
    """
    site, base = kit.site, kit.registry.base_url
    return (
        {
            "@type": "WebSite",
            "@id": node_id(base, "website"),
            "url": f"{base}/",
            "name": site.clinic.short_name,
            "inLanguage": [loc.code for loc in site.locales],
            "publisher": {"@id": node_id(base, "clinic")},
        },
        _clinic_node(kit),
        *_person_nodes(kit),
        *_therapy_nodes(kit),
    )


def citation_node(source: Source, label: str) -> dict[str, Any]:
    """A cited work: a paper as ScholarlyArticle, anything else as CreativeWork."""
    node: dict[str, Any] = {
        "@type": "ScholarlyArticle" if source.doi else "CreativeWork",
        "name": source.title or label,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.authors:
        node["author"] = [{"@type": "Person", "name": name} for name in source.authors]
    if source.published:
        node["datePublished"] = source.published
    if source.container:
        node["isPartOf"] = {"@type": "Periodical", "name": source.container}
    if source.doi:
        node["identifier"] = f"doi:{source.doi}"
    if source.link:
        node["url"] = source.link
    return node


def condition_nodes(
    page: Page, kit: LocaleKit, webpage: dict[str, Any], *, symptoms: bool
) -> list[dict[str, Any]]:
    """The condition a page is about, what may treat it, and the research the page cites;
    its symptoms only where the page lists them."""
    assert page.key.condition is not None
    condition: Condition = kit.site.conditions[page.key.condition]
    base = kit.registry.base_url
    text = condition.texts[kit.code]
    node: dict[str, Any] = {
        "@type": "MedicalCondition",
        "@id": node_id(base, f"condition-{condition.slug}-{kit.code}"),
        "name": text.name,
    }
    if symptoms:
        node["signOrSymptom"] = [
            {"@type": "MedicalSignOrSymptom", "name": s} for s in text.symptoms
        ]
    node["possibleTreatment"] = [
        {"@id": node_id(base, f"therapy-{t}")} for t in condition.possible_treatments
    ]
    webpage["about"] = {"@id": node["@id"]}
    sources = [*kit.site.evidence.sources, *condition.sources]
    webpage["citation"] = [
        citation_node(kit.site.sources[s], kit.citation(s).title) for s in dict.fromkeys(sources)
    ]
    if condition.review is not None:
        webpage["lastReviewed"] = condition.review.on.isoformat()
        webpage["reviewedBy"] = {"@id": node_id(base, f"person-{condition.review.by}")}
    return [node]


def build_graph(
    page: Page,
    kit: LocaleKit,
    *,
    title: str,
    description: str,
    breadcrumbs: list[tuple[str, str]],
    about_condition: bool,
    shows_symptoms: bool = False,
) -> dict[str, Any]:
    base = kit.registry.base_url
    webpage: dict[str, Any] = {
        "@type": "MedicalWebPage",
        "@id": f"{page.url}#webpage",
        "url": page.url,
        "name": title,
        "description": description,
        "inLanguage": kit.code,
        "isPartOf": {"@id": node_id(base, "website")},
        "dateModified": kit.registry.last_modified(page).isoformat(),
        "primaryImageOfPage": base + static_url(kit.site.clinic.image),
    }
    graph: list[dict[str, Any]] = [*site_nodes(kit), webpage]
    # Google wants two or more items in a trail; the home page has only itself.
    if len(breadcrumbs) >= 2:
        webpage["breadcrumb"] = {"@id": f"{page.url}#breadcrumb"}
        graph.append(
            {
                "@type": "BreadcrumbList",
                "@id": f"{page.url}#breadcrumb",
                "itemListElement": [
                    {"@type": "ListItem", "position": i, "name": name, "item": url}
                    for i, (name, url) in enumerate(breadcrumbs, start=1)
                ],
            }
        )
    if about_condition:
        graph += condition_nodes(page, kit, webpage, symptoms=shows_symptoms)
    return {"@context": SCHEMA, "@graph": graph}


def site_graph(kit: LocaleKit) -> dict[str, Any]:
    """The graph of a page that is about nothing in particular (the 404 page)."""
    return {"@context": SCHEMA, "@graph": list(site_nodes(kit))}


# Characters that could end the <script> element or break old parsers, as JSON escapes.
# Chained str.replace: several times faster than str.translate on large strings.
_SCRIPT_UNSAFE = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def to_script_json(data: dict[str, Any]) -> str:
    """JSON that no string inside can end the ``<script>`` element early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for unsafe, escaped in _SCRIPT_UNSAFE:
        if unsafe in text:
            text = text.replace(unsafe, escaped)
    return text
