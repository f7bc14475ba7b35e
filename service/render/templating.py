"""Jinja2 environments, one per locale, and the one place filters and globals are registered.

One environment per locale lets ``{% trans %}`` use that locale's catalog
without sharing mutable state between concurrent requests.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from service import PROJECT_ROOT
from service.content.models import Locale
from service.render.context import PageContext

TEMPLATES_DIR = PROJECT_ROOT / "templates"


def paragraphs(text: str) -> Markup:
    """Plain text with blank-line paragraph breaks -> escaped ``<p>`` elements."""
    blocks = [" ".join(block.split()) for block in text.split("\n\n")]
    return Markup("\n").join(Markup("<p>%s</p>") % escape(b) for b in blocks if b)


def register(env: jinja2.Environment) -> None:
    env.filters["paragraphs"] = paragraphs


def build_environment(
    translations: gettext.NullTranslations, templates_dir: Path = TEMPLATES_DIR
) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    register(env)
    return env


class Renderer:
    def __init__(
        self, locales: list[Locale], translations: dict[str, gettext.NullTranslations]
    ) -> None:
        self._envs = {loc.code: build_environment(translations[loc.code]) for loc in locales}

    def render(self, ctx: PageContext) -> str:
        template = self._envs[ctx.locale.code].get_template(ctx.template)
        return template.render(ctx=ctx, head=ctx.head, **ctx.body)
