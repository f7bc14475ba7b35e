from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from service.pages.urls import PageKey, PageKind, canonical_path, page_path, parse_path

slugs = st.from_regex(r"[a-z0-9]{1,8}(?:-[a-z0-9]{1,8}){0,2}", fullmatch=True)
prefixes = st.sampled_from(["", "es", "zh"])


def keys() -> st.SearchStrategy[PageKey]:
    return st.one_of(
        st.sampled_from(
            [PageKey(PageKind.home), PageKey(PageKind.conditions_hub), PageKey(PageKind.areas_hub)]
        ),
        slugs.map(lambda c: PageKey(PageKind.condition, condition=c)),
        slugs.map(lambda n: PageKey(PageKind.area, neighborhood=n)),
        st.tuples(slugs, slugs).map(lambda t: PageKey(PageKind.condition_area, *t)),
    )


@given(keys(), prefixes)
def test_parse_inverts_page_path(key: PageKey, prefix: str) -> None:
    parsed = parse_path(page_path(key, prefix), {"es", "zh"})
    assert parsed is not None
    assert (parsed.prefix, parsed.key) == (prefix, key)


@given(keys(), prefixes)
def test_canonical_paths_are_fixed_points(key: PageKey, prefix: str) -> None:
    path = page_path(key, prefix)
    assert canonical_path(path) == path
    assert path.endswith("/") and path == path.lower()


@given(st.text(alphabet="abcXYZ/-", max_size=30))
def test_canonical_path_is_idempotent(path: str) -> None:
    once = canonical_path("/" + path)
    assert canonical_path(once) == once


def test_examples() -> None:
    assert page_path(PageKey(PageKind.condition_area, "sciatica", "venice"), "es") == (
        "/es/conditions/sciatica/venice/"
    )
    assert canonical_path("/Conditions/Sciatica") == "/conditions/sciatica/"
    assert parse_path("/fr/conditions/", {"es"}) is None
    assert parse_path("/conditions/a/b/c/", {"es"}) is None
