"""Which condition x neighborhood pages are worth indexing.

A combined page is a doorway unless its main content stands apart from its
siblings: the pages for the same condition in other neighborhoods, and for
other conditions in the same neighborhood. The rule, applied in every locale:

1. At least ``MIN_SPECIFIC_SHARE`` of the page's main-content shingles must
   come from the neighborhood's own text (what no same-condition sibling
   shows), and as much again from the condition's own text.
2. The neighborhood's text must not be a near-duplicate of another
   neighborhood's (MinHash Jaccard at or above ``NEAR_DUPLICATE``), and the
   condition's of another condition's: otherwise two siblings would match.

Everything is computed from per-condition and per-neighborhood shingle
counts, so deciding a page costs O(1) however many pages there are. A page
that fails in any locale is ``noindex, follow`` in all of them, so hreflang
clusters never point at a page that is not indexed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from service.content.models import ConditionText, NeighborhoodText, Site
from service.text import shingles

MIN_SPECIFIC_SHARE = 0.30
NEAR_DUPLICATE = 0.5
_PERMUTATIONS = 64


def combo_condition_text(text: ConditionText) -> str:
    """The condition's part of a combined page's main content (see condition_area.html)."""
    return "\n".join([text.summary, *text.symptoms, text.acupuncture])


def combo_neighborhood_text(text: NeighborhoodText) -> str:
    """The neighborhood's part of a combined page's main content."""
    return "\n".join([text.intro, text.getting_here, *text.transit, text.parking])


@dataclass(frozen=True)
class Verdict:
    indexable: bool
    reason: str = ""


INDEXABLE = Verdict(True)


class _LocaleParts:
    """Shingle counts of one locale's parts, and their near-duplicate partners."""

    def __init__(self, site: Site, code: str) -> None:
        shared = shingles(site.clinic.first_visit[code])
        condition_sets = {
            slug: shingles(combo_condition_text(c.texts[code]))
            for slug, c in site.conditions.items()
        }
        hood_sets = {
            slug: shingles(combo_neighborhood_text(n.texts[code]))
            for slug, n in site.neighborhoods.items()
        }
        self.shared = len(shared)
        self.condition_specific = {s: len(v - shared) for s, v in condition_sets.items()}
        self.hood_specific = {s: len(v - shared) for s, v in hood_sets.items()}
        self.condition_twin = _near_duplicates(condition_sets)
        self.hood_twin = _near_duplicates(hood_sets)


# Up to this many texts, every pair is compared exactly: quicker than MinHash at that
# size, never misses a pair, and keeps datasketch's SciPy (~65 MB resident) out of the
# serving process. Beyond it (a thousand neighborhoods), LSH finds the candidates.
EXACT_PAIRS_UP_TO = 100


def _near_duplicates(sets: dict[str, set[int]]) -> dict[str, str]:
    """Map each key whose set nearly duplicates another's to one such other key."""
    if len(sets) <= EXACT_PAIRS_UP_TO:
        twins: dict[str, str] = {}
        for key in sets:
            for other in sorted(sets):
                if other != key and _exact_jaccard(sets[key], sets[other]) >= NEAR_DUPLICATE:
                    twins[key] = other
                    break
        return twins
    from datasketch import MinHash, MinHashLSH  # imports SciPy: slow, so only when needed

    lsh = MinHashLSH(threshold=NEAR_DUPLICATE, num_perm=_PERMUTATIONS)
    hashes: dict[str, MinHash] = {}
    for key, values in sets.items():
        # The shingles are already 32-bit hashes (CRC32): no need to hash them again.
        mh = MinHash(num_perm=_PERMUTATIONS, seed=7, hashfunc=_already_hashed)
        mh.update_batch(list(values))
        hashes[key] = mh
        lsh.insert(key, mh)
    twins = {}
    for key, mh in hashes.items():
        for other in sorted(lsh.query(mh)):
            # LSH finds candidates; the exact Jaccard decides.
            if other != key and _exact_jaccard(sets[key], sets[other]) >= NEAR_DUPLICATE:
                twins[key] = other
                break
    return twins


def _already_hashed(value: int) -> int:
    return value


def _exact_jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


class IndexabilityRule:
    def __init__(self, site: Site) -> None:
        self._site = site

    @cached_property
    def _parts(self) -> dict[str, _LocaleParts]:
        return {loc.code: _LocaleParts(self._site, loc.code) for loc in self._site.locales}

    def combined_page(self, condition: str, neighborhood: str) -> Verdict:
        for code, parts in self._parts.items():
            verdict = _judge(parts, condition, neighborhood, code)
            if not verdict.indexable:
                return verdict
        return INDEXABLE


def _judge(parts: _LocaleParts, condition: str, neighborhood: str, code: str) -> Verdict:
    if neighborhood in parts.hood_twin:
        return Verdict(
            False,
            f"[{code}] the text for {neighborhood} nearly duplicates "
            f"{parts.hood_twin[neighborhood]}",
        )
    if condition in parts.condition_twin:
        return Verdict(
            False,
            f"[{code}] the text for {condition} nearly duplicates "
            f"{parts.condition_twin[condition]}",
        )
    hood = parts.hood_specific[neighborhood]
    cond = parts.condition_specific[condition]
    total = hood + cond + parts.shared
    for label, share in (("neighborhood", hood / total), ("condition", cond / total)):
        if share < MIN_SPECIFIC_SHARE:
            return Verdict(
                False,
                f"[{code}] {label}-specific text is {share:.0%} of the main "
                f"content, at least {MIN_SPECIFIC_SHARE:.0%} needed",
            )
    return INDEXABLE
