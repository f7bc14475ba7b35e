"""The loaded site and everything derived from it, built once per process.

The app, the sitemap, the static export and the audit each take a
``Website`` so they all read the same registry and render the same HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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

    def __post_init__(self) -> None:
        # Content is immutable while the process runs, so rendered pages can be reused.
        self.render = lru_cache(maxsize=RENDER_CACHE_PAGES)(self._render)  # type: ignore[method-assign]

    def _render(self, page: Page) -> str:
        return self.renderer.render(self.contexts.build(page))

    def render(self, page: Page) -> str:  # replaced per instance by the cached version
        return self._render(page)

    def in_environment(self, environment: Environment) -> Website:
        """The same site as served in another environment (sharing content and caches)."""
        return Website(
            settings=self.settings.with_overrides(environment=environment),
            site=self.site,
            registry=self.registry,
            contexts=self.contexts,
            renderer=self.renderer,
            warnings=self.warnings,
        )

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
