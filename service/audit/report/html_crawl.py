"""The HTML report's account of the crawl: how much of the site it saw, and what kept
the rest out (``meta.crawl``), so a capped or blocked crawl is never mistaken for a
clean site."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# (key in meta.crawl, label, whether a count above zero means pages went unaudited)
_FIGURES = (
    ("found", "URLs found", False),
    ("audited", "Pages audited", False),
    ("skipped_cap", "Left out by a limit", True),
    ("blocked_by_robots", "Disallowed by robots.txt", True),
    ("failed", "Failed to load", True),
    ("offsite", "Off-site URLs refused", False),
)


@dataclass(frozen=True)
class CrawlFigure:
    key: str
    label: str
    count: int
    missed: bool  # pages of the site went unaudited for this reason

    @property
    def shown(self) -> str:
        return f"{self.count:,}"


@dataclass(frozen=True)
class CrawlView:
    figures: tuple[CrawlFigure, ...]
    complete: bool
    headline: str
    notes: tuple[str, ...]


def crawl_view(meta: dict[str, Any]) -> CrawlView | None:
    """What the report says of the crawl; None when there was none (no ``meta.crawl``,
    or nothing in it: local files are read, not crawled)."""
    crawl = meta.get("crawl")
    if not isinstance(crawl, dict):
        return None
    figures = tuple(
        CrawlFigure(key, label, int(crawl.get(key) or 0), missed and bool(crawl.get(key)))
        for key, label, missed in _FIGURES
    )
    counts = {figure.key: figure.count for figure in figures}
    settings = meta.get("settings") or {}
    notes = [str(note) for note in crawl.get("notes") or ()]
    if not any(counts.values()) and not notes:
        return None  # local files: there was no crawl to tell of
    if settings.get("ignore_robots"):
        notes.insert(0, "robots.txt was ignored for this audit (--ignore-robots).")
    return CrawlView(
        figures=figures,
        complete=not any(figure.missed for figure in figures),
        headline=_headline(counts, settings),
        notes=tuple(notes),
    )


def _headline(counts: dict[str, int], settings: dict[str, Any]) -> str:
    missed = counts["skipped_cap"] + counts["blocked_by_robots"] + counts["failed"]
    if not missed:
        return f"Every URL the crawl found was audited ({counts['audited']:,} pages)."
    reasons = []
    if counts["skipped_cap"]:
        cap = (settings.get("limits") or {}).get("max_pages")
        if isinstance(cap, int) and counts["audited"] >= cap:
            limit = f"the page cap of {cap:,} (raise it with --max-pages)"
        else:
            limit = "a crawl limit (see the notes)"
        reasons.append(f"{counts['skipped_cap']:,} were left out by {limit}")
    if counts["blocked_by_robots"]:
        reasons.append(f"{counts['blocked_by_robots']:,} were disallowed by robots.txt")
    if counts["failed"]:
        reasons.append(f"{counts['failed']:,} failed to load")
    return (
        f"Incomplete crawl: this report does not cover the whole site. "
        f"Of {counts['found']:,} URLs found, {'; '.join(reasons)}."
    )
