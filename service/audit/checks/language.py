"""Language tags as hreflang and ``<html lang>`` need them: BCP 47, with a real country.

langcodes knows the registered languages and scripts; it also quietly mends
"en-UK" into "en-GB", which is exactly the mistake to report, so the region
is checked as written against ISO 3166-1 (what Google reads hreflang with).
"""

from __future__ import annotations

import re
from functools import cache

import langcodes
from babel import Locale

X_DEFAULT = "x-default"
_TAG = re.compile(
    r"[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*(?:-[A-WYZa-wyz0-9](?:-[A-Za-z0-9]{2,8})+)*"
)
# Codes CLDR lists beside the countries that are not countries (ISO reserves them).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ"}
_LOOK_ALIKES = {"UK": "GB"}  # the classic hreflang mistake


@cache
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 country codes."""
    codes = {str(code) for code in Locale("en").territories}
    codes = {code for code in codes if len(code) == 2 and code.isalpha()}
    return frozenset(c for c in codes - _NOT_COUNTRIES if not c.startswith(("X", "Q")))


def _region(tag: str) -> str | None:
    """The region subtag as written: two letters or three digits after the language."""
    for part in tag.split("-")[1:]:
        if (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            return part
    return None


@cache
def tag_problem(tag: str, *, hreflang: bool) -> str | None:
    """Why ``tag`` will not do as an hreflang (or an ``<html lang>``); None when it will."""
    if hreflang and tag.lower() == X_DEFAULT:
        return None
    if not _TAG.fullmatch(tag):
        return "is not a language tag (BCP 47, with hyphens: en-US, zh-Hant-TW)"
    if not langcodes.tag_is_valid(tag):
        return "names no registered language"
    region = _region(tag)
    if region is None:
        return None
    if region.isdigit():
        return "uses a numeric region; hreflang takes a country code" if hreflang else None
    if region.upper() not in countries():
        better = _LOOK_ALIKES.get(region.upper())
        hint = ""
        if better:
            hint = "; did you mean " + "-".join(
                better if p == region else p for p in tag.split("-")
            )
            hint += "?"
        return f"has region {region!r}, which is not an ISO 3166 country code{hint}"
    return None
