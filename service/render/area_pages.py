"""Neighborhood pages: coming to the clinic from one part of town, in that place's own words."""

from __future__ import annotations

from service.content.models import Neighborhood
from service.pages.kinds import CONDITION_AREA, HOME
from service.pages.registry import Page
from service.pages.urls import PageKey
from service.render.kit import LocaleKit
from service.render.sections import Items, Link, Links, Note, Paragraphs, Section
from service.render.view import Body, Headings


def _hood(page: Page, kit: LocaleKit) -> Neighborhood:
    assert page.key.neighborhood is not None
    return kit.site.neighborhoods[page.key.neighborhood]


def area_headings(page: Page, kit: LocaleKit) -> Headings:
    text = _hood(page, kit).texts[kit.code]
    h1 = kit.gettext("Acupuncture near %(area)s") % {"area": text.name}
    return Headings(text.title, text.description, h1)


def area_body(page: Page, kit: LocaleKit) -> Body:
    hood = _hood(page, kit)
    text = hood.texts[kit.code]
    _ = kit.gettext
    zips = _("ZIP codes: %(zips)s") % {"zips": kit.list_of(hood.zip_codes)}
    conditions = tuple(
        Link(c.texts[kit.code].name, kit.url(CONDITION_AREA, slug, hood.slug))
        for slug, c in kit.site.conditions.items()
    )
    nearby = tuple(
        Link(
            kit.site.neighborhoods[other].texts[kit.code].name,
            kit.area_links_by_slug[other].url,
            kit.between(hood.slug, other),
        )
        for other in hood.nearby
    )
    first_visit = Link(_("What to expect on your first visit"), f"{kit.url(HOME)}#first-visit")
    sections = (
        Section("lead", "", (Paragraphs(text.intro), Note(zips))),
        Section(
            "getting-here",
            _("Getting to the clinic from %(area)s") % {"area": text.name},
            (Note(kit.from_area_sentence(hood.slug)), Paragraphs(text.getting_here)),
            children=(
                Section("roads", _("Main roads"), (Items(tuple(text.roads)),), level=3),
                Section("transit", _("Transit"), (Items(tuple(text.transit)),), level=3),
                Section("parking", _("Parking"), (Paragraphs(text.parking),), level=3),
            ),
        ),
        Section(
            "conditions",
            _("Condition guides for patients from %(area)s") % {"area": text.name},
            (Links(conditions),),
        ),
        Section("first-visit", _("Your first visit"), (Note("", link=first_visit),)),
        Section("nearby", _("Nearby neighborhoods"), (Links(nearby),)),
    )
    return Body(sections)


def area_crumb(key: PageKey, kit: LocaleKit) -> str:
    assert key.neighborhood is not None
    return kit.site.neighborhoods[key.neighborhood].texts[kit.code].name
