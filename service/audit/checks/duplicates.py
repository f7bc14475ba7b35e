"""Duplicate content across a crawl: near-duplicate clusters, and each page's shared share.

Every verdict rests on exact shingle sets (``service.audit.shingles``): pages
with the very same main content are grouped first; between groups, every pair
is compared exactly (a sparse product of the page-by-shingle matrix) up to
``EXACT_PAIRS_UP_TO`` groups, and beyond that MinHash LSH proposes candidates
that the exact Jaccard then confirms or rejects. Near-duplicates are reported
as clusters, one finding per group, so a thousand copies make one finding,
not half a million.

The shared share of a page is the part of its main content's shingles found
on any other indexable page (Siteliner's "duplicate content"), counted in
hash buckets so memory stays bounded however large the crawl.
"""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import numpy as np

from service.audit.checks.base import Issue
from service.audit.config import AuditConfig
from service.audit.facts import PERMUTATIONS, SEED, scheme, signature_of
from service.audit.model import Crawl

EXACT_PAIRS_UP_TO = 2_000
_BUCKET_BITS = 4  # 16 buckets: each holds about a sixteenth of the crawl's shingles at a time


class _Clusters:
    """Union-find over page groups."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _groups(crawl: Crawl) -> tuple[list[list[str]], list[Any], list[Any]]:
    """Indexable pages grouped by identical main content: (URLs, hashes, MinHash) per group."""
    by_digest: dict[bytes, int] = {}
    urls: list[list[str]] = []
    hashes: list[Any] = []
    minhashes: list[Any] = []
    for doc in crawl.indexable():
        found = signature_of(crawl, doc)
        if found is None:
            continue  # no main content
        values, minhash = found
        digest = hashlib.blake2b(values.tobytes(), digest_size=16).digest()
        group = by_digest.setdefault(digest, len(urls))
        if group == len(urls):
            urls.append([])
            hashes.append(values)
            minhashes.append(minhash)
        urls[group].append(doc.url)
    return urls, hashes, minhashes


def _exact_pairs(hashes: list[Any], threshold: float) -> Iterator[tuple[int, int, float]]:
    """Every pair of groups at or above ``threshold``, by exact Jaccard, in one sparse product."""
    from scipy import sparse  # datasketch needs SciPy anyway

    lengths = np.array([len(h) for h in hashes], dtype=np.int64)
    if len(hashes) < 2 or not lengths.sum():
        return
    _, columns = np.unique(np.concatenate(hashes), return_inverse=True)
    rows = np.repeat(np.arange(len(hashes)), lengths)
    matrix = sparse.csr_matrix(
        (np.ones(len(columns), dtype=np.int32), (rows, columns)),
        shape=(len(hashes), int(columns.max()) + 1),
    )
    common = sparse.triu(matrix @ matrix.T, k=1).tocoo()
    union = lengths[common.row] + lengths[common.col] - common.data
    similarity = common.data / np.maximum(union, 1)
    for i, j, value in zip(common.row, common.col, similarity, strict=True):
        if value >= threshold:
            yield int(i), int(j), float(value)


def _lsh_pairs(
    hashes: list[Any], minhashes: list[Any], threshold: float
) -> Iterator[tuple[int, int, float]]:
    """Candidate pairs from MinHash LSH, each confirmed by its exact Jaccard."""
    from datasketch import LeanMinHash, MinHashLSH

    from service.audit.shingles import jaccard

    lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    signatures = [LeanMinHash(seed=SEED, hashvalues=m, scheme=scheme()) for m in minhashes]
    for i, signature in enumerate(signatures):
        lsh.insert(i, signature)
    for i, signature in enumerate(signatures):
        for j in sorted(lsh.query(signature)):
            if j > i:
                value = jaccard(hashes[i], hashes[j])
                if value >= threshold:
                    yield i, j, value


def near_duplicate(crawl: Crawl, config: AuditConfig) -> Iterator[Issue]:
    threshold = config.thresholds.near_duplicate
    urls, hashes, minhashes = _groups(crawl)
    clusters = _Clusters(len(urls))
    similarities: dict[int, list[float]] = defaultdict(list)
    pairs = (
        _exact_pairs(hashes, threshold)
        if len(urls) <= EXACT_PAIRS_UP_TO
        else _lsh_pairs(hashes, minhashes, threshold)
    )
    linked: list[tuple[int, int, float]] = []
    for i, j, value in pairs:
        clusters.union(i, j)
        linked.append((i, j, value))
    for i, _j, value in linked:
        similarities[clusters.find(i)].append(value)
    members: dict[int, list[int]] = defaultdict(list)
    for group in range(len(urls)):
        members[clusters.find(group)].append(group)
    for root, groups in sorted(members.items()):
        pages = sorted(url for group in groups for url in urls[group])
        if len(pages) < 2:
            continue
        values = similarities[root] + ([1.0] if any(len(urls[g]) > 1 for g in groups) else [])
        low, high = min(values), max(values)
        spread = f"{low:.0%}" if f"{low:.0%}" == f"{high:.0%}" else f"{low:.0%}-{high:.0%}"
        yield Issue(
            f"{len(pages)} pages share {spread} of their main content",
            urls=tuple(pages),
        )


def duplicate_content_share(crawl: Crawl, config: AuditConfig) -> Iterator[Issue]:
    limit = config.thresholds.duplicate_content_share
    docs = [doc for doc in crawl.indexable() if signature_of(crawl, doc) is not None]
    if len(docs) < 2:
        return
    totals = np.zeros(len(docs), dtype=np.int64)
    shared = np.zeros(len(docs), dtype=np.int64)
    pair = np.dtype([("value", np.uint64), ("owner", np.int32)])
    shift = np.uint64(64 - _BUCKET_BITS)
    with contextlib.ExitStack() as stack:
        buckets = [
            stack.enter_context(tempfile.SpooledTemporaryFile(max_size=4 << 20))
            for _ in range(1 << _BUCKET_BITS)
        ]
        for index, doc in enumerate(docs):
            found = signature_of(crawl, doc)
            assert found is not None
            values = found[0]
            totals[index] = len(values)
            records = np.empty(len(values), dtype=pair)
            records["value"], records["owner"] = values, index
            which = (values >> shift).astype(np.int64)
            for bucket in np.unique(which):
                buckets[bucket].write(records[which == bucket].tobytes())
        for bucket in buckets:  # one bucket in memory at a time
            bucket.seek(0)
            records = np.frombuffer(bucket.read(), dtype=pair)
            if not len(records):
                continue
            _, where, counts = np.unique(records["value"], return_inverse=True, return_counts=True)
            shared += np.bincount(records["owner"][counts[where] > 1], minlength=len(docs))
    for doc, common, total in zip(docs, shared, totals, strict=True):
        share = common / total if total else 0.0
        if share > limit:
            yield Issue(
                f"{share:.0%} of its main content is found on other pages of this crawl",
                url=doc.url,
                urls=(doc.url,),
            )
