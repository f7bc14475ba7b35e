"""Every page's main-content shingles, hashed the same in every process, kept off the heap.

A shingle is five consecutive words (Chinese and Japanese: characters) of a
page's main content, hashed with CRC-32 twice into 64 bits: stable across
processes and runs, unlike Python's salted ``hash()``, so an audit gives the
same answer every time it sees the same site.

Each page's hashes are a sorted array written to a spooled temporary file
(in memory up to ``SPOOL_BYTES``, on disk beyond), so a crawl of tens of
thousands of pages holds only offsets.
"""

from __future__ import annotations

import tempfile
import weakref
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from service.content.text import SHINGLE_SIZE

SPOOL_BYTES = 64 * 1024 * 1024
_SALT = 0x9E3779B9  # a second, independent CRC for the high 32 bits


def shingle_hashes(words: list[str], size: int = SHINGLE_SIZE) -> Any:
    """Sorted unique 64-bit hashes of the ``size``-word shingles of ``words``.

    A text shorter than one shingle is one shingle of all its words.
    """
    if not words:
        return np.empty(0, dtype=np.uint64)
    grams = (
        [" ".join(words)]
        if len(words) < size
        else (" ".join(words[i : i + size]) for i in range(len(words) - size + 1))
    )
    values = np.fromiter(
        ((zlib.crc32(b, _SALT) << 32) | zlib.crc32(b) for b in (gram.encode() for gram in grams)),
        dtype=np.uint64,
    )
    return np.unique(values)


def jaccard(a: Any, b: Any) -> float:
    """Exact Jaccard similarity of two sorted unique hash arrays."""
    if not len(a) and not len(b):
        return 1.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


class ShingleStore:
    """Pages' hash arrays by URL, in a spooled temporary file."""

    def __init__(self) -> None:
        self._spool: Any = None  # made on the first page: most small crawls never need it
        self._where: dict[str, tuple[int, int]] = {}
        self._end = 0

    @property
    def _file(self) -> Any:
        if self._spool is None:
            # Lives as long as the crawl; closed with it, by ``close`` or when collected.
            self._spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
            weakref.finalize(self, self._spool.close)
        return self._spool

    def put(self, url: str, hashes: Any) -> None:
        data = np.ascontiguousarray(hashes, dtype=np.uint64).tobytes()
        self._file.seek(self._end)
        self._file.write(data)
        self._where[url] = (self._end, len(hashes))
        self._end += len(data)

    def get(self, url: str) -> Any:
        offset, count = self._where[url]
        self._file.seek(offset)
        return np.frombuffer(self._file.read(count * 8), dtype=np.uint64)

    def __contains__(self, url: object) -> bool:
        return url in self._where

    def items(self, urls: Iterable[str]) -> Iterator[tuple[str, Any]]:
        for url in urls:
            yield url, self.get(url)

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
