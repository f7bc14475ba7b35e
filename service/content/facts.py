"""Clinic facts: which are confirmed, how old the confirmation is, and what is still a placeholder.

The site publishes only what the clinic itself has published: a fact no
source confirms is dropped before anything can render it. Placeholders (a
fictional 555-01xx number, an example.com link, "Placeholder" text) are
warnings while the content is being written and refuse production outright.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from service.content.files import RawFile
from service.content.models import OPTIONAL_FACTS, REQUIRED_FACTS, Clinic, Source

# How long a confirmation of the clinic's facts stays fresh.
FACTS_FRESH_DAYS = 365

# North American numbers 555-0100 to 555-0199 are reserved for fiction.
_FICTIONAL_PHONE = r"555[-.\s]?01\d\d\b"
_PLACEHOLDER_HOST = r"\bexample\.(?:com|org|net)\b"
_PLACEHOLDER_WORD = r"\bplaceholder\b"
PLACEHOLDER = re.compile(
    f"(?P<phone>{_FICTIONAL_PHONE})|(?P<host>{_PLACEHOLDER_HOST})|(?P<word>{_PLACEHOLDER_WORD})",
    re.IGNORECASE,
)
_KINDS = {
    "phone": "a fictional 555-01xx telephone number",
    "host": "a reserved example domain",
    "word": "placeholder text",
}


def published_clinic(
    clinic: Clinic, sources: dict[str, Source], where: str
) -> tuple[Clinic, list[str], list[str]]:
    """The clinic with every unconfirmed optional fact removed; (clinic, errors, warnings).

    A fact is confirmed when a source lists it in ``confirms``. Required facts
    must be; optional ones that are not are dropped with a warning.
    """
    confirmed = {fact for source in sources.values() for fact in source.confirms}
    errors = [
        f"{where}: {fact}: no source in sources.yaml confirms it (list it under `confirms`)"
        for fact in REQUIRED_FACTS
        if fact not in confirmed
    ]
    warnings: list[str] = []
    dropped: dict[str, Any] = {}
    for fact in OPTIONAL_FACTS:
        value = getattr(clinic, fact)
        if value not in (None, []) and fact not in confirmed:
            dropped[fact] = Clinic.model_fields[fact].get_default()
            warnings.append(f"{where}: {fact}: not confirmed by any source, so not published")
    return clinic.model_copy(update=dropped), errors, warnings


def facts_confirmed_on(sources: dict[str, Source]) -> dt.date | None:
    """The newest date on which a source confirmed the clinic's required facts."""
    dates = [
        s.confirmed_on
        for s in sources.values()
        if s.confirmed_on is not None and set(s.confirms) & set(REQUIRED_FACTS)
    ]
    return max(dates, default=None)


def stale_facts_warning(sources: dict[str, Source], where: str, today: dt.date) -> str | None:
    confirmed = facts_confirmed_on(sources)
    if confirmed is None:
        return f"{where}: no source says when the clinic's facts were confirmed (confirmed_on)"
    age = (today - confirmed).days
    if age > FACTS_FRESH_DAYS:
        return (
            f"{where}: the clinic's facts were last confirmed on {confirmed.isoformat()}, "
            f"{age} days ago; confirm them with the clinic again"
        )
    return None


def placeholders(files: list[RawFile], locales: set[str]) -> list[str]:
    """``file: field: contains …`` for every placeholder anywhere in the content."""
    found = []
    for raw in files:
        for field in raw.texts(locales):
            for match in PLACEHOLDER.finditer(field.text):
                kind = _KINDS[match.lastgroup or "word"]
                found.append(f"{field.file}: {field.field}: {match.group(0)!r} is {kind}")
    return found
