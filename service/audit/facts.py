"""What one page tells the site checks, worked out beside its parse.

Worker processes compute these next to the page checks, so neither the page's
text nor its parse tree has to travel back to the site checks.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import numpy as np

from service.audit.document import Document, PageNap
from service.audit.model import Crawl
from service.audit.shingles import shingle_hashes

PERMUTATIONS = 128
SEED = 11


@cache
def _template() -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS, seed=SEED)  # its permutations serve every page


def scheme() -> str:
    return str(_template().scheme)


def content_signature(doc: Document) -> tuple[Any, Any] | None:
    """(shingle hashes, MinHash values) of a page's main content; None when it has none.

    Both are stable across processes: the exact hashes confirm what the MinHash
    suggests. Worker processes compute them beside the parse.
    """
    from datasketch import MinHash

    if not doc.main_tokens:
        return None
    hashes = shingle_hashes(doc.main_tokens)
    template = _template()
    mh = MinHash(
        num_perm=PERMUTATIONS,
        seed=SEED,
        hashfunc=int,
        permutations=template.permutations,
        scheme=template.scheme,
    )
    mh.update_batch(hashes & np.uint64(0xFFFFFFFF))  # MinHash permutes 32-bit values
    return hashes, mh.hashvalues


def signature_of(crawl: Crawl, doc: Document) -> tuple[Any, Any] | None:
    """A page's content signature: as a worker stored it in the crawl, or worked out here."""
    if doc.url in crawl.shingles:
        return crawl.shingles.get(doc.url), crawl.minhashes[doc.url]
    return content_signature(doc)


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


def page_nap(doc: Document) -> PageNap | None:
    """The NAP of the page's first clinic node; None when it marks up no clinic.

    Worker processes work this out beside the parse, so the page's text need not
    travel back to the site check.
    """
    for clinic in doc.clinic_nodes()[:1]:
        raw_address = clinic.get("address")
        address = raw_address if isinstance(raw_address, dict) else {}
        values = {
            "name": str(clinic.get("name") or ""),
            "telephone": _digits(str(clinic.get("telephone") or "")),
            "street": str(address.get("streetAddress") or ""),
        }
        not_shown = [
            f"the marked-up {label} {values[key]!r} is not on the page"
            for key, label in (("name", "name"), ("street", "street address"))
            if values[key] and values[key] not in doc.body_text
        ]
        phone = values["telephone"]
        tel_digits = " ".join(_digits(t) for t in doc.tel_links)
        # A tel: link is the usual place; only read the whole text when there is none.
        if phone and phone[-10:] not in tel_digits and phone[-10:] not in _digits(doc.body_text):
            not_shown.append(
                f"the marked-up telephone {clinic.get('telephone')!r} is not on the page"
            )
        return PageNap(values, not_shown)
    return None
