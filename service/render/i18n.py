"""UI strings (gettext catalogs under locales/) and locale-aware formatting (Babel).

Content is translated in the content files; these catalogs hold only the
interface: headings, labels, title patterns. English is the source language,
so it needs no catalog; every other locale must have a compiled one.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from pathlib import Path

from babel import Locale as BabelLocale
from babel import UnknownLocaleError
from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from service.content.models import Locale
from service.errors import NearmeError
from service.paths import LOCALES_DIR

DOMAIN = "messages"
SOURCE_LANGUAGE = "en"


class CatalogError(NearmeError):
    """A locale's compiled catalog is missing."""


def catalog_path(locale: Locale, suffix: str = ".mo") -> Path:
    return LOCALES_DIR / locale.babel_identifier / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def load_translations(locale: Locale) -> gettext.NullTranslations:
    """The locale's compiled catalog; compiled here from its .po when none was built
    (a wheel built without `make catalogs`)."""
    if locale.code == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    path, source = catalog_path(locale), catalog_path(locale, ".po")
    if path.is_file():
        with path.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    if source.is_file():
        with source.open("rb") as handle:
            catalog = read_po(handle, locale=locale.babel_identifier)
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        return Translations(compiled, domain=DOMAIN)
    raise CatalogError(f"{path}: the catalog for {locale.code} is missing")


def babel_locale(locale: Locale, region: str) -> BabelLocale:
    """The CLDR locale for ``locale`` read in ``region``: es in the US is es_US (7:30 a.m.,
    4.3); a combination CLDR does not know (zh_Hans_US) falls back to the language."""
    try:
        return BabelLocale.parse(f"{locale.babel_identifier}_{region}")
    except (UnknownLocaleError, ValueError):
        return BabelLocale.parse(locale.babel_identifier)


class Formatter:
    """Numbers, dates and times written the way a reader of ``locale`` expects."""

    def __init__(self, locale: Locale, region: str = "US") -> None:
        self.babel = babel_locale(locale, region)
        self._dates: dict[dt.date, str] = {}  # a site has a handful of review dates

    def date(self, value: dt.date) -> str:
        if value not in self._dates:
            self._dates[value] = format_date(value, format="long", locale=self.babel)
        return self._dates[value]

    def time(self, value: dt.time) -> str:
        return format_time(value, format="short", locale=self.babel)

    def integer(self, value: int) -> str:
        return format_decimal(value, locale=self.babel)

    def decimal(self, value: float, digits: int = 1) -> str:
        return format_decimal(
            round(value, digits), format=f"#,##0.{'#' * digits}", locale=self.babel
        )

    @property
    def og_locale(self) -> str:
        """Open Graph wants language_TERRITORY, e.g. ``es_US``."""
        territory = self.babel.territory or {"en": "US", "es": "US", "zh": "CN"}.get(
            self.babel.language, "US"
        )
        return f"{self.babel.language}_{territory}"
