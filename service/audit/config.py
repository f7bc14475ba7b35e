"""Audit settings: thresholds from the anchors (Yoast, Lighthouse, Screaming Frog).

Read from ``nearme-audit.toml`` when present; command-line options win.

    [thresholds]
    title_max_px = 600          # Yoast: Google cuts titles at about 600 px
    title_min_px = 200
    description_min = 120       # Yoast: 120-156 characters
    description_max = 156
    thin_content_words = 300
    near_duplicate = 0.9        # Screaming Frog's default similarity
    max_page_bytes = 5_000_000

    [disclaimer]
    texts = ["This page offers general education ..."]

    [checks]
    disable = ["medicalclinic-missing"]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from service.content import limits
from service.errors import NearmeError

CONFIG_NAME = "nearme-audit.toml"


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
    max_page_bytes: int = 5_000_000


@dataclass(frozen=True)
class AuditConfig:
    thresholds: Thresholds = field(default_factory=Thresholds)
    # Disclaimers that count, by language ("*" for any page); matched on normalized text.
    disclaimers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    disabled: frozenset[str] = frozenset()
    concurrency: int = 8
    max_pages: int = 500
    user_agent: str = "nearme-audit/0.1 (+https://pypi.org/project/nearme/)"

    def disclaimers_for(self, lang: str | None) -> tuple[str, ...]:
        """The disclaimers a page in ``lang`` may carry."""
        if lang and lang in self.disclaimers:
            return self.disclaimers[lang]
        return self.disclaimers.get("*", ())

    @property
    def requires_disclaimer(self) -> bool:
        return bool(self.disclaimers)


def _table(data: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise AuditConfigError(f"{path}: [{name}] must be a table")
    return value


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
    unknown = set(data) - {"thresholds", "disclaimer", "checks"}
    if unknown:
        raise AuditConfigError(f"{path}: unknown table(s) {', '.join(sorted(unknown))}")
    thresholds_data = _table(data, "thresholds", path)
    names = {f.name: f.type for f in fields(Thresholds)}
    problems = [f"thresholds.{key}: unknown setting" for key in thresholds_data if key not in names]
    values: dict[str, Any] = {}
    for key, value in thresholds_data.items():
        if key in names:
            if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                problems.append(f"thresholds.{key}: must be a non-negative number")
            else:
                values[key] = value
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
    config = AuditConfig(
        thresholds=replace(Thresholds(), **values),
        disclaimers={"*": tuple(texts)} if texts else {},
        disabled=frozenset(disable),
    )
    return config
