"""The page registry: every page of the site, its URL, locale, alternates and indexability.

The router, the sitemap, the static export and the audit all read this one
registry, so they can never disagree about which pages exist. Pages are
computed, not stored: iterating a site of 600,000 pages holds one at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from service.content.models import Locale, Site
from service.pages.indexability import INDEXABLE, IndexabilityRule, Verdict
from service.pages.urls import PageKey, PageKind, canonical_path, page_path, parse_path

X_DEFAULT = "x-default"


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    url: str


@dataclass(frozen=True)
class Page:
    key: PageKey
    locale: Locale
    path: str
    url: str  # absolute canonical URL, from the configured base URL

    @property
    def kind(self) -> PageKind:
        return self.key.kind


class PageRegistry:
    def __init__(self, site: Site, base_url: str) -> None:
        self.site = site
        self.base_url = base_url.rstrip("/")
        self._rule = IndexabilityRule(site)
        self._locales_by_prefix = {loc.prefix: loc for loc in site.locales}
        self._locales_by_code = {loc.code: loc for loc in site.locales}
        self._roots = {
            loc.code: f"{self.base_url}/{loc.prefix}" if loc.prefix else self.base_url
            for loc in site.locales
        }

    # -- what exists -------------------------------------------------------------

    def page_keys(self, kind: PageKind | None = None) -> Iterator[PageKey]:
        """Every page key, hubs first, in a stable order."""
        conditions = list(self.site.conditions)
        hoods = list(self.site.neighborhoods)
        kinds = [kind] if kind else list(PageKind)
        for k in kinds:
            match k:
                case PageKind.home | PageKind.conditions_hub | PageKind.areas_hub:
                    yield PageKey(k)
                case PageKind.condition:
                    yield from (PageKey(k, condition=c) for c in conditions)
                case PageKind.area:
                    yield from (PageKey(k, neighborhood=n) for n in hoods)
                case PageKind.condition_area:
                    yield from (PageKey(k, c, n) for c in conditions for n in hoods)

    def pages(self, *, kind: PageKind | None = None, locale: str | None = None) -> Iterator[Page]:
        locales = [self._locales_by_code[locale]] if locale else self.site.locales
        for loc in locales:
            for key in self.page_keys(kind):
                yield self.page(key, loc)

    def __len__(self) -> int:
        c, n = len(self.site.conditions), len(self.site.neighborhoods)
        return len(self.site.locales) * (3 + c + n + c * n)

    def page(self, key: PageKey, locale: Locale) -> Page:
        path = page_path(key, locale.prefix)
        return Page(key=key, locale=locale, path=path, url=self.base_url + path)

    def locale_urls(self, key: PageKey) -> list[tuple[Locale, str]]:
        """The page's URL in every locale, the path computed once (the sitemap's hot path)."""
        path = page_path(key, "")
        return [(loc, f"{self._roots[loc.code]}{path}") for loc in self.site.locales]

    def exists(self, key: PageKey) -> bool:
        if key.condition is not None and key.condition not in self.site.conditions:
            return False
        return key.neighborhood is None or key.neighborhood in self.site.neighborhoods

    def resolve(self, path: str) -> Page | None:
        """The page served at exactly this canonical path, if any."""
        parsed = parse_path(path, set(self._locales_by_prefix) - {""})
        if parsed is None or not self.exists(parsed.key):
            return None
        page = self.page(parsed.key, self._locales_by_prefix[parsed.prefix])
        return page if page.path == path else None

    def redirect_target(self, path: str) -> str | None:
        """Where a non-canonical spelling of a page's path should go (301), if anywhere."""
        target = canonical_path(path)
        return target if target != path and self.resolve(target) else None

    def locale_for_path(self, path: str) -> Locale:
        """The locale a path belongs to by its prefix (for 404 pages)."""
        first = path.strip("/").split("/", 1)[0].lower()
        return self._locales_by_prefix.get(first, self.site.default_locale)

    # -- about one page ----------------------------------------------------------

    def alternates(self, page: Page) -> list[Alternate]:
        """Every language version, the page itself included, plus x-default."""
        out = [Alternate(loc.code, self.page(page.key, loc).url) for loc in self.site.locales]
        out.append(Alternate(X_DEFAULT, self.page(page.key, self.site.default_locale).url))
        return out

    def indexability(self, page: Page | PageKey) -> Verdict:
        key = page.key if isinstance(page, Page) else page
        if key.kind is PageKind.condition_area:
            assert key.condition is not None and key.neighborhood is not None
            return self._rule.combined_page(key.condition, key.neighborhood)
        return INDEXABLE

    def last_modified(self, page: Page | PageKey) -> dt.date:
        """The latest date of the content the page shows."""
        key = page.key if isinstance(page, Page) else page
        dates = [self.site.clinic.updated_on]
        if key.condition:
            dates.append(self.site.conditions[key.condition].reviewed_on)
        if key.neighborhood:
            dates.append(self.site.neighborhoods[key.neighborhood].updated_on)
        if key.kind in (PageKind.home, PageKind.conditions_hub, PageKind.areas_hub):
            dates.append(self._hub_updated_on)
        return max(dates)

    @cached_property
    def _hub_updated_on(self) -> dt.date:
        return self.site.updated_on
