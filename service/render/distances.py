"""Straight-line distances between approximate points, worded as no more precise than they are.

Neighborhoods are represented by a rough centre and the clinic by a point
estimated from its address, so a distance is rounded to half a mile (a
kilometre) and always called approximate and straight-line: no route was
measured, and roads are longer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from babel import Locale as BabelLocale
from babel.units import format_unit

from service.content.models import Geo

EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344


def distance_km(a: Geo, b: Geo) -> float:
    """Great-circle (haversine) distance."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class Distance:
    miles: float  # rounded to the nearest half mile, at least half a mile
    km: int  # rounded to the nearest kilometre, at least one

    @classmethod
    def between(cls, a: Geo, b: Geo) -> Distance:
        km = distance_km(a, b)
        return cls(miles=max(0.5, round(km / KM_PER_MILE * 2) / 2), km=max(1, round(km)))


def _unit(value: float, unit: str, locale: BabelLocale, length: Literal["long", "short"]) -> str:
    text = format_unit(value, unit, length=length, format="#,##0.#", locale=locale)
    if "length-" in text:  # CLDR has no long form in this language (Chinese): use the short one
        text = format_unit(value, unit, length="short", format="#,##0.#", locale=locale)
    return text


@lru_cache(maxsize=4096)  # distances are rounded, so a site has few distinct ones
def spoken(distance: Distance, locale: BabelLocale) -> tuple[str, str]:
    """("3.5 miles", "6 km") as a reader of ``locale`` writes them."""
    return (
        _unit(distance.miles, "length-mile", locale, "long"),
        _unit(distance.km, "length-kilometer", locale, "short"),
    )
