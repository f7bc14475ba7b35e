"""The URL scheme: one function builds paths, one parses them back.

The canonical form is lower case and ends with a slash; ``canonical_path``
gives it for any request path so the app can redirect other spellings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class PageKind(StrEnum):
    home = "home"
    conditions_hub = "conditions_hub"
    condition = "condition"
    areas_hub = "areas_hub"
    area = "area"
    condition_area = "condition_area"


@dataclass(frozen=True, order=True)
class PageKey:
    """What a page is about, independent of its language."""

    kind: PageKind
    condition: str | None = None
    neighborhood: str | None = None


@dataclass(frozen=True)
class ParsedPath:
    prefix: str
    key: PageKey


_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_PATTERNS = [
    (re.compile(r"^$"), PageKind.home),
    (re.compile(r"^conditions/$"), PageKind.conditions_hub),
    (re.compile(rf"^conditions/(?P<condition>{_SLUG})/$"), PageKind.condition),
    (
        re.compile(rf"^conditions/(?P<condition>{_SLUG})/(?P<neighborhood>{_SLUG})/$"),
        PageKind.condition_area,
    ),
    (re.compile(r"^areas/$"), PageKind.areas_hub),
    (re.compile(rf"^areas/(?P<neighborhood>{_SLUG})/$"), PageKind.area),
]


def page_path(key: PageKey, prefix: str) -> str:
    """The canonical path of a page, e.g. ``/es/conditions/sciatica/venice/``."""
    root = f"/{prefix}/" if prefix else "/"
    match key.kind:
        case PageKind.home:
            return root
        case PageKind.conditions_hub:
            return f"{root}conditions/"
        case PageKind.condition:
            return f"{root}conditions/{key.condition}/"
        case PageKind.condition_area:
            return f"{root}conditions/{key.condition}/{key.neighborhood}/"
        case PageKind.areas_hub:
            return f"{root}areas/"
        case PageKind.area:
            return f"{root}areas/{key.neighborhood}/"
    raise ValueError(f"unknown page kind {key.kind!r}")


def canonical_path(path: str) -> str:
    """Lower case with exactly one trailing slash, and no repeated slashes."""
    cleaned = re.sub(r"/{2,}", "/", path.lower())
    return cleaned if cleaned.endswith("/") else cleaned + "/"


def parse_path(path: str, prefixes: set[str]) -> ParsedPath | None:
    """Split a canonical path into locale prefix and page key; ``None`` if it is no page."""
    if not path.startswith("/"):
        return None
    rest = path[1:]
    prefix = ""
    first, _, remainder = rest.partition("/")
    if first and first in prefixes and rest != first:
        prefix, rest = first, remainder
    for pattern, kind in _PATTERNS:
        match = pattern.match(rest)
        if match:
            groups = match.groupdict()
            return ParsedPath(
                prefix, PageKey(kind, groups.get("condition"), groups.get("neighborhood"))
            )
    return None
