"""Assemble a page's template context from its kind's entry in the table.

The kind's builders say what the page shows; here the parts every page has
(head, breadcrumbs, JSON-LD, language links, the locale's shared blocks) are
put around them, and the 404 page is built the same way.
"""

from __future__ import annotations

import gettext
from collections.abc import Sequence
from functools import cached_property

from service.content.models import Locale
from service.pages.kinds import HOME
from service.pages.registry import Page, PageRegistry
from service.pages.urls import PageKey
from service.render.assets import static_url
from service.render.headings import fit_title
from service.render.kinds import PageKind
from service.render.kit import LocaleKit
from service.render.sections import Link, main_texts
from service.render.structured_data import build_graph, site_graph, to_script_json
from service.render.view import Body, Head, Headings, PageContext


class ContextBuilder:
    """Builds the context of any page of one registry, in any of its locales."""

    def __init__(
        self,
        registry: PageRegistry,
        kinds: Sequence[PageKind],
        translations: dict[str, gettext.NullTranslations],
    ) -> None:
        self.registry = registry
        self.site = registry.site
        self.kinds = {kind.name: kind for kind in kinds}
        self._translations = translations

    @cached_property
    def kits(self) -> dict[str, LocaleKit]:
        return {
            loc.code: LocaleKit(self.registry, loc, self._translations[loc.code])
            for loc in self.site.locales
        }

    def kit(self, locale: Locale) -> LocaleKit:
        return self.kits[locale.code]

    def headings(self, page: Page) -> Headings:
        """Title, meta description and h1: cheap, so `nearme check` can judge every page."""
        return self.kinds[page.kind].headings(page, self.kit(page.locale))

    def body(self, page: Page) -> Body:
        return self.kinds[page.kind].body(page, self.kit(page.locale))

    def main_texts(self, page: Page) -> list[str]:
        """The words of the page's ``<main>``, in order: what the doorway rule measures."""
        body = self.body(page)
        lead = tuple(line.text for line in body.byline)
        return main_texts(self.headings(page).h1, lead, body.sections)

    def breadcrumbs(self, page: Page) -> list[Link]:
        kit = self.kit(page.locale)
        return [
            Link(self.kinds[key.kind].crumb(key, kit), self.registry.page(key, page.locale).url)
            for key in self.registry.trail(page.key)
        ]

    def languages(self, page: Page | None, locale: Locale) -> list[Link]:
        """Links to this page in every other language (the home page on a 404)."""
        key = page.key if page else PageKey(HOME)
        return [
            Link(loc.name, self.registry.page(key, loc).url, note=loc.code)
            for loc in self.site.locales
            if loc.code != locale.code
        ]

    def shared(self, kit: LocaleKit) -> dict[str, object]:
        """The locale's blocks every page shows, the same objects on every page."""
        return {
            "clinic": kit.clinic,
            "disclaimer": self.site.disclaimer[kit.code],
            "hubs": kit.hub_links,
            "copy": kit.copy,
        }

    def build(self, page: Page) -> PageContext:
        kind = self.kinds[page.kind]
        kit = self.kit(page.locale)
        title, description, h1 = kind.headings(page, kit)
        crumbs = self.breadcrumbs(page)
        verdict = self.registry.indexability(page)
        head = Head(
            title=title,
            description=description,
            canonical=page.url,
            robots="index, follow" if verdict.indexable else "noindex, follow",
            alternates=self.registry.alternates(page),
            og_type=kind.og_type,
            og_locale=kit.formatter.og_locale,
            image=self.registry.base_url + static_url(self.site.clinic.image),
        )
        graph = build_graph(
            page,
            kit,
            title=title,
            description=description,
            breadcrumbs=[(c.text, c.url) for c in crumbs],
            about_condition=kind.about_condition,
            shows_symptoms=kind.shows_symptoms,
        )
        return PageContext(
            page=page,
            locale=page.locale,
            head=head,
            h1=h1,
            body=kind.body(page, kit),
            breadcrumbs=crumbs if len(crumbs) > 1 else [],
            jsonld=to_script_json(graph),
            languages=self.languages(page, page.locale),
            template=kind.template,
            shared=self.shared(kit),
        )

    def not_found(self, locale: Locale) -> PageContext:
        kit = self.kit(locale)
        _ = kit.gettext
        home = self.registry.page(PageKey(HOME), locale)
        head = Head(
            title=fit_title(
                [
                    _("Page not found | %(clinic)s") % {"clinic": self.site.clinic.short_name},
                    _("Page not found"),
                ]
            ),
            description=kit.copy.not_found_description,
            canonical="",
            robots="noindex, follow",
            alternates=[],
            og_type="website",
            og_locale=kit.formatter.og_locale,
            image=self.registry.base_url + static_url(self.site.clinic.image),
        )
        return PageContext(
            page=None,
            locale=locale,
            head=head,
            h1=_("Page not found"),
            body=Body(()),
            breadcrumbs=[Link(_("Home"), home.url), Link(_("Page not found"), "")],
            jsonld=to_script_json(site_graph(kit)),
            languages=self.languages(None, locale),
            template="404.html",
            shared=self.shared(kit),
        )
