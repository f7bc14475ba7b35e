"""The rule that keeps condition x neighborhood pages from being doorways."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from service.content import load_site
from service.pages.indexability import MIN_SPECIFIC_SHARE, IndexabilityRule
from service.website import Website
from tests.utils import edit_yaml


def test_default_site_combined_pages_are_all_indexable(website: Website) -> None:
    rule = IndexabilityRule(website.site)
    verdicts = [
        rule.combined_page(c, n)
        for c in website.site.conditions
        for n in website.site.neighborhoods
    ]
    assert all(v.indexable for v in verdicts), [v.reason for v in verdicts if not v.indexable]


def test_thin_neighborhood_text_makes_its_pages_noindex(content_dir: Path) -> None:
    def thin(d: dict) -> None:
        for code in ("en", "es", "zh-Hans"):
            d[code].update(
                intro="Near the clinic.",
                getting_here="Drive east.",
                transit=["Bus."],
                parking="Meters.",
            )

    edit_yaml(content_dir / "neighborhoods" / "area-1.yaml", thin)
    rule = IndexabilityRule(load_site(content_dir).site)
    verdict = rule.combined_page("condition-0", "area-1")
    assert not verdict.indexable
    assert "neighborhood-specific text is" in verdict.reason
    assert f"at least {MIN_SPECIFIC_SHARE:.0%} needed" in verdict.reason
    assert rule.combined_page("condition-0", "area-0").indexable


def test_copied_neighborhood_text_is_a_near_duplicate(content_dir: Path) -> None:
    original = yaml.safe_load((content_dir / "neighborhoods" / "area-0.yaml").read_text("utf-8"))

    def copy_text(d: dict) -> None:
        for code in ("en", "es", "zh-Hans"):
            for key in ("intro", "getting_here", "transit", "parking"):
                d[code][key] = original[code][key]

    edit_yaml(content_dir / "neighborhoods" / "area-2.yaml", copy_text)
    rule = IndexabilityRule(load_site(content_dir).site)
    verdict = rule.combined_page("condition-1", "area-2")
    assert not verdict.indexable
    assert "nearly duplicates area-0" in verdict.reason


def test_a_failure_in_one_locale_noindexes_the_page_in_all(content_dir: Path) -> None:
    def thin_chinese(d: dict) -> None:
        d["zh-Hans"].update(
            intro="近。", getting_here="东行。", transit=["公交。"], parking="路边。"
        )

    edit_yaml(content_dir / "neighborhoods" / "area-1.yaml", thin_chinese)
    verdict = IndexabilityRule(load_site(content_dir).site).combined_page("condition-0", "area-1")
    assert not verdict.indexable and verdict.reason.startswith("[zh-Hans]")


def test_lsh_and_exact_pairs_find_the_same_twins(monkeypatch: pytest.MonkeyPatch) -> None:
    from service.pages import indexability

    base = set(range(1000))
    sets = {
        "a": base,
        "a-copy": base ^ set(range(100)),  # 80% the same as "a"
        "b": set(range(5000, 6000)),
        "c": set(range(5600, 6600)),  # 25% the same as "b": not a twin
    }
    exact = indexability._near_duplicates(sets)
    monkeypatch.setattr(indexability, "EXACT_PAIRS_UP_TO", 0)
    assert indexability._near_duplicates(sets) == exact == {"a": "a-copy", "a-copy": "a"}
