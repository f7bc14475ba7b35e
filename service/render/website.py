"""The loaded site and everything derived from it, built once per process.

The app, the sitemap, the static export and the audit each take a
``Website`` so they all read the same registry and render the same HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from service.content import load_site
from service.content.models import Locale, Site
from service.errors import ContentError
from service.pages.registry import Page, PageRegistry
from service.render.context import ContextBuilder
from service.render.doorway_judge import judge_site
from service.render.i18n import load_translations
from service.render.kinds import PAGE_KINDS, PageKind
from service.render.templating import Renderer
from service.settings import Environment, Settings


@dataclass
class Website:
    settings: Settings
    site: Site
    registry: PageRegistry
    contexts: ContextBuilder
    renderer: Renderer
    warnings: list[str] = field(default_factory=list)

    def render(self, page: Page) -> str:
        """The page's HTML. Not cached here: ``service.output.encoded`` keeps what is served."""
        return self.renderer.render(self.contexts.build(page))

    def in_environment(self, environment: Environment) -> Website:
        """The same site as served in another environment, sharing content and registry."""
        return replace(self, settings=self.settings.with_overrides(environment=environment))

    def render_not_found(self, locale: Locale) -> str:
        return self.renderer.render(self.contexts.not_found(locale))


def open_website(
    settings: Settings,
    *,
    kinds: Sequence[PageKind] = PAGE_KINDS,
    extra_templates: Sequence[Path] = (),
) -> Website:
    """Load and validate the content, then build the registry and renderers.

    ``kinds`` is the table of page kinds (``service.render.kinds``) and
    ``extra_templates`` folders of templates searched before ours. Raises
    ``ContentError`` (every content problem, and in production every
    placeholder fact still in the content) or ``CatalogError``.
    """
    loaded = load_site(settings.content_dir)
    if settings.is_production and loaded.placeholders:
        raise ContentError(
            [f"{problem} (production publishes only real facts)" for problem in loaded.placeholders]
        )
    site = loaded.site
    translations = {loc.code: load_translations(loc) for loc in site.locales}
    registry = PageRegistry(
        site, settings.base_url, kinds, judge=lambda reg: judge_site(reg, contexts)
    )
    contexts = ContextBuilder(registry, kinds, translations)
    return Website(
        settings=settings,
        site=site,
        registry=registry,
        contexts=contexts,
        renderer=Renderer(site.locales, translations, extra_templates),
        warnings=loaded.warnings + loaded.placeholders,
    )
