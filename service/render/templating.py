"""Jinja2 environments, one per locale, and the one place filters and globals are registered.

One environment per locale lets ``{% trans %}`` use that locale's catalog
without sharing mutable state between concurrent requests.
"""

from __future__ import annotations

import gettext
from collections.abc import Sequence
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from service.content.models import Locale
from service.paths import TEMPLATES_DIR
from service.render.assets import static_url
from service.render.view import PageContext


def paragraphs(text: str) -> Markup:
    """Plain text with blank-line paragraph breaks -> escaped ``<p>`` elements."""
    blocks = [" ".join(block.split()) for block in text.split("\n\n")]
    return Markup("\n").join(Markup("<p>%s</p>") % escape(b) for b in blocks if b)


def register(env: jinja2.Environment) -> None:
    env.filters["paragraphs"] = paragraphs
    env.globals["static_url"] = static_url


def build_environment(
    translations: gettext.NullTranslations, extra_templates: Sequence[Path] = ()
) -> jinja2.Environment:
    """``extra_templates`` folders come first, so they add templates or override ours."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*extra_templates, TEMPLATES_DIR]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    register(env)
    return env


# Partials that read only the locale's clinic block, disclaimer and hub links, and
# which of those variables each reads. Every page of a locale shows them the same,
# so each is rendered once per locale: on a site of 330 neighborhoods the footer's
# list of areas alone was two fifths of a page's rendering time.
LOCALE_FRAGMENTS = {
    "visit_html": ("_partials/visit.html", ("clinic",)),
    "clinic_html": ("_partials/clinic.html", ("clinic",)),
    "footer_html": ("_partials/footer.html", ("clinic", "disclaimer", "hubs")),
}


class Renderer:
    def __init__(
        self,
        locales: list[Locale],
        translations: dict[str, gettext.NullTranslations],
        extra_templates: Sequence[Path] = (),
    ) -> None:
        self._envs = {
            loc.code: build_environment(translations[loc.code], extra_templates) for loc in locales
        }
        # (locale, fragment) -> (the variables it was rendered from, its HTML)
        self._fragments: dict[tuple[str, str], tuple[tuple[object, ...], Markup]] = {}

    def render(self, ctx: PageContext) -> str:
        env = self._envs[ctx.locale.code]
        fragments = {
            name: self._fragment(env, ctx, name, template, variables)
            for name, (template, variables) in LOCALE_FRAGMENTS.items()
        }
        return env.get_template(ctx.template).render(
            ctx=ctx, head=ctx.head, body=ctx.body, **ctx.shared, **fragments
        )

    def _fragment(
        self,
        env: jinja2.Environment,
        ctx: PageContext,
        name: str,
        template: str,
        variables: tuple[str, ...],
    ) -> Markup:
        """``template`` rendered from ``variables``, reused while they are the same objects."""
        inputs = tuple(ctx.shared[v] for v in variables)
        key = (ctx.locale.code, name)
        cached = self._fragments.get(key)
        if cached is not None and all(a is b for a, b in zip(cached[0], inputs, strict=True)):
            return cached[1]
        html = Markup(env.get_template(template).render(dict(zip(variables, inputs, strict=True))))
        self._fragments[key] = (inputs, html)
        return html
