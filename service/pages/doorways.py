"""The doorway rule: a landing page is indexed only when it says enough of its own.

A condition, area or condition x neighborhood page is indexable when, in its
language, at least ``min_unique_share`` of its main content's 5-word shingles
(Chinese and Japanese by character) appear on no other indexable page, and
its main content has at least ``min_words`` words. Otherwise it is
``noindex, follow``: out of the sitemaps and hreflang clusters, still linked.
Home and hubs are navigation: never judged, but their words count as other
pages' words.

Pages are built from parts (a condition's summary, a heading, a list of
links), each shared by every page that shows it, so shingles are counted per
distinct part, not per page. A shingle is a page's own when every indexable
page that shows a part containing it is that page. Pages that fail leave the
indexable set and the rest are measured again, until no page fails: the
result is the same however the pages are ordered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import chain

from service.content.models import DoorwayRule
from service.content.text import SHINGLE_SIZE, tokens


@dataclass(frozen=True)
class Measure:
    indexable: bool
    unique_share: float
    words: int
    reason: str = ""


Shingle = tuple[str, ...]


def text_shingles(text: str, size: int = SHINGLE_SIZE) -> frozenset[Shingle]:
    """Exact ``size``-token shingles: tuples of words, compared by value, so no hash can
    collide and every run agrees. A text shorter than one shingle is one shingle."""
    words = tokens(text)
    if len(words) < size:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(zip(*(words[i:] for i in range(size)), strict=False))


class PartCatalog:
    """Distinct part texts, each shingled once however many pages show it."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.shingles: list[frozenset[Shingle]] = []
        self.words: list[int] = []

    def add(self, text: str) -> int:
        found = self.ids.get(text)
        if found is not None:
            return found
        part = self.ids[text] = len(self.shingles)
        self.shingles.append(text_shingles(text))
        self.words.append(len(tokens(text)))
        return part

    def split_shared(self) -> tuple[list[int], list[list[Shingle]], dict[Shingle, list[int]]]:
        """Per part: how many of its shingles no other part holds, and the ones others hold
        too; and for those, every part holding each. Most shingles are one part's alone."""
        counts = Counter(chain.from_iterable(self.shingles))
        shared = frozenset(s for s, n in counts.items() if n > 1)
        solo: list[int] = []
        shared_of: list[list[Shingle]] = []
        holders: dict[Shingle, list[int]] = {}
        for part, shingles in enumerate(self.shingles):
            common = shingles & shared
            solo.append(len(shingles) - len(common))
            shared_of.append(list(common))
            for shingle in common:
                holders.setdefault(shingle, []).append(part)
        return solo, shared_of, holders


def measure_pages(
    pages: Iterable[tuple[Hashable, list[str], bool]], rule: DoorwayRule
) -> dict[Hashable, Measure]:
    """Judge every page of one language: ``(id, main-content parts, judged)`` each.

    Unjudged pages (home, hubs) are always indexable and only count as others.
    """
    catalog = PartCatalog()
    parts: dict[Hashable, frozenset[int]] = {}
    words: dict[Hashable, int] = {}
    judged: list[Hashable] = []
    for page, texts, is_judged in pages:
        ids = [catalog.add(text) for text in texts]
        parts[page] = frozenset(ids)
        words[page] = sum(catalog.words[i] for i in ids)
        if is_judged:
            judged.append(page)
    solo, shared_of, holders = catalog.split_shared()
    # A page's shingles, whoever else shows them: the denominator, fixed across rounds.
    totals = {
        page: len(frozenset().union(*(catalog.shingles[i] for i in parts[page]))) for page in judged
    }

    active = set(parts)
    failed: dict[Hashable, Measure] = {}
    while True:
        shares = _unique_shares(parts, active, judged, totals, solo, shared_of, holders)
        failing = {
            page
            for page, share in shares.items()
            if share < rule.min_unique_share or words[page] < rule.min_words
        }
        if not failing:
            break
        for page in failing:
            failed[page] = Measure(
                False, shares[page], words[page], _reason(shares[page], words[page], rule)
            )
        active -= failing
    result = {page: Measure(True, share, words[page]) for page, share in shares.items()}
    result.update(failed)
    return result


def _unique_shares(
    parts: dict[Hashable, frozenset[int]],
    active: set[Hashable],
    judged: list[Hashable],
    totals: dict[Hashable, int],
    solo: list[int],
    shared_of: list[list[Shingle]],
    holders: dict[Shingle, list[int]],
) -> dict[Hashable, float]:
    users: dict[int, set[Hashable]] = {}
    for page in active:
        for part in parts[page]:
            users.setdefault(part, set()).add(page)
    shares: dict[Hashable, float] = {}
    for page in judged:
        if page not in active:
            continue
        only_here = {page}
        own = 0
        mixed: set[Shingle] = set()
        for part in parts[page]:
            if users[part] != only_here:
                continue
            own += solo[part]
            for shingle in shared_of[part]:
                if all(users.get(other, only_here) <= only_here for other in holders[shingle]):
                    mixed.add(shingle)  # held by other parts too, but only this page shows them
        total = totals[page]
        shares[page] = (own + len(mixed)) / total if total else 0.0
    return shares


def _reason(share: float, words: int, rule: DoorwayRule) -> str:
    if words < rule.min_words:
        return f"{words} words of main content, at least {rule.min_words} needed"
    return (
        f"{share:.0%} of its main content is its own, at least {rule.min_unique_share:.0%} needed"
    )
