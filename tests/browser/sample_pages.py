"""The pages and screens the browser suite walks through.

One page of every kind in every locale, plus the not-found page, at a phone
width and a desktop width. The slugs are real content; the combination page
has the longest condition name, so its heading is the hardest one to fit.
"""

from __future__ import annotations

from dataclasses import dataclass

LOCALE_PREFIXES = {"en": "/", "es": "/es/", "zh": "/zh/"}

# kind -> path below the locale prefix
KINDS = {
    "home": "",
    "conditions-hub": "conditions/",
    "areas-hub": "areas/",
    "condition": "conditions/sciatica/",
    "area": "areas/pacific-palisades/",
    "condition-area": "conditions/dystonia/marina-del-rey/",
    "not-found": "no-such-page/",
}


@dataclass(frozen=True)
class SamplePage:
    locale: str
    kind: str

    @property
    def path(self) -> str:
        return LOCALE_PREFIXES[self.locale] + KINDS[self.kind]

    @property
    def status(self) -> int:
        """The HTTP status a patient's browser gets."""
        return 404 if self.kind == "not-found" else 200

    def __str__(self) -> str:
        return f"{self.locale}-{self.kind}"


@dataclass(frozen=True)
class Screen:
    width: int
    height: int
    is_phone: bool

    def __str__(self) -> str:
        return str(self.width)


# An iPhone SE / 8: the smallest screen still common, and the "first screen" of the checks.
PHONE = Screen(width=375, height=667, is_phone=True)
DESKTOP = Screen(width=1280, height=800, is_phone=False)
SCREENS = [PHONE, DESKTOP]

PAGES = [SamplePage(locale, kind) for locale in LOCALE_PREFIXES for kind in KINDS]
