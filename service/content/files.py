"""The content folder's YAML files as read, before validation, for rules that need file and field.

Some rules read text wherever it stands (a placeholder phone number, a term
the glossary rejects); they walk the raw data so every problem can name its
file and field exactly as the user would find them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def format_location(loc: tuple[int | str, ...]) -> str:
    """``("es", "faq", 2, "a")`` -> ``es.faq[2].a``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True)
class TextField:
    file: str  # as display_path gives it
    field: str  # e.g. "es.faq[2].a"
    locale: str | None  # the locale block it stands in, if any
    text: str


@dataclass(frozen=True)
class RawFile:
    path: str  # as display_path gives it
    data: Any

    def texts(self, locales: set[str]) -> Iterator[TextField]:
        """Every string in the file with its field, and the locale whose block holds it."""
        yield from _walk(self.path, self.data, (), None, locales)


def _walk(
    path: str, value: Any, loc: tuple[int | str, ...], locale: str | None, locales: set[str]
) -> Iterator[TextField]:
    if isinstance(value, str):
        yield TextField(path, format_location(loc), locale, value)
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = str(key) if str(key) in locales else locale
            yield from _walk(path, item, (*loc, str(key)), inner, locales)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(path, item, (*loc, index), locale, locales)
