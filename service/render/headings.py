"""Titles, descriptions and headings of pages whose words come from the catalogs.

A pattern such as "%(condition)s Acupuncture near %(area)s" fills to different
lengths for different names, so each page kind offers several patterns and
the first that fits the length rules is used; ``nearme check`` reports a page
for which none fits.
"""

from __future__ import annotations

from collections.abc import Iterable

from service.content.limits import DESCRIPTION_WIDTH, TITLE_MAX_WIDTH
from service.content.text import display_width


def first_fitting(candidates: Iterable[str], *, low: int = 0, high: int) -> str:
    """The first candidate whose display width is within [low, high], else the last one."""
    last = ""
    for candidate in candidates:
        last = candidate
        if low <= display_width(candidate) <= high:
            return candidate
    return last


def fit_title(candidates: Iterable[str]) -> str:
    return first_fitting(candidates, high=TITLE_MAX_WIDTH)


def fit_description(candidates: Iterable[str]) -> str:
    low, high = DESCRIPTION_WIDTH
    return first_fitting(candidates, low=low, high=high)
