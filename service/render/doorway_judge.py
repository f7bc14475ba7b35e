"""The doorway rule applied to a site: each landing page measured by the words it shows.

``service.pages.doorways`` holds the rule; this module feeds it every page's
main-content parts as rendering builds them, so what is judged is exactly
what is served.
"""

from __future__ import annotations

from collections.abc import Hashable

from service.pages.doorways import measure_pages
from service.pages.registry import PageRegistry, Verdict, Verdicts
from service.pages.urls import PageKey
from service.render.context import ContextBuilder

NO_OWN_TEXT = "no text of its own (add content/combinations/{condition}/{neighborhood}.yaml)"


def judge_site(registry: PageRegistry, contexts: ContextBuilder) -> Verdicts:
    """A verdict for every landing page in every locale."""
    site = registry.site
    verdicts: dict[tuple[PageKey, str], Verdict] = {}
    for locale in site.locales:
        pages: list[tuple[Hashable, list[str], bool]] = []
        for spec in registry.kinds.values():
            for key in registry.page_keys(spec.name):
                if spec.needs_own_content and (key.condition, key.neighborhood) not in (
                    site.combinations
                ):
                    # Everything such a page shows is shown by its parents too: no need to
                    # measure what cannot pass (tests measure them all the same).
                    reason = NO_OWN_TEXT.format(
                        condition=key.condition, neighborhood=key.neighborhood
                    )
                    verdicts[key, locale.code] = Verdict(False, f"[{locale.code}] {reason}")
                    continue
                page = registry.page(key, locale)
                pages.append((key, contexts.main_texts(page), spec.landing))
        for measured, measure in measure_pages(pages, site.config.doorway).items():
            assert isinstance(measured, PageKey)
            key = measured
            if not registry.kinds[key.kind].landing:
                continue
            reason = f"[{locale.code}] {measure.reason}" if measure.reason else ""
            verdicts[key, locale.code] = Verdict(
                measure.indexable, reason, measure.unique_share, measure.words
            )
    return verdicts
