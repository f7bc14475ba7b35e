"""The doorway rule, on made-up pages whose shingles can be counted by hand."""

from __future__ import annotations

import itertools

from service.content.models import DoorwayRule
from service.pages.doorways import measure_pages, text_shingles

RULE = DoorwayRule(min_unique_share=0.5, min_words=0)


def words(prefix: str, n: int) -> str:
    """``n`` distinct words: every 5-word shingle of it is its own."""
    return " ".join(f"{prefix}{i}" for i in range(n))


def test_shingles_are_five_words_and_a_short_text_is_one_shingle() -> None:
    assert text_shingles("a b c d e f") == {tuple("abcde"), tuple("bcdef")}
    assert text_shingles("Santa Monica") == {("santa", "monica")}
    assert text_shingles("") == frozenset()


def test_chinese_shingles_by_character() -> None:
    assert text_shingles("针灸可能有帮助") == {
        tuple("针灸可能有"),
        tuple("灸可能有帮"),
        tuple("可能有帮助"),
    }


def test_a_page_of_its_own_words_is_indexable() -> None:
    result = measure_pages([("a", [words("a", 14)], True)], RULE)
    assert result["a"].indexable and result["a"].unique_share == 1.0


def test_shared_parts_count_against_every_page_that_shows_them() -> None:
    shared = words("s", 14)  # 10 shingles
    own = words("o", 9)  # 5 shingles
    result = measure_pages([("a", [own, shared], True), ("b", [words("p", 9), shared], True)], RULE)
    assert result["a"].unique_share == 5 / 15
    assert not result["a"].indexable
    assert "33% of its main content is its own, at least 50% needed" in result["a"].reason


def test_navigation_pages_count_as_others_but_are_never_judged() -> None:
    guide = words("g", 14)
    result = measure_pages([("hub", [guide], False), ("page", [guide, words("o", 9)], True)], RULE)
    assert "hub" not in result
    assert result["page"].unique_share == 5 / 15 and not result["page"].indexable


def test_a_shingle_found_in_two_parts_of_one_page_is_still_its_own() -> None:
    text = words("x", 10)
    result = measure_pages([("a", [text, text + " tail"], True)], RULE)
    assert result["a"].unique_share == 1.0


def test_pages_that_fail_leave_and_the_rest_are_measured_again() -> None:
    shared = words("s", 14)  # 10 shingles
    a = [words("a", 9), shared]  # 5 of 15 its own: fails
    b = [shared, words("b", 34)]  # 30 of 40 its own; all 40 once a has left the index
    pages = [("a", a, True), ("b", b, True), ("c", [words("c", 20)], True)]
    results = [measure_pages(order, RULE) for order in itertools.permutations(pages)]
    assert all(r == results[0] for r in results), "the order of pages must not matter"
    first = results[0]
    assert not first["a"].indexable and first["a"].unique_share == 5 / 15
    assert first["b"].indexable and first["b"].unique_share == 1.0
    assert first["c"].indexable


def test_too_few_words_is_noindex_whatever_the_share() -> None:
    result = measure_pages([("a", [words("a", 40)], True)], DoorwayRule(min_words=300))
    assert not result["a"].indexable
    assert result["a"].reason == "40 words of main content, at least 300 needed"
