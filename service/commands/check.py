"""`nearme check`: validate the content and judge every page the registry lists.

Content problems come from the loader; here the generated pages are checked
as a whole (titles and descriptions that fit and differ, catalog wording the
glossary rejects), and indexability is summarised per kind and locale, so an
editor sees how many pages a crawler will index, how close the weakest
indexed page is to the doorway threshold, and why the others are not.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field

from babel.messages.pofile import read_po

from service.commands.options import add_content, settings_from
from service.content.limits import DESCRIPTION_WIDTH, TITLE_MAX_WIDTH
from service.content.text import display_width
from service.pages.registry import Page
from service.render.i18n import catalog_path
from service.render.website import Website, open_website


@dataclass
class KindSummary:
    """Indexability of one page kind in one locale."""

    pages: int = 0
    indexable: int = 0
    weakest: tuple[float, str] | None = None  # (own share, path) of the weakest indexed page

    def add(self, page: Page, share: float | None, indexable: bool) -> None:
        self.pages += 1
        if indexable:
            self.indexable += 1
            if share is not None and (self.weakest is None or share < self.weakest[0]):
                self.weakest = (share, page.path)


@dataclass
class CheckResult:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int = 0
    indexable: int = 0
    kinds: dict[tuple[str, str], KindSummary] = field(default_factory=dict)  # (kind, locale)
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
        verdict = registry.indexability(page)
        summary = result.kinds.setdefault((page.kind, page.locale.code), KindSummary())
        summary.add(page, verdict.unique_share, verdict.indexable)
        if verdict.indexable:
            result.indexable += 1
        else:
            family = _reason_family(verdict.reason)
            result.noindex_reasons[family] += 1
            result.noindex_examples.setdefault(family, f"{page.path}: {verdict.reason}")
    result.errors += catalog_wording(website)
    return result


def _reason_family(reason: str) -> str:
    """Group reasons that differ only in names, figures and locale."""
    reason = re.sub(r"^\[[^\]]+\] ", "", reason)
    if reason.startswith("no text of its own"):
        return "no text of its own"
    if "words of main content" in reason:
        return "too little main content"
    if "of its main content is its own" in reason:
        return "too little of its main content is its own"
    return reason


def catalog_wording(website: Website) -> list[str]:
    """Translations in the catalogs that use a term the locale's glossary rejects."""
    problems = []
    for locale in website.site.locales:
        glossary = website.site.glossaries.get(locale.code)
        path = catalog_path(locale, ".po")
        if glossary is None or not path.is_file():
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            for text in message.string if isinstance(message.string, tuple) else (message.string,):
                for term in glossary.terms:
                    for variant in term.avoid:
                        if text and variant in text:
                            problems.append(
                                f"{path.name} ({locale.code}): {message.id!r}: {variant!r} is "
                                f"not this site's term; the glossary says {term.use!r}"
                            )
    return problems


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_content(parser)


def run(args: argparse.Namespace) -> int:
    website = open_website(settings_from(args))
    result = check_pages(website)
    for warning in result.warnings:
        print(f"warning: {warning}")
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    per_kind: dict[str, int] = {}
    for (kind, _code), summary in result.kinds.items():
        per_kind[kind] = per_kind.get(kind, 0) + summary.pages
    kinds = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in per_kind.items())
    print(f"{result.pages} pages ({kinds}) in {len(website.site.locales)} locales")
    print(f"{result.indexable} indexable, {result.pages - result.indexable} noindex")
    rule = website.site.config.doorway
    print(
        f"indexable by kind and locale (doorway rule: at least {rule.min_unique_share:.0%} "
        f"own main content, {rule.min_words} words; weakest indexed page in brackets):"
    )
    for (kind, code), summary in result.kinds.items():
        weakest = (
            f" [{summary.weakest[0]:.0%} own: {summary.weakest[1]}]" if summary.weakest else ""
        )
        print(f"  {kind:<15} {code:<8} {summary.indexable:>5}/{summary.pages}{weakest}")
    for family, count in result.noindex_reasons.most_common():
        print(f"  {count} noindex: {family} (e.g. {result.noindex_examples[family]})")
    print(f"{len(result.errors)} errors, {len(result.warnings)} warnings")
    return 2 if result.errors else 0
