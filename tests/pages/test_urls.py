from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.pages import kinds as k
from service.pages.urls import PageKey, canonical_path, page_path, parse_path
from service.render.kinds import PAGE_KINDS

SPECS = {spec.name: spec for spec in PAGE_KINDS}
slugs = st.from_regex(r"[a-z0-9]{1,8}(?:-[a-z0-9]{1,8}){0,2}", fullmatch=True)
prefixes = st.sampled_from(["", "es", "zh"])


def keys() -> st.SearchStrategy[PageKey]:
    return st.one_of(
        st.sampled_from([PageKey(k.HOME), PageKey(k.CONDITIONS_HUB), PageKey(k.AREAS_HUB)]),
        slugs.map(lambda c: PageKey(k.CONDITION, condition=c)),
        slugs.map(lambda n: PageKey(k.AREA, neighborhood=n)),
        st.tuples(slugs, slugs).map(lambda t: PageKey(k.CONDITION_AREA, *t)),
    )


def path(key: PageKey, prefix: str) -> str:
    return page_path(key, prefix, SPECS[key.kind])


@given(keys(), prefixes)
def test_parse_inverts_page_path(key: PageKey, prefix: str) -> None:
    parsed = parse_path(path(key, prefix), {"es", "zh"}, PAGE_KINDS)
    assert parsed is not None
    assert (parsed.prefix, parsed.key) == (prefix, key)


@given(keys(), prefixes)
def test_canonical_paths_are_fixed_points(key: PageKey, prefix: str) -> None:
    canonical = path(key, prefix)
    assert canonical_path(canonical) == canonical
    assert canonical.endswith("/") and canonical == canonical.lower()


@given(st.text(alphabet="abcXYZ/-", max_size=30))
def test_canonical_path_is_idempotent(raw: str) -> None:
    once = canonical_path("/" + raw)
    assert canonical_path(once) == once


def test_examples() -> None:
    assert path(PageKey(k.CONDITION_AREA, "sciatica", "venice"), "es") == (
        "/es/conditions/sciatica/venice/"
    )
    assert canonical_path("/Conditions/Sciatica") == "/conditions/sciatica/"
    assert parse_path("/fr/conditions/", {"es"}, PAGE_KINDS) is None
    assert parse_path("/conditions/a/b/c/", {"es"}, PAGE_KINDS) is None


def test_a_pattern_may_name_only_known_slugs() -> None:
    with pytest.raises(ValueError, match="unknown placeholders"):
        k.PageKindSpec(name="x", pattern="x/{practitioner}/", parent=None, sitemap_group="x")
