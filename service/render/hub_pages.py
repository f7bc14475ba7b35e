"""The home page and the hubs: navigation pages, in the words of site.yaml."""

from __future__ import annotations

from service.pages.registry import Page
from service.pages.urls import PageKey
from service.render.kit import LocaleKit
from service.render.sections import Link, Links, Paragraphs, Section
from service.render.view import Body, Headings


def home_headings(page: Page, kit: LocaleKit) -> Headings:
    return Headings(kit.copy.home_title, kit.copy.home_description, kit.copy.home_h1)


def _names_only(links: tuple[Link, ...]) -> tuple[Link, ...]:
    """The hubs describe each guide and area; the home page only names them, so it is not
    a copy of the hubs."""
    return tuple(Link(link.text, link.url) for link in links)


def home_body(page: Page, kit: LocaleKit) -> Body:
    _ = kit.gettext
    return Body(
        (
            Section(
                "lead",
                "",
                (Paragraphs(kit.site.clinic.description[kit.code]), Paragraphs(kit.copy.home_lead)),
            ),
            Section(
                "conditions",
                _("Conditions acupuncture may help"),
                (Links(_names_only(kit.condition_links)),),
            ),
            Section("areas", _("Neighborhoods we serve"), (Links(_names_only(kit.area_links)),)),
            Section("about", _("How our guides work"), (Paragraphs(kit.copy.home_about),)),
            Section(
                "first-visit",
                _("What to expect on your first visit"),
                (Paragraphs(kit.site.clinic.first_visit[kit.code]),),
            ),
        )
    )


def home_crumb(key: PageKey, kit: LocaleKit) -> str:
    return kit.gettext("Home")


def conditions_hub_headings(page: Page, kit: LocaleKit) -> Headings:
    copy = kit.copy
    return Headings(copy.conditions_title, copy.conditions_description, copy.conditions_h1)


def conditions_hub_body(page: Page, kit: LocaleKit) -> Body:
    return Body(
        (
            Section("lead", "", (Paragraphs(kit.copy.conditions_lead),)),
            Section("list", kit.gettext("Our condition guides"), (Links(kit.condition_links),)),
        )
    )


def conditions_hub_crumb(key: PageKey, kit: LocaleKit) -> str:
    return kit.gettext("Conditions")


def areas_hub_headings(page: Page, kit: LocaleKit) -> Headings:
    return Headings(kit.copy.areas_title, kit.copy.areas_description, kit.copy.areas_h1)


def areas_hub_body(page: Page, kit: LocaleKit) -> Body:
    return Body(
        (
            Section("lead", "", (Paragraphs(kit.copy.areas_lead),)),
            Section("list", kit.gettext("Neighborhoods"), (Links(kit.area_links),)),
        )
    )


def areas_hub_crumb(key: PageKey, kit: LocaleKit) -> str:
    return kit.gettext("Areas we serve")
