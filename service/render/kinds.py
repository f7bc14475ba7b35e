"""The table of page kinds: one entry per kind says everything about it.

Its URL pattern, breadcrumb parent and sitemap group (what the registry
reads), whether it is a landing page the doorway rule judges, and how it is
built: its title, description and h1, its body, its breadcrumb label, its
template and whether its JSON-LD describes a condition. Adding a kind is
adding an entry here, a template if the generic one will not do, and a test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from service.pages import kinds as k
from service.pages.kinds import PageKindSpec
from service.pages.registry import Page
from service.pages.urls import PageKey
from service.render import area_pages, condition_pages, hub_pages
from service.render.kit import LocaleKit
from service.render.view import Body, Headings


@dataclass(frozen=True, kw_only=True)
class PageKind(PageKindSpec):
    headings: Callable[[Page, LocaleKit], Headings]
    body: Callable[[Page, LocaleKit], Body]
    crumb: Callable[[PageKey, LocaleKit], str]  # the page's name in a breadcrumb trail
    template: str = "page.html"
    # Its JSON-LD describes the condition, its treatments and its sources; and the
    # symptoms, where the page lists them.
    about_condition: bool = False
    shows_symptoms: bool = False
    og_type: str = "website"


PAGE_KINDS: tuple[PageKind, ...] = (
    PageKind(
        name=k.HOME,
        pattern="",
        parent=None,
        sitemap_group="hubs",
        headings=hub_pages.home_headings,
        body=hub_pages.home_body,
        crumb=hub_pages.home_crumb,
    ),
    PageKind(
        name=k.CONDITIONS_HUB,
        pattern="conditions/",
        parent=k.HOME,
        sitemap_group="hubs",
        headings=hub_pages.conditions_hub_headings,
        body=hub_pages.conditions_hub_body,
        crumb=hub_pages.conditions_hub_crumb,
    ),
    PageKind(
        name=k.CONDITION,
        pattern="conditions/{condition}/",
        parent=k.CONDITIONS_HUB,
        sitemap_group="conditions",
        landing=True,
        headings=condition_pages.condition_headings,
        body=condition_pages.condition_body,
        crumb=condition_pages.condition_crumb,
        about_condition=True,
        shows_symptoms=True,
        og_type="article",
    ),
    PageKind(
        name=k.AREAS_HUB,
        pattern="areas/",
        parent=k.HOME,
        sitemap_group="hubs",
        headings=hub_pages.areas_hub_headings,
        body=hub_pages.areas_hub_body,
        crumb=hub_pages.areas_hub_crumb,
    ),
    PageKind(
        name=k.AREA,
        pattern="areas/{neighborhood}/",
        parent=k.AREAS_HUB,
        sitemap_group="areas",
        landing=True,
        headings=area_pages.area_headings,
        body=area_pages.area_body,
        crumb=area_pages.area_crumb,
    ),
    PageKind(
        name=k.CONDITION_AREA,
        pattern="conditions/{condition}/{neighborhood}/",
        parent=k.CONDITION,
        sitemap_group="condition-areas",
        landing=True,
        needs_own_content=True,
        headings=condition_pages.combination_headings,
        body=condition_pages.combination_body,
        crumb=condition_pages.combination_crumb,
        about_condition=True,
        og_type="article",
    ),
)
