"""Checks across pages: duplicates, hreflang return links, sitemap coverage, NAP consistency."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from service.audit.config import AuditConfig
from service.audit.document import Document
from service.audit.model import Severity
from service.audit.registry import Issue, site_check
from service.content.text import fast_shingles

E, W = Severity.error, Severity.warning
_PERMUTATIONS = 128


@dataclass(repr=False)
class Crawl:
    """Everything the site checks read: the pages, and what the crawl learned on the way."""

    def __repr__(self) -> str:
        return f"<Crawl of {len(self.documents)} pages>"

    documents: list[Document]
    sitemap_urls: set[str] = field(default_factory=set)  # every <loc> in the sitemaps
    sitemaps_found: bool = False
    linked_urls: set[str] = field(default_factory=set)  # URLs reached by following links
    # Status of every same-site link target that was requested (pages and other resources).
    link_status: dict[str, int | None] = field(default_factory=dict)
    probes: list[Document] = field(default_factory=list)  # URLs that should answer 404
    redirects: dict[str, str] = field(default_factory=dict)  # requested URL -> final URL
    unvisited: int = 0  # URLs found but not requested because the page cap was reached

    def by_url(self) -> dict[str, Document]:
        """Pages by their URL, and by every URL that redirected to them."""
        out = {doc.url: doc for doc in self.documents}
        for requested, final in self.redirects.items():
            if final in out:
                out.setdefault(requested, out[final])
        return out

    def indexable(self) -> list[Document]:
        return [d for d in self.documents if d.ok and not d.noindex]


def _duplicates(
    crawl: Crawl, values: Callable[[Document], list[str]], what: str
) -> Iterator[Issue]:
    """Indexable pages whose first ``values`` (title, description) are the same."""
    groups: dict[str, list[str]] = defaultdict(list)
    for doc in crawl.indexable():
        first = values(doc)[:1]
        if first and first[0]:
            groups[first[0]].append(doc.url)
    for value, urls in groups.items():
        if len(urls) > 1:
            yield Issue(f"{len(urls)} pages share the {what} {value!r}", urls=tuple(sorted(urls)))


@site_check("title-duplicate", W, "Give every page its own title.")
def title_duplicate(crawl: Crawl, config: AuditConfig) -> Iterator[Issue]:
    yield from _duplicates(crawl, lambda doc: doc.titles, "title")


@site_check("meta-description-duplicate", W, "Give every page its own meta description.")
def meta_description_duplicate(crawl: Crawl, config: AuditConfig) -> Iterator[Issue]:
    yield from _duplicates(crawl, lambda doc: doc.descriptions, "meta description")


_SEED = 11


@cache
def _template() -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=_PERMUTATIONS, seed=_SEED)  # its permutations serve every page


def _scheme() -> str:
    return str(_template().scheme)


def content_minhash(doc: Document) -> Any:
    """The MinHash signature of a page's main content (its hash values); None without any.

    Worker processes compute it beside the parse, so the site check only compares.
    """
    from datasketch import MinHash

    if not doc.main_text:
        return None

    template = _template()
    mh = MinHash(
        num_perm=_PERMUTATIONS,
        seed=_SEED,
        hashfunc=int,
        permutations=template.permutations,
        scheme=template.scheme,
    )
    mh.update_batch(list(fast_shingles(doc.main_tokens)))
    return mh.hashvalues


@site_check(
    "near-duplicate",
    W,
    "Pages whose main content is 90% the same compete with each other (Screaming Frog).",
)
def near_duplicate(crawl: Crawl, config: AuditConfig) -> Iterator[Issue]:
    from datasketch import LeanMinHash, MinHashLSH  # imports SciPy: slow, so only when needed

    threshold = config.thresholds.near_duplicate
    lsh = MinHashLSH(threshold=threshold, num_perm=_PERMUTATIONS)
    hashes: dict[str, LeanMinHash] = {}
    for doc in crawl.indexable():
        values = doc.minhash if doc.minhash is not None else content_minhash(doc)
        if values is None:
            continue  # no main content
        mh = LeanMinHash(seed=_SEED, hashvalues=values, scheme=_scheme())
        hashes[doc.url] = mh
        lsh.insert(doc.url, mh)
    reported: set[tuple[str, str]] = set()
    for url, mh in hashes.items():
        for other in lsh.query(mh):
            pair = (min(url, other), max(url, other))
            if other == url or pair in reported:
                continue
            similarity = mh.jaccard(hashes[other])
            if similarity >= threshold:
                reported.add(pair)
                yield Issue(f"main content is {similarity:.0%} similar", urls=pair)


@site_check(
    "hreflang-reciprocal",
    E,
    "Every hreflang alternate must link back; Google ignores one-way pairs.",
)
def hreflang_reciprocal(crawl: Crawl, config: AuditConfig) -> Iterator[Issue]:
    pages = crawl.by_url()
    for doc in crawl.documents:
        if not doc.ok:
            continue
        for lang, target_url in doc.alternate_urls.items():
            target = pages.get(target_url)
            if target is None or target is doc or not target.ok:
                continue
            back = set(target.alternate_urls.values())
            if doc.url not in back and (doc.canonical or doc.url) not in back:
                yield Issue(
                    f"lists no alternate back to {doc.url} (which names it as {lang!r})",
                    url=target.url,
                    urls=(target.url, doc.url),
                    selector='link[rel="alternate"]',
                )


@site_check("sitemap-non-200", E, "Sitemaps should list only URLs that answer 200.")
def sitemap_non_200(crawl: Crawl, config: AuditConfig) -> Iterator[Issue]:
    pages = crawl.by_url()
    for url in sorted(crawl.sitemap_urls):
        doc = pages.get(url)
        if doc is None:
            continue
        if url in crawl.redirects:
            yield Issue(f"the sitemap lists {url}, which redirects to {doc.url}", urls=(url,))
        elif doc.status != 200:
            yield Issue(
                f"the sitemap lists {url}, which answers {doc.status or doc.fetch_error}",
                urls=(url,),
            )


@site_check("sitemap-noindex", E, "Sitemaps should list only pages that may be indexed.")
def sitemap_noindex(crawl: Crawl, config: AuditConfig) -> Iterator[Issue]:
    pages = crawl.by_url()
    for url in sorted(crawl.sitemap_urls):
        doc = pages.get(url)
        if doc is not None and doc.ok and doc.noindex:
            yield Issue(f"the sitemap lists {url}, which is noindex", urls=(url,))


@site_check("sitemap-canonical", W, "Sitemaps should list canonical URLs only.")
def sitemap_canonical(crawl: Crawl, config: AuditConfig) -> Iterator[Issue]:
    pages = crawl.by_url()
    for url in sorted(crawl.sitemap_urls):
        doc = pages.get(url)
        if url in crawl.redirects:
            continue  # sitemap-non-200 reports it
        if doc is not None and doc.ok and doc.canonical and doc.canonical != url:
            yield Issue(
                f"the sitemap lists {url}, whose canonical is {doc.canonical}",
                urls=(url, doc.canonical),
            )


@site_check(
    "sitemap-missing",
    W,
    "Every indexable page should be in a sitemap, not only reachable by links.",
)
def sitemap_missing(crawl: Crawl, config: AuditConfig) -> Iterator[Issue]:
    if not crawl.sitemaps_found:
        return
    for doc in crawl.indexable():
        canonical = doc.canonical or doc.url
        if (
            doc.url in crawl.linked_urls
            and canonical == doc.url
            and doc.url not in crawl.sitemap_urls
        ):
            yield Issue(f"{doc.url} is linked and indexable but in no sitemap", urls=(doc.url,))


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


@dataclass
class PageNap:
    """A page's clinic name, phone and street as marked up, and which of them it does not show."""

    values: dict[str, str]
    not_shown: list[str]  # messages, one per marked-up value missing from the visible text


def page_nap(doc: Document) -> PageNap | None:
    """The NAP of the page's first clinic node; None when it marks up no clinic.

    Worker processes work this out beside the parse, so the page's text need not
    travel back to the site check.
    """
    from service.audit.checks import _clinics

    for clinic in _clinics(doc)[:1]:
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


@site_check(
    "nap-mismatch",
    E,
    "Name, address and phone must be the same everywhere: in markup and in visible text.",
)
def nap_mismatch(crawl: Crawl, config: AuditConfig) -> Iterator[Issue]:
    seen: dict[str, Counter[str]] = {"name": Counter(), "telephone": Counter(), "street": Counter()}
    per_page: dict[str, dict[str, str]] = {}
    for doc in crawl.documents:
        if not doc.ok:
            continue
        nap = doc.nap if doc.nap is not None else page_nap(doc)
        if nap is None:
            continue
        per_page[doc.url] = nap.values
        for key, value in nap.values.items():
            if value:
                seen[key][value] += 1
        for message in nap.not_shown:
            yield Issue(message, url=doc.url, urls=(doc.url,))
    for key, counts in seen.items():
        if len(counts) < 2:
            continue
        usual = counts.most_common(1)[0][0]
        odd = sorted(
            url for url, values in per_page.items() if values[key] and values[key] != usual
        )
        yield Issue(
            f"the clinic's {key} differs between pages ({len(counts)} versions; "
            f"most say {usual!r})",
            urls=tuple(odd),
        )


@site_check("link-broken", E, "Fix or remove links to pages that do not answer 200.")
def link_broken(crawl: Crawl, config: AuditConfig) -> Iterator[Issue]:
    for doc in crawl.documents:
        if not doc.ok or doc.probe:
            continue
        for link in dict.fromkeys(doc.links):
            status = crawl.link_status.get(link, 200)
            if status is None or status >= 400:
                shown = "no answer" if status is None else f"HTTP {status}"
                yield Issue(
                    f"links to {link} ({shown})",
                    url=doc.url,
                    urls=(doc.url, link),
                    selector=f'a[href="{doc.link_hrefs.get(link, link)}"]',
                )
