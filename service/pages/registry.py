"""The page registry: every page of the site, its URL, locale, alternates and indexability.

The router, the sitemap, the static export and the audit all read this one
registry, so they can never disagree about which pages exist. Pages are
computed, not stored: iterating a site of 600,000 pages holds one at a time.

Which pages are indexable is decided by a ``Judge`` given at construction
(the doorway rule needs the words each page shows, which rendering knows and
this layer does not), once, the first time anyone asks.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from service.content.models import Locale, Site
from service.pages.kinds import PageKindSpec
from service.pages.urls import PageKey, canonical_path, page_path, parse_path

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
    def kind(self) -> str:
        return self.key.kind


@dataclass(frozen=True)
class Verdict:
    indexable: bool
    reason: str = ""
    unique_share: float | None = None  # of main-content shingles, where it was measured
    words: int | None = None  # of main content, where it was measured


INDEXABLE = Verdict(True)
Verdicts = Mapping[tuple[PageKey, str], Verdict]  # (key, locale code) -> verdict
Judge = Callable[["PageRegistry"], Verdicts]


class PageRegistry:
    def __init__(
        self,
        site: Site,
        base_url: str,
        kinds: Sequence[PageKindSpec],
        judge: Judge | None = None,
    ) -> None:
        self.site = site
        self.base_url = base_url.rstrip("/")
        self.kinds = {spec.name: spec for spec in kinds}
        self._judge = judge
        self._locales_by_prefix = {loc.prefix: loc for loc in site.locales}
        self._locales_by_code = {loc.code: loc for loc in site.locales}
        self._prefixes = set(self._locales_by_prefix) - {""}
        self._roots = {
            loc.code: f"{self.base_url}/{loc.prefix}" if loc.prefix else self.base_url
            for loc in site.locales
        }

    # -- what exists -------------------------------------------------------------

    def _slugs(self, placeholder: str) -> list[str]:
        collection = self.site.conditions if placeholder == "condition" else self.site.neighborhoods
        return list(collection)

    def page_keys(self, kind: str | None = None) -> Iterator[PageKey]:
        """Every page key, in the order of the kinds table, then of the content."""
        specs = [self.kinds[kind]] if kind else list(self.kinds.values())
        for spec in specs:
            columns = [self._slugs(name) for name in spec.placeholders]
            for slugs in itertools.product(*columns):
                values = dict(zip(spec.placeholders, slugs, strict=True))
                yield PageKey(spec.name, values.get("condition"), values.get("neighborhood"))

    def pages(self, *, kind: str | None = None, locale: str | None = None) -> Iterator[Page]:
        locales = [self._locales_by_code[locale]] if locale else self.site.locales
        for loc in locales:
            for key in self.page_keys(kind):
                yield self.page(key, loc)

    def __len__(self) -> int:
        per_locale = sum(
            math.prod(len(self._slugs(name)) for name in spec.placeholders)
            for spec in self.kinds.values()
        )
        return len(self.site.locales) * per_locale

    def page(self, key: PageKey, locale: Locale) -> Page:
        path = page_path(key, locale.prefix, self.kinds[key.kind])
        return Page(key=key, locale=locale, path=path, url=self.base_url + path)

    def locale(self, code: str) -> Locale:
        return self._locales_by_code[code]

    def exists(self, key: PageKey) -> bool:
        if key.kind not in self.kinds:
            return False
        if key.condition is not None and key.condition not in self.site.conditions:
            return False
        return key.neighborhood is None or key.neighborhood in self.site.neighborhoods

    def resolve(self, path: str) -> Page | None:
        """The page served at exactly this canonical path, if any."""
        parsed = parse_path(path, self._prefixes, list(self.kinds.values()))
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

    def parent(self, key: PageKey) -> PageKey | None:
        """The page one breadcrumb up: the parent kind, keeping the slugs it names."""
        parent = self.kinds[key.kind].parent
        if parent is None:
            return None
        spec = self.kinds[parent]
        values = {name: key.slug(name) for name in spec.placeholders}
        return PageKey(parent, values.get("condition"), values.get("neighborhood"))

    def trail(self, key: PageKey) -> list[PageKey]:
        """The breadcrumb trail: the root kind first, the page itself last."""
        chain = [key]
        while (up := self.parent(chain[-1])) is not None:
            chain.append(up)
        return chain[::-1]

    def indexability(self, page: Page) -> Verdict:
        if not self.kinds[page.kind].landing:
            return INDEXABLE
        return self._verdicts.get((page.key, page.locale.code), INDEXABLE)

    def is_indexable(self, key: PageKey, code: str) -> bool:
        return self.indexability(self.page(key, self._locales_by_code[code])).indexable

    @cached_property
    def _verdicts(self) -> Verdicts:
        return self._judge(self) if self._judge is not None else {}

    def indexable_urls(self, key: PageKey) -> list[tuple[Locale, str]]:
        """The page's URL in every locale where it is indexable (the sitemap's hot path)."""
        spec = self.kinds[key.kind]
        path = page_path(key, "", spec)
        return [
            (loc, f"{self._roots[loc.code]}{path}")
            for loc in self.site.locales
            if not spec.landing or self.is_indexable(key, loc.code)
        ]

    def alternates(self, page: Page) -> list[Alternate]:
        """The hreflang cluster: every indexable language version, plus x-default.

        A noindex page belongs to no cluster, so it lists none; the others list
        only versions that are indexed, so every link is returned.
        """
        if not self.indexability(page).indexable:
            return []
        versions = dict(self.indexable_urls(page.key))
        out = [Alternate(loc.code, url) for loc, url in versions.items()]
        default = self.site.default_locale
        if default in versions:
            out.append(Alternate(X_DEFAULT, versions[default]))
        return out

    def last_modified(self, page: Page | PageKey) -> dt.date:
        """The latest date of the content the page shows."""
        key = page.key if isinstance(page, Page) else page
        dates = [self.site.clinic.updated_on]
        if key.condition:
            dates.append(self.site.conditions[key.condition].updated_on)
        if key.neighborhood:
            dates.append(self.site.neighborhoods[key.neighborhood].updated_on)
        if key.condition and key.neighborhood:
            combination = self.site.combinations.get((key.condition, key.neighborhood))
            if combination is not None:
                dates.append(combination.updated_on)
        if not self.kinds[key.kind].placeholders:  # home and hubs list everything
            dates.append(self._site_updated_on)
        return max(dates)

    @cached_property
    def _site_updated_on(self) -> dt.date:
        return self.site.updated_on
