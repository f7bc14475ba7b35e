"""What every page of one locale shares, worked out once: words, links, the clinic block.

A large site renders hundreds of thousands of pages per locale; the parts they
all show (the clinic block, the footer's links, each neighborhood's distance)
are built here once and reused, and page builders ask the kit for them.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cached_property, lru_cache

import phonenumbers
from babel.lists import format_list

from service.content.models import Locale, Site, SiteCopy, Source
from service.pages.kinds import AREA, AREAS_HUB, CONDITION, CONDITIONS_HUB, HOME
from service.pages.registry import PageRegistry
from service.pages.urls import PageKey
from service.render.assets import static_url
from service.render.distances import Distance, spoken
from service.render.hours import Hours, describe_hours
from service.render.i18n import Formatter
from service.render.sections import Citation, Link

# How many neighborhoods the footer lists (the nearest); the areas hub lists every one.
FOOTER_AREAS = 20


@lru_cache(maxsize=64)
def schema_telephone(number: str, region: str) -> str:
    """``+1-310-451-5522``: international form with dashes, as Google's examples use."""
    parsed = phonenumbers.parse(number, region)
    formatted = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return formatted.replace(" ", "-")


@dataclass(frozen=True)
class Practitioner:
    name: str
    suffix: str
    job: str
    bio: str


@dataclass(frozen=True)
class Service:
    name: str
    description: str


@dataclass(frozen=True)
class ClinicBlock:
    """The clinic as every page shows it: name, address, phone, hours, people, services."""

    name: str
    short_name: str
    description: str
    street: str
    locality: str
    region: str
    postal_code: str
    phone_display: str
    phone_href: str
    email: str | None
    email_href: str | None
    booking_url: str | None
    hours: Hours
    practitioners: tuple[Practitioner, ...]
    services: tuple[Service, ...]
    image: str
    areas: tuple[Link, ...]  # the footer's, nearest first
    areas_total: int
    areas_hub: str


class LocaleKit:
    """One locale's words, formats, links and shared blocks, for page builders."""

    def __init__(
        self, registry: PageRegistry, locale: Locale, translations: gettext.NullTranslations
    ) -> None:
        self.registry = registry
        self.site: Site = registry.site
        self.locale = locale
        self.code = locale.code
        self.gettext = translations.gettext
        self.formatter = Formatter(locale, self.site.config.region)
        self.copy: SiteCopy = self.site.config.texts[locale.code]

    def _(self, message: str) -> str:
        return self.gettext(message)

    def url(self, kind: str, condition: str | None = None, neighborhood: str | None = None) -> str:
        return self.registry.page(PageKey(kind, condition, neighborhood), self.locale).url

    def list_of(self, items: list[str]) -> str:
        return format_list(items, locale=self.formatter.babel) if items else ""

    # -- distances ---------------------------------------------------------------

    def from_clinic(self, neighborhood: str) -> Distance:
        return Distance.between(
            self.site.neighborhoods[neighborhood].geo, self.site.clinic.location
        )

    def distance_note(self, neighborhood: str) -> str:
        """A hub's note: how far the neighborhood is from the clinic, and how we know."""
        return self._distance_notes[neighborhood]

    @cached_property
    def _distance_notes(self) -> dict[str, str]:
        notes = {}
        for slug in self.site.neighborhoods:
            miles, km = spoken(self.from_clinic(slug), self.formatter.babel)
            notes[slug] = self._("about %(miles)s (%(km)s) from the clinic, straight line") % {
                "miles": miles,
                "km": km,
            }
        return notes

    def from_area_sentence(self, neighborhood: str) -> str:
        """Where the clinic is from a neighborhood, as far as an approximate point can say."""
        miles, km = spoken(self.from_clinic(neighborhood), self.formatter.babel)
        return self._(
            "The clinic is about %(miles)s (%(km)s) from central %(area)s in a straight line. "
            "The distance is approximate, and the way by road is longer."
        ) % {
            "miles": miles,
            "km": km,
            "area": self.site.neighborhoods[neighborhood].texts[self.code].name,
        }

    def between(self, here: str, there: str) -> str:
        """A nearby list's note: the distance from this page's neighborhood to another."""
        hoods = self.site.neighborhoods
        miles, km = spoken(
            Distance.between(hoods[here].geo, hoods[there].geo), self.formatter.babel
        )
        return self._("about %(miles)s (%(km)s) away, straight line") % {"miles": miles, "km": km}

    # -- links ---------------------------------------------------------------------

    @cached_property
    def hub_links(self) -> list[Link]:
        """The same list object for every page of a locale (see ``Renderer``'s fragments)."""
        return [
            Link(self._("Home"), self.url(HOME)),
            Link(self._("Conditions"), self.url(CONDITIONS_HUB)),
            Link(self._("Areas we serve"), self.url(AREAS_HUB)),
        ]

    @cached_property
    def condition_links(self) -> tuple[Link, ...]:
        """Every condition guide, with its description as the note."""
        return tuple(
            Link(c.texts[self.code].name, self.url(CONDITION, slug), c.texts[self.code].description)
            for slug, c in self.site.conditions.items()
        )

    @cached_property
    def area_links_by_slug(self) -> dict[str, Link]:
        """Every neighborhood page, with its description and approximate distance."""
        return {
            slug: Link(
                h.texts[self.code].name,
                self.url(AREA, neighborhood=slug),
                f"{h.texts[self.code].description} ({self.distance_note(slug)})",
            )
            for slug, h in self.site.neighborhoods.items()
        }

    @property
    def area_links(self) -> tuple[Link, ...]:
        return tuple(self.area_links_by_slug.values())

    # -- sources -------------------------------------------------------------------

    def citation(self, source_id: str) -> Citation:
        source: Source = self.site.sources[source_id]
        authors = self.list_of(list(source.authors))
        if source.et_al:
            authors = self._("%(authors)s et al.") % {"authors": ", ".join(source.authors)}
        if source.title is not None:
            title = source.title
            title_lang = source.title_lang if source.title_lang != self.code else None
        else:
            assert source.label is not None
            title, title_lang = source.label[self.code], None
        details = ", ".join(
            part for part in (source.container, source.publisher, _year(source.published)) if part
        )
        link = source.link
        link_text = f"doi:{source.doi}" if source.doi else (link or "")
        return Citation(authors, title, title_lang, details, link, link_text)

    # -- the clinic ------------------------------------------------------------------

    @cached_property
    def clinic(self) -> ClinicBlock:
        clinic = self.site.clinic
        number = phonenumbers.parse(clinic.telephone, clinic.address.country)
        nearest = sorted(self.site.neighborhoods, key=lambda s: self.from_clinic(s).miles)
        footer = set(nearest[:FOOTER_AREAS])
        return ClinicBlock(
            name=clinic.name,
            short_name=clinic.short_name,
            description=clinic.description[self.code],
            street=clinic.address.street,
            locality=clinic.address.locality,
            region=clinic.address.region,
            postal_code=clinic.address.postal_code,
            phone_display=phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.NATIONAL
            ),
            phone_href="tel:" + schema_telephone(clinic.telephone, clinic.address.country),
            email=clinic.email,
            email_href=f"mailto:{clinic.email}" if clinic.email else None,
            booking_url=clinic.booking_url,
            hours=describe_hours(clinic, self.formatter.babel, self.gettext),
            practitioners=tuple(
                Practitioner(p.name, p.honorific_suffix, p.job_title[self.code], p.bio[self.code])
                for p in clinic.practitioners
            ),
            services=tuple(
                Service(m.name[self.code], m.description[self.code]) for m in clinic.modalities
            ),
            image=static_url(clinic.image),
            areas=tuple(link for slug, link in self.area_links_by_slug.items() if slug in footer),
            areas_total=len(self.site.neighborhoods),
            areas_hub=self.url(AREAS_HUB),
        )


def _year(published: str | None) -> str:
    return published[:4] if published else ""
