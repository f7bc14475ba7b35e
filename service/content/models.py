"""Typed models of the site content, one per YAML file kind.

Fields that exist once per locale are plain ``dict[locale, ...]`` mappings
marked ``localized``; the loader checks that every site locale is present, so
a missing translation is an error rather than a silent English fallback.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
LocaleCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")]
ZipCode = Annotated[str, StringConstraints(pattern=r"^\d{5}$")]
ClockTime = Annotated[str, StringConstraints(pattern=r"^(?:[01]\d|2[0-3]):[0-5]\d$")]


def localized(**kwargs: Any) -> Any:
    """A per-locale mapping; the loader reports locales that are missing."""
    return Field(json_schema_extra={"localized": True}, **kwargs)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Locale(Model):
    code: LocaleCode  # BCP 47, used for <html lang> and hreflang
    prefix: Annotated[
        str, StringConstraints(pattern=r"^[a-z-]*$")
    ]  # URL prefix, "" for the default
    name: Text  # the language's own name, for the language switcher

    @property
    def babel_identifier(self) -> str:
        return self.code.replace("-", "_")


class SiteConfig(Model):
    default_locale: LocaleCode
    locales: list[Locale] = Field(min_length=1)


class Geo(Model):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Address(Model):
    street: Text
    locality: Text
    region: Text
    postal_code: Text
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class DayOfWeek(StrEnum):
    monday = "Monday"
    tuesday = "Tuesday"
    wednesday = "Wednesday"
    thursday = "Thursday"
    friday = "Friday"
    saturday = "Saturday"
    sunday = "Sunday"


class OpeningHours(Model):
    days: list[DayOfWeek] = Field(min_length=1)
    opens: ClockTime
    closes: ClockTime


class Practitioner(Model):
    id: Slug
    name: Text
    honorific_suffix: Text  # credentials as written after the name, e.g. "L.Ac., Ph.D."
    job_title: dict[str, Text] = localized()


class Modality(Model):
    id: Slug
    name: dict[str, Text] = localized()
    description: dict[str, Text] = localized()


class Clinic(Model):
    name: Text
    description: dict[str, Text] = localized()
    telephone: Text
    address: Address
    geo: Geo
    hours: list[OpeningHours] = Field(min_length=1)
    booking_url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    price_range: Text
    accepting_new_patients: bool
    languages: list[LocaleCode] = Field(min_length=1)
    image: Text  # path under static/, e.g. "clinic.jpg"
    practitioners: list[Practitioner] = Field(min_length=1)
    modalities: list[Modality] = Field(min_length=1)
    first_visit: dict[str, Text] = localized()
    updated_on: dt.date  # when the clinic's facts last changed
    # Facts nobody has confirmed with the clinic yet; `nearme check` warns for each.
    unconfirmed: list[Text] = []

    def practitioner(self, practitioner_id: str) -> Practitioner:
        return next(p for p in self.practitioners if p.id == practitioner_id)


class Source(Model):
    title: dict[str, Text] = localized()
    author: Text
    publisher: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None


class FAQ(Model):
    q: Text
    a: Text


class ConditionText(Model):
    name: Text
    short_name: Text
    title: Text
    description: Text
    summary: Text
    symptoms: list[Text] = Field(min_length=4, max_length=8)
    causes: list[Text] = Field(min_length=3, max_length=7)
    conventional_care: Text
    tcm_view: Text
    acupuncture: Text
    research: Text
    faq: list[FAQ] = Field(min_length=3, max_length=5)

    def substantive_text(self) -> str:
        """The text that counts toward the minimum length of a condition page."""
        parts = [self.summary, *self.symptoms, *self.causes, self.conventional_care]
        parts += [self.tcm_view, self.acupuncture, self.research]
        parts += [piece for item in self.faq for piece in (item.q, item.a)]
        return "\n".join(parts)


class Condition(Model):
    slug: Slug
    related: list[Slug] = Field(min_length=1, max_length=6)
    reviewed_on: dt.date
    reviewed_by: Slug
    sources: list[Text] = Field(min_length=1)
    texts: dict[str, ConditionText] = localized()


class NeighborhoodText(Model):
    name: Text
    title: Text
    description: Text
    intro: Text
    getting_here: Text
    transit: list[Text] = Field(min_length=1, max_length=4)
    parking: Text


class Neighborhood(Model):
    slug: Slug
    geo: Geo
    zip_codes: list[ZipCode] = Field(min_length=1)
    nearby: list[Slug] = Field(min_length=1, max_length=6)
    main_roads: list[Text] = Field(min_length=1)
    updated_on: dt.date
    texts: dict[str, NeighborhoodText] = localized()


class Site(Model):
    """All content, validated: what every other part of nearme reads."""

    config: SiteConfig
    clinic: Clinic
    disclaimer: dict[str, Text]
    sources: dict[str, Source]
    conditions: dict[str, Condition]  # by slug, in a stable order
    neighborhoods: dict[str, Neighborhood]

    @property
    def locales(self) -> list[Locale]:
        return self.config.locales

    @property
    def default_locale(self) -> Locale:
        return next(loc for loc in self.config.locales if loc.code == self.config.default_locale)

    @property
    def updated_on(self) -> dt.date:
        """The latest date anywhere in the content: what a hub or the home page shows."""
        dates = [self.clinic.updated_on]
        dates += [c.reviewed_on for c in self.conditions.values()]
        dates += [n.updated_on for n in self.neighborhoods.values()]
        return max(dates)
