from __future__ import annotations

import json
import os
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from service.content.text import display_width, shingles, tokens, word_count

latin_words = st.lists(st.from_regex(r"[a-z]{1,10}", fullmatch=True), max_size=30)
han = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=40)


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


@given(latin_words, st.sampled_from([" ", "\n", ", ", " - ", ".  "]))
def test_spaced_words_count_once_whatever_separates_them(words: list[str], sep: str) -> None:
    assert word_count(sep.join(words)) == len(words)


@given(han)
def test_every_han_character_is_a_word(text: str) -> None:
    assert word_count(text) == len(text)


def test_identical_texts_share_every_shingle_and_unrelated_ones_none() -> None:
    text = "one two three four five six seven"
    assert shingles(text) == shingles(text.upper()) and len(shingles(text)) == 3
    assert not shingles("alpha beta gamma delta epsilon zeta") & shingles(text)


def test_shingles_are_the_same_in_every_process() -> None:
    """Reports must not depend on the process: a Python ``hash()`` would differ here, since
    each interpreter salts string hashes with its own PYTHONHASHSEED."""
    text = "Acupuncture may help some people with nerve pain 针灸可能有帮助"
    code = (
        "import json, sys; from service.content.text import shingles;"
        "print(json.dumps(sorted(shingles(sys.argv[1]))))"
    )
    seen = []
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", code, text],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        seen.append(json.loads(out))
    assert seen[0] == seen[1] == sorted(shingles(text))
