"""Rules on wording wherever it stands: careful claims, one term per concept, native punctuation.

They read the files as written (``RawFile``), so each problem names the file
and the field to fix, whichever model the text ends up in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from service.content.files import RawFile, TextField
from service.content.models import Site

# Words that promise a result. Careful medical language says "may help".
FORBIDDEN_CLAIMS = re.compile(
    r"\b(?:cure[sd]?|curing|guarantee[sd]?|miracle\w*|permanent relief"
    r"|cura|curar|curaci[oó]n|garantiza\w*|milagro\w*)\b|治愈|根治|保证|包治|神奇",
    re.IGNORECASE,
)
# "Drug-free" cannot stand on a site whose clinic prescribes herbal formulas.
DRUG_FREE = re.compile(
    r"\bdrug[- ]free\b|\bmedication[- ]free\b|\bsin (?:fármacos|medicamentos)\b"
    r"|\blibre de (?:fármacos|medicamentos)\b|无药|非药物|不用药|免药",
    re.IGNORECASE,
)
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
# ASCII punctuation touching a Chinese character: Chinese text takes the full-width forms.
HALF_WIDTH_IN_CHINESE = re.compile(rf"[{_HAN}][,;:?!(]|[,;:?!)][{_HAN}]|[{_HAN}]\.(?!\w)")
_FULL_WIDTH = {
    ",": "，",
    ";": "；",
    ":": "：",
    "?": "？",
    "!": "！",
    "(": "（",
    ")": "）",
    ".": "。",
}
# Files whose text is not ours to word: titles of papers, and the glossary's own lists.
_QUOTED = ("sources.yaml",)


def check_wording(site: Site, files: list[RawFile]) -> list[str]:
    locales = {loc.code for loc in site.locales}
    offers_herbs = any("herb" in m.id for m in site.clinic.modalities)
    problems: list[str] = []
    for raw in files:
        if raw.path.endswith(_QUOTED) or "glossary" in raw.path.replace("\\", "/").split("/"):
            continue
        for field in raw.texts(locales):
            problems += _claims(field)
            if offers_herbs:
                problems += _drug_free(field)
            if field.locale and field.locale.startswith(("zh", "ja")):
                problems += _punctuation(field)
            if field.locale and field.locale in site.glossaries:
                problems += _glossary(site, field)
    return problems


def _where(field: TextField) -> str:
    return f"{field.file}: {field.field}" if field.field else field.file


def _claims(field: TextField) -> Iterator[str]:
    for match in FORBIDDEN_CLAIMS.finditer(field.text):
        yield f"{_where(field)}: promises a result ({match.group(0)!r}); say what may help instead"


def _drug_free(field: TextField) -> Iterator[str]:
    for match in DRUG_FREE.finditer(field.text):
        yield (
            f"{_where(field)}: {match.group(0)!r} stands beside herbal prescriptions "
            "(the clinic offers Chinese herbal medicine); say what the care involves instead"
        )


def _punctuation(field: TextField) -> Iterator[str]:
    for match in HALF_WIDTH_IN_CHINESE.finditer(field.text):
        mark = next(ch for ch in match.group(0) if ch in _FULL_WIDTH)
        yield (
            f"{_where(field)}: half-width {mark!r} in Chinese text "
            f"(…{match.group(0)}…); use {_FULL_WIDTH[mark]!r}"
        )


def _glossary(site: Site, field: TextField) -> Iterator[str]:
    assert field.locale is not None
    for term in site.glossaries[field.locale].terms:
        for variant in term.avoid:
            if variant in field.text:
                yield (
                    f"{_where(field)}: {variant!r} is not this site's term; "
                    f"the glossary says {term.use!r}"
                )
