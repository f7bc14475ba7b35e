"""The view model templates lay out: what a page's head, byline and body hold.

Templates only arrange these; every decision (which words, which links,
which title fits) is made by the page builders, where it can be tested.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from service.content.models import Locale
from service.pages.registry import Alternate, Page
from service.render.sections import Link, Section

_DATE = "\x00"  # stands for the date while a translated sentence is split around it


class Headings(NamedTuple):
    title: str
    description: str
    h1: str


@dataclass(frozen=True)
class Dated:
    """A sentence with a date in it, split so the date can be a ``<time>`` element."""

    before: str
    date: str
    iso: str
    after: str

    @classmethod
    def of(cls, sentence: str, date: str, iso: str, **values: str) -> Dated:
        """``sentence`` is a catalog pattern holding ``%(date)s`` and ``values``."""
        before, _, after = (sentence % {**values, "date": _DATE}).partition(_DATE)
        return cls(before, date, iso, after)

    @property
    def text(self) -> str:
        return f"{self.before}{self.date}{self.after}"


@dataclass(frozen=True)
class Body:
    sections: tuple[Section, ...]
    byline: tuple[Dated, ...] = ()  # "Last updated …", "Reviewed by … on …"


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
    body: Body
    breadcrumbs: list[Link]
    jsonld: str
    languages: list[Link]
    template: str
    shared: dict[str, Any] = field(default_factory=dict)  # the locale's clinic, disclaimer, hubs
