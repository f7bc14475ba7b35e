"""`nearme check`: validate the content and judge every page the registry lists.

Content problems come from the loader; here the generated pages are checked
as a whole (titles and descriptions that fit and differ), and indexability
is summarised so an editor sees how many pages a crawler will index and why
the others will not.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from service.content.rules import DESCRIPTION_WIDTH, TITLE_MAX_WIDTH
from service.pages.urls import PageKind
from service.text import display_width
from service.website import Website


@dataclass
class CheckResult:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int = 0
    indexable: int = 0
    noindex_reasons: Counter[str] = field(default_factory=Counter)
    noindex_examples: dict[str, str] = field(default_factory=dict)


def check_pages(website: Website) -> CheckResult:
    result = CheckResult(warnings=list(website.warnings))
    registry, contexts = website.registry, website.contexts
    seen: dict[tuple[str, str, str], str] = {}
    low, high = DESCRIPTION_WIDTH
    for page in registry.pages():
        result.pages += 1
        title, description, h1 = contexts.headings(page)
        if display_width(title) > TITLE_MAX_WIDTH:
            result.errors.append(
                f"{page.path}: title {title!r} is {display_width(title)} wide, "
                f"at most {TITLE_MAX_WIDTH}; shorten the names it is built from"
            )
        if not low <= display_width(description) <= high:
            result.errors.append(
                f"{page.path}: description is {display_width(description)} wide, "
                f"should be {low}-{high}: {description!r}"
            )
        if not h1.strip():
            result.errors.append(f"{page.path}: empty h1")
        for kind, value in (("title", title), ("description", description)):
            other = seen.setdefault((kind, page.locale.code, value), page.path)
            if other != page.path:
                result.errors.append(f"{page.path}: {kind} is the same as on {other}")
        if page.locale.code != website.site.default_locale.code:
            continue  # indexability is decided per page key, for all locales at once
        verdict = registry.indexability(page)
        if verdict.indexable:
            result.indexable += 1
        else:
            result.noindex_reasons[_reason_family(verdict.reason)] += 1
            result.noindex_examples.setdefault(
                _reason_family(verdict.reason), f"{page.path}: {verdict.reason}"
            )
    result.indexable *= len(website.site.locales)
    for family in result.noindex_reasons:
        result.noindex_reasons[family] *= len(website.site.locales)
    return result


def _reason_family(reason: str) -> str:
    """Group reasons that differ only in names and figures."""
    if "nearly duplicates" in reason:
        return "text nearly duplicates another's"
    if "neighborhood-specific" in reason:
        return "too little neighborhood-specific text"
    if "condition-specific" in reason:
        return "too little condition-specific text"
    return reason


def kinds_summary(website: Website) -> dict[PageKind, int]:
    per_locale: defaultdict[PageKind, int] = defaultdict(int)
    for key in website.registry.page_keys():
        per_locale[key.kind] += 1
    return {kind: n * len(website.site.locales) for kind, n in per_locale.items()}
