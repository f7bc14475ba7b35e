"""The URL scheme: one function builds paths, one parses them back.

The canonical form is lower case and ends with a slash; ``canonical_path``
gives it for any request path so the app can redirect other spellings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from service.pages.kinds import PageKindSpec


@dataclass(frozen=True, order=True)
class PageKey:
    """What a page is about, independent of its language."""

    kind: str
    condition: str | None = None
    neighborhood: str | None = None

    def slug(self, placeholder: str) -> str | None:
        return self.condition if placeholder == "condition" else self.neighborhood


@dataclass(frozen=True)
class ParsedPath:
    prefix: str
    key: PageKey


def page_path(key: PageKey, prefix: str, spec: PageKindSpec) -> str:
    """The canonical path of a page, e.g. ``/es/conditions/sciatica/venice/``."""
    root = f"/{prefix}/" if prefix else "/"
    path = spec.pattern
    for name in spec.placeholders:
        path = path.replace(f"{{{name}}}", key.slug(name) or "")
    return root + path


def canonical_path(path: str) -> str:
    """Lower case with exactly one trailing slash, and no repeated slashes."""
    cleaned = re.sub(r"/{2,}", "/", path.lower())
    return cleaned if cleaned.endswith("/") else cleaned + "/"


def parse_path(path: str, prefixes: set[str], kinds: Sequence[PageKindSpec]) -> ParsedPath | None:
    """Split a canonical path into locale prefix and page key; ``None`` if it is no page."""
    if not path.startswith("/"):
        return None
    rest = path[1:]
    prefix = ""
    first, _, remainder = rest.partition("/")
    if first and first in prefixes and rest != first:
        prefix, rest = first, remainder
    for spec in kinds:
        match = spec.regex.match(rest)
        if match:
            groups = match.groupdict()
            return ParsedPath(
                prefix, PageKey(spec.name, groups.get("condition"), groups.get("neighborhood"))
            )
    return None
