"""The doorway rule on real sites: what it measures, what it lets into the index, and why."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from service.audit.document import Document
from service.content.synthetic import write_synthetic_site
from service.content.text import tokens
from service.output.sitemap import write_sitemaps
from service.pages import kinds as k
from service.pages.doorways import measure_pages, text_shingles
from service.pages.registry import Page
from service.render.website import Website, open_website
from service.settings import Environment, Settings

BASE = "https://clinic.example"


def rendered_main(html: str) -> str:
    """``<main>`` as the audit reads it: its text, less asides, navs and forms."""
    return Document.parse(f"{BASE}/", 200, html).main_text


@pytest.mark.slow
def test_the_words_measured_are_the_words_shown(
    website: Website, all_pages: list[tuple[str, str]]
) -> None:
    failures = []
    for path, html in all_pages:
        page = website.registry.resolve(path)
        assert page is not None
        measured = tokens(" ".join(website.contexts.main_texts(page)))
        if measured != tokens(rendered_main(html)):
            failures.append(path)
    assert not failures, failures[:10]


def test_the_default_site_indexes_home_hubs_conditions_and_areas_only(
    website: Website, tmp_path: Path
) -> None:
    sitemaps = write_sitemaps(website.registry, tmp_path)
    groups = {
        re.match(r"sitemap-([a-z-]+?)-(?:en|es|zh)", c.name).group(1) for c in sitemaps.children
    }  # type: ignore[union-attr]
    assert groups == {"hubs", "conditions", "areas"}
    site = website.site
    assert sitemaps.urls == 3 * (3 + len(site.conditions) + len(site.neighborhoods))


def _own_shares(website: Website, all_pages: list[tuple[str, str]]) -> dict[str, float]:
    """Each indexable page's share of main-content shingles found on no other indexable page
    of its language, measured from the HTML as served: an independent check of the rule."""
    shingles: dict[str, set[str]] = {}
    locale_of: dict[str, str] = {}
    for path, html in all_pages:
        page = website.registry.resolve(path)
        assert page is not None
        if website.registry.indexability(page).indexable:
            words = tokens(rendered_main(html))
            shingles[path] = {" ".join(words[i : i + 5]) for i in range(len(words) - 4)}
            locale_of[path] = page.locale.code
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for path, found in shingles.items():
        seen[locale_of[path]].update(found)
    return {
        path: sum(1 for s in found if seen[locale_of[path]][s] == 1) / len(found)
        for path, found in shingles.items()
    }


@pytest.mark.slow
def test_every_indexed_landing_page_is_mostly_its_own_words(
    website: Website, all_pages: list[tuple[str, str]]
) -> None:
    shares = _own_shares(website, all_pages)
    landing = {
        page.path for page in website.registry.pages() if website.registry.kinds[page.kind].landing
    }
    weak = {
        path: f"{share:.0%}" for path, share in shares.items() if path in landing and share < 0.5
    }
    assert not weak
    assert {path for path in shares if path in landing}, "no landing page is indexed"


@pytest.mark.slow
def test_combination_pages_without_their_own_text_could_never_pass(website: Website) -> None:
    """Judging them without measuring (the fast path) loses nothing: measured in full,
    every one of them fails."""
    registry, contexts = website.registry, website.contexts
    for locale in website.site.locales:
        pages = [
            (page.key, contexts.main_texts(page), registry.kinds[page.kind].landing)
            for page in registry.pages(locale=locale.code)
        ]
        measures = measure_pages(pages, website.site.config.doorway)
        passing = [
            key for key, m in measures.items() if key.kind == k.CONDITION_AREA and m.indexable
        ]
        assert passing == [], (locale.code, passing[:5])


@pytest.fixture(scope="module")
def one_combination(tmp_path_factory: pytest.TempPathFactory) -> Website:
    content = write_synthetic_site(
        tmp_path_factory.mktemp("combination") / "content",
        conditions=3,
        neighborhoods=3,
        combinations=1,
    )
    return open_website(
        Settings(base_url=BASE, content_dir=content, environment=Environment.production)
    )


def _page(website: Website, path: str) -> Page:
    page = website.registry.resolve(path)
    assert page is not None
    return page


def test_a_combination_with_its_own_text_is_indexed_and_its_siblings_are_not(
    one_combination: Website, tmp_path: Path
) -> None:
    registry = one_combination.registry
    own = _page(one_combination, "/conditions/condition-0/area-0/")
    assert registry.indexability(own).indexable
    assert registry.indexability(own).unique_share >= 0.5  # type: ignore[operator]
    for sibling in ("/conditions/condition-0/area-1/", "/es/conditions/condition-1/area-0/"):
        verdict = registry.indexability(_page(one_combination, sibling))
        assert not verdict.indexable and "no text of its own" in verdict.reason
    sitemaps = write_sitemaps(registry, tmp_path)
    combined = (tmp_path / "sitemap-condition-areas-en-1.xml").read_text()
    assert f"{BASE}/conditions/condition-0/area-0/" in combined
    assert "area-1/" not in combined and sitemaps.urls == 3 * (3 + 3 + 3 + 1)
    alternates = {a.hreflang for a in registry.alternates(own)}
    assert alternates == {"en", "es", "zh-Hans", "x-default"}


def test_its_own_text_leads_the_page(one_combination: Website) -> None:
    page = _page(one_combination, "/conditions/condition-0/area-0/")
    own = one_combination.site.combinations["condition-0", "area-0"].texts["en"].text
    _h1, updated, first, *_ = one_combination.contexts.main_texts(page)
    assert updated.startswith("Last updated")
    assert first == " ".join(own.split("\n\n")[0].split())


def test_text_shared_by_two_combinations_indexes_neither(tmp_path: Path) -> None:
    content = write_synthetic_site(
        tmp_path / "content", conditions=3, neighborhoods=3, combinations=2
    )
    first = (content / "combinations" / "condition-0" / "area-0.yaml").read_text()
    (content / "combinations" / "condition-0" / "area-1.yaml").write_text(first)
    website = open_website(Settings(base_url=BASE, content_dir=content))
    for path in ("/conditions/condition-0/area-0/", "/conditions/condition-0/area-1/"):
        verdict = website.registry.indexability(_page(website, path))
        assert not verdict.indexable
        assert "of its main content is its own, at least 50% needed" in verdict.reason


def test_short_texts_still_have_shingles() -> None:
    assert text_shingles("Venice") == {("venice",)}
