"""What each page kind shows: the template context, built from the registry.

Templates only lay this out; every decision (which links, which words, which
title pattern fits) is made here, where it can be tested.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

import phonenumbers
from babel import Locale as BabelLocale
from babel.lists import format_list

from service.content.models import Locale
from service.geo import Trip, estimate_trip
from service.i18n import Formatter
from service.pages.indexability import combo_condition_text, combo_neighborhood_text
from service.pages.registry import Alternate, Page, PageRegistry
from service.pages.urls import PageKey, PageKind
from service.render.headings import fit_description, fit_title
from service.render.structured_data import (
    build_graph,
    schema_telephone,
    site_graph,
    to_script_json,
)

# How many neighborhoods the footer lists (the nearest); the areas hub lists every one.
FOOTER_AREAS = 20


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    note: str = ""


class Headings(NamedTuple):
    title: str
    description: str
    h1: str


@dataclass
class Head:
    title: str
    description: str
    canonical: str
    robots: str
    alternates: list[Alternate]
    og_type: str
    og_locale: str
    image: str


@dataclass
class PageContext:
    """Everything base.html and a page template need."""

    page: Page | None  # None for the 404 page
    locale: Locale
    head: Head
    h1: str
    breadcrumbs: list[Link]
    jsonld: str
    languages: list[Link]
    template: str
    body: dict[str, Any] = field(default_factory=dict)


class ContextBuilder:
    """Builds the context of any page of one registry, in any of its locales."""

    def __init__(self, registry: PageRegistry, translations: dict[str, gettext.NullTranslations]):
        self.registry = registry
        self.site = registry.site
        self._translations = translations
        self._formatters = {loc.code: Formatter(loc) for loc in self.site.locales}
        # Parts that are the same on many pages, worked out once: a large site renders
        # the clinic block hundreds of thousands of times.
        self._clinic_blocks: dict[str, dict[str, Any]] = {}
        self._hub_lists: dict[str, list[Link]] = {}
        self._trip_texts: dict[tuple[str, str], str] = {}

    # -- helpers -----------------------------------------------------------------

    def gettext(self, locale: Locale) -> Any:
        return self._translations[locale.code].gettext

    def url(
        self,
        kind: PageKind,
        locale: Locale,
        condition: str | None = None,
        neighborhood: str | None = None,
    ) -> str:
        return self.registry.page(PageKey(kind, condition, neighborhood), locale).url

    def trip(self, neighborhood: str) -> Trip:
        return estimate_trip(self.site.neighborhoods[neighborhood].geo, self.site.clinic.geo)

    def trip_text(self, neighborhood: str, locale: Locale) -> str:
        key = (neighborhood, locale.code)
        if key not in self._trip_texts:
            self._trip_texts[key] = self._trip_text(neighborhood, locale)
        return self._trip_texts[key]

    def _trip_text(self, neighborhood: str, locale: Locale) -> str:
        _ = self.gettext(locale)
        fmt = self._formatters[locale.code]
        trip = self.trip(neighborhood)
        return _(
            "About %(miles)s miles (%(km)s km) by road; roughly %(low)s–%(high)s minutes "
            "by car, depending on traffic."
        ) % {
            "miles": fmt.decimal(trip.road_miles),
            "km": fmt.decimal(trip.road_km),
            "low": trip.minutes_low,
            "high": trip.minutes_high,
        }

    def clinic_block(self, locale: Locale) -> dict[str, Any]:
        """The NAP block, booking call to action, practitioners and services."""
        if locale.code not in self._clinic_blocks:
            self._clinic_blocks[locale.code] = self._clinic_block(locale)
        return self._clinic_blocks[locale.code]

    @cached_property
    def _footer_areas(self) -> set[str]:
        """The neighborhoods every page's footer lists: all, or the nearest ``FOOTER_AREAS``.

        A site serving hundreds of neighborhoods would otherwise put hundreds of
        links on every page; the areas hub lists them all.
        """
        by_distance = sorted(self.site.neighborhoods, key=lambda s: self.trip(s).road_km)
        return set(by_distance[:FOOTER_AREAS])

    def _clinic_block(self, locale: Locale) -> dict[str, Any]:
        clinic = self.site.clinic
        babel_id = locale.babel_identifier  # lists as the locale writes them: "、" in Chinese
        _ = self.gettext(locale)
        number = phonenumbers.parse(clinic.telephone, clinic.address.country)
        day_names = {
            "Monday": _("Monday"),
            "Tuesday": _("Tuesday"),
            "Wednesday": _("Wednesday"),
            "Thursday": _("Thursday"),
            "Friday": _("Friday"),
            "Saturday": _("Saturday"),
            "Sunday": _("Sunday"),
        }
        hours = [
            {
                "days": format_list([day_names[d.value] for d in h.days], locale=babel_id),
                "opens": h.opens,
                "closes": h.closes,
            }
            for h in clinic.hours
        ]
        return {
            "name": clinic.name,
            "description": clinic.description[locale.code],
            "street": clinic.address.street,
            "locality": clinic.address.locality,
            "region": clinic.address.region,
            "postal_code": clinic.address.postal_code,
            "phone_display": phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.NATIONAL
            ),
            "phone_href": "tel:" + schema_telephone(clinic.telephone, clinic.address.country),
            "booking_url": clinic.booking_url,
            "hours": hours,
            "price_range": clinic.price_range,
            "languages": format_list(
                [
                    BabelLocale.parse(code.replace("-", "_")).get_display_name(babel_id) or code
                    for code in clinic.languages
                ],
                locale=babel_id,
            ),
            "image": f"/static/{clinic.image}",
            "practitioners": [
                {"name": p.name, "suffix": p.honorific_suffix, "job": p.job_title[locale.code]}
                for p in clinic.practitioners
            ],
            "modalities": [
                {"name": m.name[locale.code], "description": m.description[locale.code]}
                for m in clinic.modalities
            ],
            "areas": [
                Link(h.texts[locale.code].name, self.url(PageKind.area, locale, neighborhood=s))
                for s, h in self.site.neighborhoods.items()
                if s in self._footer_areas
            ],
            "areas_total": len(self.site.neighborhoods),
            "areas_hub": self.url(PageKind.areas_hub, locale),
        }

    def languages(self, page: Page | None, locale: Locale) -> list[Link]:
        """Links to this page in every other language (the home page on a 404)."""
        key = page.key if page else PageKey(PageKind.home)
        return [
            Link(loc.name, self.registry.page(key, loc).url, note=loc.code)
            for loc in self.site.locales
            if loc.code != locale.code
        ]

    def _crumbs(self, page: Page) -> list[Link]:
        loc, key = page.locale, page.key
        _ = self.gettext(loc)
        crumbs = [Link(_("Home"), self.url(PageKind.home, loc))]
        if key.kind in (PageKind.conditions_hub, PageKind.condition, PageKind.condition_area):
            crumbs.append(Link(_("Conditions"), self.url(PageKind.conditions_hub, loc)))
        if key.kind in (PageKind.areas_hub, PageKind.area):
            crumbs.append(Link(_("Areas we serve"), self.url(PageKind.areas_hub, loc)))
        if key.condition:
            name = self.site.conditions[key.condition].texts[loc.code].name
            crumbs.append(Link(name, self.url(PageKind.condition, loc, key.condition)))
        if key.neighborhood:
            name = self.site.neighborhoods[key.neighborhood].texts[loc.code].name
            crumbs.append(Link(name, page.url))
        return crumbs

    # -- pages -------------------------------------------------------------------

    def headings(self, page: Page) -> Headings:
        """Title, meta description and h1: cheap, so `nearme check` can judge every page."""
        return getattr(self, f"_headings_{page.kind.value}")(page)

    def build(self, page: Page) -> PageContext:
        title, description, h1 = self.headings(page)
        template, body = getattr(self, f"_body_{page.kind.value}")(page)
        crumbs = self._crumbs(page)
        verdict = self.registry.indexability(page)
        head = Head(
            title=title,
            description=description,
            canonical=page.url,
            robots="index, follow" if verdict.indexable else "noindex, follow",
            alternates=self.registry.alternates(page),
            og_type="article" if page.key.condition else "website",
            og_locale=self._formatters[page.locale.code].og_locale,
            image=f"{self.registry.base_url}/static/{self.site.clinic.image}",
        )
        graph = build_graph(
            self.registry,
            page,
            title=title,
            description=description,
            breadcrumbs=[(c.text, c.url) for c in crumbs],
        )
        body.update(
            clinic=self.clinic_block(page.locale),
            disclaimer=self.site.disclaimer[page.locale.code],
            hubs=self._hub_links(page.locale),
        )
        return PageContext(
            page=page,
            locale=page.locale,
            head=head,
            h1=h1,
            breadcrumbs=crumbs if page.kind is not PageKind.home else [],
            jsonld=to_script_json(graph),
            languages=self.languages(page, page.locale),
            template=template,
            body=body,
        )

    def _hub_links(self, locale: Locale) -> list[Link]:
        """The same list object for every page of a locale (see ``Renderer``'s fragments)."""
        if locale.code not in self._hub_lists:
            self._hub_lists[locale.code] = self._make_hub_links(locale)
        return self._hub_lists[locale.code]

    def _make_hub_links(self, locale: Locale) -> list[Link]:
        _ = self.gettext(locale)
        return [
            Link(_("Home"), self.url(PageKind.home, locale)),
            Link(_("Conditions"), self.url(PageKind.conditions_hub, locale)),
            Link(_("Areas we serve"), self.url(PageKind.areas_hub, locale)),
        ]

    def _condition_links(self, locale: Locale, *, neighborhood: str | None = None) -> list[Link]:
        links = []
        for slug, condition in self.site.conditions.items():
            text = condition.texts[locale.code]
            if neighborhood:
                url = self.url(PageKind.condition_area, locale, slug, neighborhood)
            else:
                url = self.url(PageKind.condition, locale, slug)
            links.append(Link(text.name, url, note=text.summary))
        return links

    def _area_links(
        self, locale: Locale, slugs: list[str], *, condition: str | None = None
    ) -> list[Link]:
        links = []
        for slug in slugs:
            hood = self.site.neighborhoods[slug]
            if condition:
                url = self.url(PageKind.condition_area, locale, condition, slug)
            else:
                url = self.url(PageKind.area, locale, neighborhood=slug)
            links.append(Link(hood.texts[locale.code].name, url, note=self.trip_text(slug, locale)))
        return links

    def _byline(self, condition_slug: str, locale: Locale) -> dict[str, str]:
        condition = self.site.conditions[condition_slug]
        person = self.site.clinic.practitioner(condition.reviewed_by)
        return {
            "name": person.name,
            "suffix": person.honorific_suffix,
            "date": self._formatters[locale.code].date(condition.reviewed_on),
            "date_iso": condition.reviewed_on.isoformat(),
        }

    def _sources(self, condition_slug: str, locale: Locale) -> list[dict[str, str | None]]:
        return [
            {
                "title": self.site.sources[s].title[locale.code],
                "author": self.site.sources[s].author,
                "publisher": self.site.sources[s].publisher,
                "url": self.site.sources[s].url,
            }
            for s in self.site.conditions[condition_slug].sources
        ]

    def _headings_home(self, page: Page) -> Headings:
        _ = self.gettext(page.locale)
        clinic = self.site.clinic.name
        title = fit_title(
            [
                _("Acupuncture in West Los Angeles | %(clinic)s") % {"clinic": clinic},
                _("Acupuncture in West Los Angeles"),
            ]
        )
        description = fit_description(
            [
                _(
                    "Acupuncture and Traditional Chinese Medicine in West Los Angeles for nerve pain, "
                    "sciatica, neuropathy and more. Read our guides and book a visit."
                ),
            ]
        )
        return Headings(title, description, _("Acupuncture in West Los Angeles"))

    def _body_home(self, page: Page) -> tuple[str, dict[str, Any]]:
        return "home.html", {
            "conditions": self._condition_links(page.locale),
            "areas": self._area_links(page.locale, list(self.site.neighborhoods)),
        }

    def _headings_conditions_hub(self, page: Page) -> Headings:
        _ = self.gettext(page.locale)
        title = fit_title(
            [
                _("Conditions Acupuncture May Help | %(clinic)s")
                % {"clinic": self.site.clinic.name},
                _("Conditions Acupuncture May Help"),
            ]
        )
        description = fit_description(
            [
                _(
                    "Guides to nerve pain conditions, from sciatica to trigeminal neuralgia: symptoms, "
                    "medical care, the TCM view and how acupuncture may help."
                ),
            ]
        )
        return Headings(title, description, _("Conditions acupuncture may help"))

    def _body_conditions_hub(self, page: Page) -> tuple[str, dict[str, Any]]:
        return "conditions_hub.html", {"conditions": self._condition_links(page.locale)}

    def _headings_areas_hub(self, page: Page) -> Headings:
        _ = self.gettext(page.locale)
        title = fit_title(
            [
                _("Areas We Serve in West LA | %(clinic)s") % {"clinic": self.site.clinic.name},
                _("Areas We Serve in West LA"),
            ]
        )
        description = fit_description(
            [
                _(
                    "Find acupuncture near you on the Westside: distance, drive time, transit and "
                    "parking tips from Santa Monica, Culver City, Westwood and more."
                ),
            ]
        )
        return Headings(title, description, _("Areas we serve"))

    def _body_areas_hub(self, page: Page) -> tuple[str, dict[str, Any]]:
        return "areas_hub.html", {
            "areas": self._area_links(page.locale, list(self.site.neighborhoods))
        }

    def _headings_condition(self, page: Page) -> Headings:
        _ = self.gettext(page.locale)
        assert page.key.condition
        text = self.site.conditions[page.key.condition].texts[page.locale.code]
        h1 = _("Acupuncture for %(condition)s") % {"condition": text.name}
        return Headings(text.title, text.description, h1)

    def _body_condition(self, page: Page) -> tuple[str, dict[str, Any]]:
        assert page.key.condition
        condition = self.site.conditions[page.key.condition]
        text = condition.texts[page.locale.code]
        related = [
            Link(
                self.site.conditions[s].texts[page.locale.code].name,
                self.url(PageKind.condition, page.locale, s),
            )
            for s in condition.related
        ]
        body = {
            "text": text,
            "byline": self._byline(condition.slug, page.locale),
            "sources": self._sources(condition.slug, page.locale),
            "related": related,
            "areas": self._area_links(
                page.locale, list(self.site.neighborhoods), condition=condition.slug
            ),
        }
        return "condition.html", body

    def _headings_area(self, page: Page) -> Headings:
        _ = self.gettext(page.locale)
        assert page.key.neighborhood
        text = self.site.neighborhoods[page.key.neighborhood].texts[page.locale.code]
        h1 = _("Acupuncture near %(area)s") % {"area": text.name}
        return Headings(text.title, text.description, h1)

    def _body_area(self, page: Page) -> tuple[str, dict[str, Any]]:
        assert page.key.neighborhood
        hood = self.site.neighborhoods[page.key.neighborhood]
        text = hood.texts[page.locale.code]
        body = {
            "text": text,
            "hood": hood,
            "trip": self.trip_text(hood.slug, page.locale),
            "nearby": self._area_links(page.locale, hood.nearby),
            "conditions": self._condition_links(page.locale, neighborhood=hood.slug),
            "first_visit": self.site.clinic.first_visit[page.locale.code],
        }
        return "area.html", body

    def _headings_condition_area(self, page: Page) -> Headings:
        _ = self.gettext(page.locale)
        code = page.locale.code
        assert page.key.condition and page.key.neighborhood
        ctext = self.site.conditions[page.key.condition].texts[code]
        ntext = self.site.neighborhoods[page.key.neighborhood].texts[code]
        names = {
            "condition": ctext.short_name,
            "full": ctext.name,
            "area": ntext.name,
            "clinic": self.site.clinic.name,
        }
        title = fit_title(
            [
                _("%(condition)s Acupuncture near %(area)s") % names,
                _("%(condition)s Care near %(area)s") % names,
            ]
        )
        trip = self.trip(page.key.neighborhood)
        names["minutes"] = f"{trip.minutes_low}–{trip.minutes_high}"
        description = fit_description(
            [
                _(
                    "%(full)s care for %(area)s: how acupuncture and TCM may help, what research "
                    "says, and the %(minutes)s minute drive to our West LA clinic."
                )
                % names,
                _(
                    "%(condition)s care for %(area)s: how acupuncture and TCM may help, what research "
                    "says, and the %(minutes)s minute drive to our West LA clinic."
                )
                % names,
                _(
                    "%(condition)s care for %(area)s: how acupuncture may help, what research says, "
                    "and the drive to our clinic."
                )
                % names,
            ]
        )
        h1 = _("Acupuncture for %(condition)s near %(area)s") % {
            "condition": ctext.name,
            "area": ntext.name,
        }
        return Headings(title, description, h1)

    def _body_condition_area(self, page: Page) -> tuple[str, dict[str, Any]]:
        code = page.locale.code
        assert page.key.condition and page.key.neighborhood
        condition = self.site.conditions[page.key.condition]
        hood = self.site.neighborhoods[page.key.neighborhood]
        ctext, ntext = condition.texts[code], hood.texts[code]
        related = [
            Link(
                self.site.conditions[s].texts[code].name,
                self.url(PageKind.condition_area, page.locale, s, hood.slug),
            )
            for s in condition.related
        ]
        body = {
            "ctext": ctext,
            "ntext": ntext,
            "hood": hood,
            "trip": self.trip_text(hood.slug, page.locale),
            "byline": self._byline(condition.slug, page.locale),
            "first_visit": self.site.clinic.first_visit[code],
            "condition_url": self.url(PageKind.condition, page.locale, condition.slug),
            "area_url": self.url(PageKind.area, page.locale, neighborhood=hood.slug),
            "nearby": self._area_links(page.locale, hood.nearby, condition=condition.slug),
            "related": related,
            # the indexability rule measures exactly these texts
            "measured": (combo_condition_text(ctext), combo_neighborhood_text(ntext)),
        }
        return "condition_area.html", body

    # -- 404 ---------------------------------------------------------------------

    def not_found(self, locale: Locale) -> PageContext:
        _ = self.gettext(locale)
        home = self.registry.page(PageKey(PageKind.home), locale)
        title = _("Page not found | %(clinic)s") % {"clinic": self.site.clinic.name}
        description = fit_description(
            [
                _(
                    "This page does not exist. Browse our guides to conditions acupuncture may help, or "
                    "find the clinic from your West Los Angeles neighborhood."
                ),
            ]
        )
        head = Head(
            title=title,
            description=description,
            canonical="",
            robots="noindex, follow",
            alternates=[],
            og_type="website",
            og_locale=self._formatters[locale.code].og_locale,
            image=f"{self.registry.base_url}/static/{self.site.clinic.image}",
        )
        return PageContext(
            page=None,
            locale=locale,
            head=head,
            h1=_("Page not found"),
            breadcrumbs=[Link(_("Home"), home.url), Link(_("Page not found"), "")],
            jsonld=to_script_json(site_graph(self.registry, locale)),
            languages=self.languages(None, locale),
            template="404.html",
            body={
                "clinic": self.clinic_block(locale),
                "disclaimer": self.site.disclaimer[locale.code],
                "hubs": self._hub_links(locale),
            },
        )
