"""The loaded site and everything derived from it, built once per process.

The app, the sitemap, the static export and the audit each take a
``Website`` so they all read the same registry and render the same HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from service.content import load_site
from service.content.models import Locale, Site
from service.i18n import load_translations
from service.pages.registry import Page, PageRegistry
from service.render.context import ContextBuilder
from service.render.templating import Renderer
from service.settings import Environment, Settings

RENDER_CACHE_PAGES = 2048


@dataclass
class Website:
    settings: Settings
    site: Site
    registry: PageRegistry
    contexts: ContextBuilder
    renderer: Renderer
    warnings: list[str] = field(default_factory=list)
    # Content is immutable while the process runs, so a rendered page can be reused;
    # copies for another environment share the cache (the HTML does not depend on it).
    _cached_render: Callable[[Page], str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self._cached_render is None:
            self._cached_render = lru_cache(maxsize=RENDER_CACHE_PAGES)(self._render)

    def _render(self, page: Page) -> str:
        return self.renderer.render(self.contexts.build(page))

    def render(self, page: Page) -> str:
        assert self._cached_render is not None
        return self._cached_render(page)

    def in_environment(self, environment: Environment) -> Website:
        """The same site as served in another environment, sharing content and caches."""
        return replace(self, settings=self.settings.with_overrides(environment=environment))

    def render_not_found(self, locale: Locale) -> str:
        return self.renderer.render(self.contexts.not_found(locale))


def open_website(settings: Settings) -> Website:
    """Load and validate the content, then build the registry and renderers.

    Raises ``ContentError`` (every content problem) or ``CatalogError``.
    """
    loaded = load_site(settings.content_dir)
    site = loaded.site
    translations = {loc.code: load_translations(loc) for loc in site.locales}
    registry = PageRegistry(site, settings.base_url)
    return Website(
        settings=settings,
        site=site,
        registry=registry,
        contexts=ContextBuilder(registry, translations),
        renderer=Renderer(site.locales, translations),
        warnings=loaded.warnings,
    )
