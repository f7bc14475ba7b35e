"""A page kind is one entry in the kinds table: adding one touches the table, a template
and a test, and the registry, sitemaps, breadcrumbs and JSON-LD follow."""

from __future__ import annotations

from pathlib import Path

from service.output.sitemap import write_sitemaps
from service.pages import kinds as k
from service.pages.registry import Page
from service.pages.urls import PageKey
from service.render.kinds import PAGE_KINDS, PageKind
from service.render.kit import LocaleKit
from service.render.sections import Items, Section
from service.render.view import Body, Headings
from service.render.website import open_website
from service.settings import Settings
from tests.utils import jsonld, soup

BASE = "https://clinic.example"


def practitioners_headings(page: Page, kit: LocaleKit) -> Headings:
    return Headings(
        f"Our practitioners | {kit.site.clinic.short_name}",
        "The licensed acupuncturists who see patients at the clinic on Wilshire Boulevard, "
        "with the credentials each of them holds, in West Los Angeles.",
        "Our practitioners",
    )


def practitioners_body(page: Page, kit: LocaleKit) -> Body:
    people = tuple(f"{p.name}, {p.honorific_suffix}" for p in kit.site.clinic.practitioners)
    return Body((Section("people", "Practitioners", (Items(people),)),))


PRACTITIONERS = PageKind(
    name="practitioners",
    pattern="practitioners/",
    parent=k.HOME,
    sitemap_group="hubs",
    headings=practitioners_headings,
    body=practitioners_body,
    crumb=lambda key, kit: "Practitioners",
    template="practitioners.html",
)


def test_a_new_kind_is_one_entry_a_template_and_this_test(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "practitioners.html").write_text(
        '{% extends "base.html" %}{% block content %}'
        '<p class="new-kind">{{ body.sections[0].blocks[0].items|join("; ") }}</p>'
        "{% endblock %}",
        "utf-8",
    )
    website = open_website(
        Settings(base_url=BASE), kinds=(*PAGE_KINDS, PRACTITIONERS), extra_templates=[templates]
    )
    page = website.registry.resolve("/es/practitioners/")
    assert page is not None and page.key == PageKey("practitioners")
    html = soup(website.render(page))
    assert "Qineng Tan, L.Ac., Ph.D." in html.select_one("p.new-kind").get_text()
    crumbs = [li.get_text(strip=True) for li in html.select("nav.breadcrumbs li")]
    assert crumbs == ["Inicio", "Practitioners"]
    graph = jsonld(html)["@graph"]
    trail = next(node for node in graph if node["@type"] == "BreadcrumbList")
    assert trail["itemListElement"][-1]["item"] == f"{BASE}/es/practitioners/"
    sitemaps = write_sitemaps(website.registry, tmp_path / "sitemaps")
    assert f"{BASE}/practitioners/" in (tmp_path / "sitemaps" / "sitemap-hubs-en-1.xml").read_text()
    assert len(website.registry) == 582 + 3 and sitemaps.urls == 87 + 3
