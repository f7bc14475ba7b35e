from __future__ import annotations

import tracemalloc

from service.content.models import Site
from service.pages import kinds as k
from service.pages.registry import X_DEFAULT, PageRegistry
from service.pages.urls import PageKey
from service.render.kinds import PAGE_KINDS
from service.render.website import Website
from tests.conftest import BASE_URL


def test_every_page_kind_in_every_locale(website: Website) -> None:
    site = website.site
    c, n = len(site.conditions), len(site.neighborhoods)
    pages = list(website.registry.pages())
    assert len(pages) == len(website.registry) == 3 * (3 + c + n + c * n)
    assert len({p.url for p in pages}) == len(pages)


def test_urls_are_absolute_from_the_base_url(website: Website) -> None:
    for page in website.registry.pages(kind=k.CONDITION_AREA, locale="es"):
        assert page.url == f"{BASE_URL}/es/conditions/{page.key.condition}/{page.key.neighborhood}/"


def test_resolve_finds_exactly_canonical_paths(website: Website) -> None:
    registry = website.registry
    assert registry.resolve("/zh/areas/venice/") is not None
    assert registry.resolve("/zh/areas/venice") is None
    assert registry.resolve("/areas/atlantis/") is None
    assert registry.resolve("/conditions/sciatica/atlantis/") is None
    assert registry.redirect_target("/Conditions/Sciatica") == "/conditions/sciatica/"
    assert registry.redirect_target("/conditions/unknown") is None


def test_alternates_cover_every_indexable_locale_plus_x_default(website: Website) -> None:
    page = website.registry.resolve("/es/conditions/sciatica/")
    assert page is not None
    alternates = {a.hreflang: a.url for a in website.registry.alternates(page)}
    assert alternates == {
        "en": f"{BASE_URL}/conditions/sciatica/",
        "es": f"{BASE_URL}/es/conditions/sciatica/",
        "zh-Hans": f"{BASE_URL}/zh/conditions/sciatica/",
        X_DEFAULT: f"{BASE_URL}/conditions/sciatica/",
    }


def test_a_noindex_page_is_in_no_hreflang_cluster(website: Website) -> None:
    page = website.registry.resolve("/es/conditions/sciatica/venice/")
    assert page is not None
    assert not website.registry.indexability(page).indexable
    assert website.registry.alternates(page) == []


def test_breadcrumb_trail_follows_the_kinds_parents(website: Website) -> None:
    trail = website.registry.trail(PageKey(k.CONDITION_AREA, "sciatica", "venice"))
    assert [key.kind for key in trail] == [k.HOME, k.CONDITIONS_HUB, k.CONDITION, k.CONDITION_AREA]
    assert trail[2] == PageKey(k.CONDITION, "sciatica")


def test_last_modified_is_the_latest_date_the_page_shows(website: Website) -> None:
    site = website.site
    key = PageKey(k.CONDITION_AREA, "sciatica", "venice")
    expected = max(
        site.conditions["sciatica"].updated_on,
        site.neighborhoods["venice"].updated_on,
        site.clinic.updated_on,
    )
    assert website.registry.last_modified(key) == expected


def test_registry_iterates_lazily(website: Website) -> None:
    """A site of three million pages is walked holding one page at a time."""
    site = Site.model_construct(
        config=website.site.config,
        conditions={f"c{i}": None for i in range(1000)},
        neighborhoods={f"n{i}": None for i in range(1000)},
    )
    registry = PageRegistry(site, BASE_URL, PAGE_KINDS)
    assert len(registry) > 3_000_000
    tracemalloc.start()
    try:
        pages = registry.pages(kind=k.CONDITION_AREA)
        first = [next(pages) for _ in range(1000)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert first[0].path == "/conditions/c0/n0/"
    assert peak < 5_000_000, f"{peak:,} bytes to reach the first pages: they were built eagerly"


def test_without_a_judge_every_page_is_indexable(website: Website) -> None:
    registry = PageRegistry(website.site, BASE_URL, PAGE_KINDS)
    assert all(registry.indexability(page).indexable for page in registry.pages())
