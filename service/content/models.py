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
WebURL = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")]
Region = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


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


class DoorwayRule(Model):
    """When a landing page says enough of its own to be indexed (see service/pages/doorways.py)."""

    min_unique_share: float = Field(default=0.5, ge=0, le=1)
    min_words: int = Field(default=300, ge=0)


class SiteCopy(Model):
    """The words of the home page and the hubs, which are about this clinic, not the UI."""

    area_name: Text  # the one name of the clinic's part of town in this language
    home_title: Text
    home_description: Text
    home_h1: Text
    home_lead: Text
    home_about: Text  # how the guides are written: the home page's own words
    conditions_title: Text
    conditions_description: Text
    conditions_h1: Text
    conditions_lead: Text
    areas_title: Text
    areas_description: Text
    areas_h1: Text
    areas_lead: Text
    not_found_description: Text


class SiteConfig(Model):
    default_locale: LocaleCode
    locales: list[Locale] = Field(min_length=1)
    # Where the readers live: numbers, times and dates follow this country's conventions
    # in every language (Spanish in Los Angeles writes 4.3 and 7:30 a.m., as es_US does).
    region: Region = "US"
    doorway: DoorwayRule = DoorwayRule()
    texts: dict[str, SiteCopy] = localized()  # the top-level locale blocks of site.yaml


class Geo(Model):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class ApproximateLocation(Geo):
    """A point used only to estimate distances; never published as the clinic's coordinates."""

    note: Text  # how the point was chosen, so no one mistakes it for a survey


class Address(Model):
    street: Text
    locality: Text
    region: Text
    postal_code: Text
    country: Region


class DayOfWeek(StrEnum):
    monday = "Monday"
    tuesday = "Tuesday"
    wednesday = "Wednesday"
    thursday = "Thursday"
    friday = "Friday"
    saturday = "Saturday"
    sunday = "Sunday"

    @property
    def weekday(self) -> int:
        """Monday is 0, as ``datetime.date.weekday`` counts."""
        return list(DayOfWeek).index(self)


class Holiday(StrEnum):
    new_years_day = "new-years-day"
    memorial_day = "memorial-day"
    independence_day = "independence-day"
    labor_day = "labor-day"
    thanksgiving = "thanksgiving"
    christmas = "christmas"


class OpeningHours(Model):
    days: list[DayOfWeek] = Field(min_length=1)
    opens: ClockTime
    closes: ClockTime


class Practitioner(Model):
    id: Slug
    name: Text
    honorific_suffix: Text  # credentials as written after the name, e.g. "L.Ac., Ph.D."
    job_title: dict[str, Text] = localized()  # the licence they hold, never "physician"
    bio: dict[str, Text] = localized()  # one line of confirmed facts about them


class Modality(Model):
    id: Slug
    name: dict[str, Text] = localized()
    description: dict[str, Text] = localized()
    # Other words a condition's text uses for it ("herbs", "moxa"), to check that the
    # treatments a page's JSON-LD claims are the ones its text speaks of.
    mentions: dict[LocaleCode, list[Text]] = {}  # optional, per locale
    heat: bool = False  # it warms the skin, so it needs a caution about numb skin
    caution: Slug | None = None  # a caution from safety.yaml shown wherever it is offered


class Clinic(Model):
    name: Text  # as the clinic writes its name
    short_name: Text  # the brand in titles and the header
    description: dict[str, Text] = localized()
    telephone: Text
    email: Email | None = None
    address: Address
    location: ApproximateLocation
    hours: list[OpeningHours] = Field(min_length=1)
    closed_on: list[Holiday] = []
    # Facts below are published only when a source in sources.yaml confirms them.
    booking_url: WebURL | None = None
    price_range: Text | None = None
    accepting_new_patients: bool | None = None
    languages: list[LocaleCode] = []
    image: Text  # path under static/, e.g. "clinic.jpg"
    practitioners: list[Practitioner] = Field(min_length=1)
    modalities: list[Modality] = Field(min_length=1)
    first_visit: dict[str, Text] = localized()
    updated_on: dt.date  # when this file last changed

    def practitioner(self, practitioner_id: str) -> Practitioner:
        return next(p for p in self.practitioners if p.id == practitioner_id)

    def modality(self, modality_id: str) -> Modality:
        return next(m for m in self.modalities if m.id == modality_id)


# The clinic facts a source can confirm; what no source confirms is not published.
REQUIRED_FACTS = ("name", "address", "telephone", "hours", "practitioners", "modalities")
OPTIONAL_FACTS = (
    "email",
    "closed_on",
    "booking_url",
    "price_range",
    "accepting_new_patients",
    "languages",
)
CLINIC_FACTS = REQUIRED_FACTS + OPTIONAL_FACTS


class Source(Model):
    """Where a fact on our pages comes from: a paper, or the clinic's own pages."""

    title: Text | None = None  # as published, in ``title_lang``
    title_lang: LocaleCode = "en"
    label: dict[str, Text] | None = localized(default=None)  # when there is no title to quote
    authors: list[Text] = []
    et_al: bool = False  # more authors than those listed
    publisher: Text
    container: Text | None = None  # the journal
    published: Text | None = None  # ISO date or year of publication
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    url: WebURL | None = None
    read_on: dt.date | None = None  # when we read it
    as_of: Text | None = None  # which copy or version we read
    confirmed_on: dt.date | None = None  # the newest date its facts are known to be true
    confirms: list[Text] = []  # clinic facts it confirms (see CLINIC_FACTS)

    @property
    def link(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else self.url


class FAQ(Model):
    q: Text
    a: Text


class Review(Model):
    """A review of a condition page by one of the clinic's practitioners."""

    by: Slug  # a practitioner id from clinic.yaml
    on: dt.date


class ConditionText(Model):
    name: Text
    phrase: Text  # the condition as it reads after "for" in a title and h1 ("la ciática")
    short_phrase: Text  # the same, short enough for titles that must also name a place
    description: Text
    summary: Text
    symptoms: list[Text] = Field(min_length=4, max_length=8)
    causes: list[Text] = Field(min_length=3, max_length=7)
    red_flags: list[Text] = Field(min_length=3, max_length=6)
    conventional_care: Text
    tcm_view: Text
    acupuncture: Text
    research: Text
    faq: list[FAQ] = Field(min_length=3, max_length=5)

    def substantive_text(self) -> str:
        """The text that counts toward the minimum length of a condition page."""
        parts = [self.summary, *self.symptoms, *self.causes, *self.red_flags]
        parts += [self.conventional_care, self.tcm_view, self.acupuncture, self.research]
        parts += [piece for item in self.faq for piece in (item.q, item.a)]
        return "\n".join(parts)


class Condition(Model):
    slug: Slug
    related: list[Slug] = Field(min_length=1, max_length=6)
    updated_on: dt.date  # when the text last changed
    review: Review | None = None
    sources: list[Text] = Field(min_length=1)
    possible_treatments: list[Slug] = Field(min_length=1)  # modality ids the text speaks of
    cautions: list[Slug] = []  # from safety.yaml, beyond those of its treatments
    texts: dict[str, ConditionText] = localized()


class NeighborhoodText(Model):
    name: Text
    title: Text
    description: Text
    intro: Text
    getting_here: Text
    roads: list[Text] = Field(min_length=1, max_length=8)
    transit: list[Text] = Field(min_length=1, max_length=4)
    parking: Text


class Neighborhood(Model):
    slug: Slug
    geo: Geo  # an approximate centre, for straight-line distances
    zip_codes: list[ZipCode] = Field(min_length=1)
    nearby: list[Slug] = Field(min_length=1, max_length=6)
    updated_on: dt.date
    texts: dict[str, NeighborhoodText] = localized()


class CombinationText(Model):
    text: Text  # paragraphs about this condition for people coming from this neighborhood


class Combination(Model):
    """What a condition x neighborhood page says of its own (combinations/<c>/<n>.yaml)."""

    condition: Slug
    neighborhood: Slug
    updated_on: dt.date
    texts: dict[str, CombinationText] = localized()


class EvidenceText(Model):
    summary: Text  # what the research shows, for condition pages
    caveat: Text  # the same in a few sentences, for condition x neighborhood pages


class Evidence(Model):
    """What research says about acupuncture for neuropathic pain in general."""

    sources: list[Text] = Field(min_length=1)
    texts: dict[str, EvidenceText] = localized()


class GlossaryTerm(Model):
    use: Text
    avoid: list[Text] = Field(min_length=1)


class Glossary(Model):
    """One term per concept in one language; ``nearme check`` rejects the others."""

    terms: list[GlossaryTerm] = []


class Site(Model):
    """All content, validated: what every other part of nearme reads."""

    config: SiteConfig
    clinic: Clinic
    disclaimer: dict[str, Text]
    sources: dict[str, Source]
    evidence: Evidence
    cautions: dict[str, dict[str, Text]]  # safety.yaml: id -> text per locale
    conditions: dict[str, Condition]  # by slug, in a stable order
    neighborhoods: dict[str, Neighborhood]
    combinations: dict[tuple[str, str], Combination] = {}  # (condition, neighborhood)
    glossaries: dict[str, Glossary] = {}  # by locale

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
        dates += [c.updated_on for c in self.conditions.values()]
        dates += [n.updated_on for n in self.neighborhoods.values()]
        dates += [c.updated_on for c in self.combinations.values()]
        return max(dates)
