"""Checks across pages: duplicates, hreflang return links, sitemap coverage, NAP consistency."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator

from service.audit.checks.base import Check, Issue
from service.audit.checks.crawl import crawl_incomplete, events
from service.audit.checks.duplicates import duplicate_content_share, near_duplicate
from service.audit.config import AuditConfig
from service.audit.document import Document
from service.audit.facts import page_nap
from service.audit.model import Crawl, Severity

E, W = Severity.error, Severity.warning


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


def title_duplicate(crawl: Crawl, config: AuditConfig) -> Iterator[Issue]:
    yield from _duplicates(crawl, lambda doc: doc.titles, "title")


def meta_description_duplicate(crawl: Crawl, config: AuditConfig) -> Iterator[Issue]:
    yield from _duplicates(crawl, lambda doc: doc.descriptions, "meta description")


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


def sitemap_noindex(crawl: Crawl, config: AuditConfig) -> Iterator[Issue]:
    pages = crawl.by_url()
    for url in sorted(crawl.sitemap_urls):
        doc = pages.get(url)
        if doc is not None and doc.ok and doc.noindex:
            yield Issue(f"the sitemap lists {url}, which is noindex", urls=(url,))


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


SITE_CHECKS: tuple[Check, ...] = (
    Check(
        "crawl-incomplete",
        W,
        "Part of the site was not audited (a limit, robots.txt or failures): the report says "
        "which, and how to audit the rest.",
        run=crawl_incomplete,
    ),
    Check(
        "offsite-url",
        W,
        "Sitemaps and robots.txt should list only this site's URLs; the audit never fetches "
        "another host's.",
        run=events("offsite-url"),
    ),
    Check(
        "redirect-offsite",
        W,
        "A redirect to another host takes crawlers off the site; link to the final URL.",
        run=events("redirect-offsite"),
    ),
    Check(
        "redirect-chain",
        W,
        "Each hop of a redirect chain costs crawl budget and time; redirect straight to the end.",
        run=events("redirect-chain"),
    ),
    Check(
        "redirect-loop",
        E,
        "A redirect loop never reaches a page; crawlers and people give up.",
        run=events("redirect-loop"),
    ),
    Check(
        "sitemap-invalid",
        E,
        "A sitemap that cannot be fetched or parsed is ignored by search engines.",
        run=events("sitemap-invalid"),
    ),
    Check("title-duplicate", W, "Give every page its own title.", run=title_duplicate),
    Check(
        "meta-description-duplicate",
        W,
        "Give every page its own meta description.",
        run=meta_description_duplicate,
    ),
    Check(
        "duplicate-content-share",
        W,
        "Most of this page's main content is on other pages too; give it words of its own "
        "(Siteliner counts it the same way; warned above {duplicate_content_share:.0%}).",
        run=duplicate_content_share,
    ),
    Check(
        "near-duplicate",
        W,
        "Pages whose main content is {near_duplicate:.0%} the same compete with each other (Screaming Frog).",
        run=near_duplicate,
    ),
    Check(
        "hreflang-reciprocal",
        E,
        "Every hreflang alternate must link back; Google ignores one-way pairs.",
        run=hreflang_reciprocal,
    ),
    Check(
        "sitemap-non-200", E, "Sitemaps should list only URLs that answer 200.", run=sitemap_non_200
    ),
    Check(
        "sitemap-noindex",
        E,
        "Sitemaps should list only pages that may be indexed.",
        run=sitemap_noindex,
    ),
    Check(
        "sitemap-canonical", W, "Sitemaps should list canonical URLs only.", run=sitemap_canonical
    ),
    Check(
        "sitemap-missing",
        W,
        "Every indexable page should be in a sitemap, not only reachable by links.",
        run=sitemap_missing,
    ),
    Check(
        "nap-mismatch",
        E,
        "Name, address and phone must be the same everywhere: in markup and in visible text.",
        run=nap_mismatch,
    ),
    Check(
        "link-broken", E, "Fix or remove links to pages that do not answer 200.", run=link_broken
    ),
)
