"""Audit settings: thresholds from the anchors (Yoast, Lighthouse, Screaming Frog), crawl limits.

Read from ``nearme-audit.toml`` when present; command-line options win.

    [thresholds]
    title_max_px = 600          # Yoast: Google cuts titles at about 600 px
    description_min = 120       # Yoast: 120-156 characters
    description_max = 156
    thin_content_words = 300
    near_duplicate = 0.9        # Screaming Frog's default similarity
    duplicate_content_share = 0.5

    [limits]                    # what a hostile or huge site may cost us
    max_pages = 50000
    request_seconds = 20        # connect, headers and body together

    [disclaimer]
    texts = ["This page offers general education ..."]

    [checks]
    disable = ["medicalclinic-missing"]
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from service import __version__
from service.content import limits
from service.errors import NearmeError

CONFIG_NAME = "nearme-audit.toml"
USER_AGENT = f"nearme-audit/{__version__} (+https://pypi.org/project/nearme/)"


class AuditConfigError(NearmeError):
    """The audit configuration file or an option is invalid."""


@dataclass(frozen=True)
class Thresholds:
    """Defaults are the limits the site itself is built to (service/content/limits.py)."""

    title_max_px: int = limits.TITLE_MAX_PX
    title_min_px: int = limits.TITLE_MIN_PX
    description_min: int = limits.DESCRIPTION_MIN
    description_max: int = limits.DESCRIPTION_MAX
    thin_content_words: int = limits.THIN_CONTENT_WORDS
    near_duplicate: float = limits.NEAR_DUPLICATE
    duplicate_content_share: float = limits.DUPLICATE_CONTENT_SHARE


@dataclass(frozen=True)
class CrawlLimits:
    """How much a crawl may take from the machine, whatever the site serves.

    Each one hit is said in the report (``meta.crawl.limits_hit``), never silently.
    """

    max_pages: int = 50_000  # pages audited
    max_known_urls: int = 200_000  # URLs found and queued, audited or not
    max_links_per_page: int = 2_000  # links kept from one page
    max_query_variants: int = 100  # query strings followed for one path
    max_page_bytes: int = 5_000_000  # a page's body, as received
    max_inflated_bytes: int = 50 * 1024 * 1024  # any body once decompressed (sitemaps' own cap)
    max_inflation_ratio: int = 100  # decompressed bytes per compressed byte
    max_sitemap_files: int = 1_000
    max_sitemap_urls: int = 50_000  # per sitemap file, as the protocol allows
    max_sitemap_total: int = 500_000  # URLs taken from all sitemaps together
    max_robots_bytes: int = 500 * 1024  # Google reads the first 500 KiB and ignores the rest
    max_redirects: int = 10
    max_url_length: int = 2_048
    max_jsonld_bytes: int = 1_000_000
    max_jsonld_depth: int = 64
    request_seconds: float = 20.0  # connect, headers and body together
    crawl_seconds: float = 0.0  # the whole crawl; 0 for no limit


@dataclass(frozen=True)
class AuditConfig:
    thresholds: Thresholds = field(default_factory=Thresholds)
    limits: CrawlLimits = field(default_factory=CrawlLimits)
    # Disclaimers that count, by language ("*" for any page); matched on normalized text.
    disclaimers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    disabled: frozenset[str] = frozenset()
    concurrency: int = 8
    user_agent: str = USER_AGENT
    ignore_robots: bool = False  # audit a staging site whose robots.txt says Disallow: /
    crawl_delay: bool = True  # honour robots.txt's Crawl-delay and Request-rate
    allow_hosts: frozenset[str] = frozenset()  # hosts besides the start URL's that may be fetched

    @property
    def max_pages(self) -> int:
        return self.limits.max_pages

    def disclaimers_for(self, lang: str | None) -> tuple[str, ...]:
        """The disclaimers a page in ``lang`` may carry."""
        if lang and lang in self.disclaimers:
            return self.disclaimers[lang]
        return self.disclaimers.get("*", ())

    @property
    def requires_disclaimer(self) -> bool:
        return bool(self.disclaimers)

    def settings(self) -> dict[str, Any]:
        """What the report says this run used (its ``meta.settings``)."""
        return {
            "thresholds": asdict(self.thresholds),
            "limits": asdict(self.limits),
            "concurrency": self.concurrency,
            "user_agent": self.user_agent,
            "ignore_robots": self.ignore_robots,
            "crawl_delay": self.crawl_delay,
            "allow_hosts": sorted(self.allow_hosts),
            "disabled": sorted(self.disabled),
            "disclaimers": sum(len(texts) for texts in self.disclaimers.values()),
        }


def _table(data: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise AuditConfigError(f"{path}: [{name}] must be a table")
    return value


def _numbers(
    table: dict[str, Any], cls: type[Thresholds] | type[CrawlLimits], name: str
) -> tuple[dict[str, Any], list[str]]:
    """The table's settings for ``cls``, and a problem for each one that is wrong."""
    known = {f.name for f in fields(cls)}
    problems = [f"{name}.{key}: unknown setting" for key in table if key not in known]
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in known:
            if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                problems.append(f"{name}.{key}: must be a non-negative number")
            else:
                values[key] = value
    return values, problems


def load_config(path: Path | None, *, explicit: bool = False) -> AuditConfig:
    """``path`` if given (it must exist when ``explicit``), else defaults."""
    if path is None or not path.exists():
        if explicit and path is not None:
            raise AuditConfigError(f"{path}: configuration file not found")
        return AuditConfig()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise AuditConfigError(f"{path}: {exc}") from None
    unknown = set(data) - {"thresholds", "limits", "disclaimer", "checks"}
    if unknown:
        raise AuditConfigError(f"{path}: unknown table(s) {', '.join(sorted(unknown))}")
    thresholds, problems = _numbers(_table(data, "thresholds", path), Thresholds, "thresholds")
    crawl_limits, more = _numbers(_table(data, "limits", path), CrawlLimits, "limits")
    problems += more
    disclaimer = _table(data, "disclaimer", path)
    texts = disclaimer.get("texts", [])
    if not isinstance(texts, list) or not all(isinstance(t, str) and t.strip() for t in texts):
        problems.append("disclaimer.texts: must be a list of non-empty strings")
        texts = []
    disable = _table(data, "checks", path).get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(c, str) for c in disable):
        problems.append("checks.disable: must be a list of check ids")
        disable = []
    if problems:
        raise AuditConfigError("\n".join(f"{path}: {p}" for p in problems))
    return AuditConfig(
        thresholds=replace(Thresholds(), **thresholds),
        limits=replace(CrawlLimits(), **crawl_limits),
        disclaimers={"*": tuple(texts)} if texts else {},
        disabled=frozenset(disable),
    )
