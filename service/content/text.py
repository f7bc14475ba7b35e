"""Text measures shared by content validation, page indexability and the audit.

Scripts written without spaces (Chinese, Japanese) have no word boundaries to
count, so each of their characters counts as one word, the convention word
processors use. Display width follows the same split: a full-width character
takes about twice the room of a Latin one in a search result.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from functools import lru_cache

# Han, kana and Hangul syllables: scripts counted character by character.
_UNSPACED = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_UNSPACED}]|[^\W{_UNSPACED}]+(?:['’][^\W{_UNSPACED}]+)*")

SHINGLE_SIZE = 5


def tokens(text: str) -> list[str]:
    """Words of spaced scripts and single characters of unspaced ones, lower-cased."""
    return _TOKEN.findall(text.lower())


def word_count(text: str) -> int:
    return len(tokens(text))


def display_width(text: str) -> int:
    """Width in half-width cells: wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def normalize_space(text: str) -> str:
    """Collapse runs of white space, so text compares the same however it was wrapped."""
    return " ".join(text.split())


@lru_cache(maxsize=64)
def normalized_phrase(text: str) -> str:
    """``normalized_for_matching`` for the few fixed phrases matched on every page."""
    return normalized_for_matching(text)


def normalized_for_matching(text: str) -> str:
    """Lower-cased tokens joined by single spaces: punctuation and layout do not matter."""
    return " ".join(tokens(unicodedata.normalize("NFKC", text)))


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[int]:
    """Hashed ``size``-token shingles of ``text`` (a stable CRC32 per shingle).

    A text shorter than one shingle yields a single shingle of all its tokens,
    so short texts still compare.
    """
    return shingles_of_tokens(tokens(text), size)


def shingles_of_tokens(words: list[str], size: int = SHINGLE_SIZE) -> set[int]:
    if len(words) < size:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    return {
        zlib.crc32(" ".join(words[i : i + size]).encode()) for i in range(len(words) - size + 1)
    }


def fast_shingles(words: list[str], size: int = SHINGLE_SIZE) -> set[int]:
    """Shingles hashed with Python's own (per-process) string hash: several times faster.

    Comparable only within one process; use ``shingles`` for anything that must
    come out the same on every run.
    """
    if len(words) < size:
        return {hash(tuple(words)) & 0xFFFFFFFF} if words else set()
    return {hash(t) & 0xFFFFFFFF for t in zip(*(words[i:] for i in range(size)), strict=False)}
