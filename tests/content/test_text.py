from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from service.content.text import display_width, jaccard, shingles, tokens, word_count


def test_spaced_scripts_count_words() -> None:
    assert word_count("Acupuncture may help, it's said.") == 5


def test_chinese_counts_each_character() -> None:
    assert word_count("针灸可能有助于缓解疼痛") == 11


def test_mixed_scripts() -> None:
    assert tokens("MRI 检查") == ["mri", "检", "查"]


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("abc") == 3
    assert display_width("针灸") == 4
    assert display_width("（FDA）") == 7


def test_identical_texts_are_fully_similar() -> None:
    text = "one two three four five six seven"
    assert jaccard(shingles(text), shingles(text)) == 1.0


def test_unrelated_texts_share_nothing() -> None:
    a = shingles("alpha beta gamma delta epsilon zeta")
    b = shingles("one two three four five six")
    assert jaccard(a, b) == 0.0


@given(st.text())
def test_word_count_never_negative_and_matches_tokens(text: str) -> None:
    assert word_count(text) == len(tokens(text)) >= 0


@given(st.text(min_size=1))
def test_shingles_are_stable(text: str) -> None:
    assert shingles(text) == shingles(text)
