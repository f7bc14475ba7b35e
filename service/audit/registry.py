"""The registry of checks: each has an id, a severity, a one-line help and a function."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from service.audit.model import Severity


@dataclass(frozen=True)
class Issue:
    """What a check function yields; the runner turns it into a ``Finding``."""

    message: str
    selector: str = ""
    severity: Severity | None = None  # overrides the check's default
    urls: tuple[str, ...] = ()  # site checks: every page involved
    url: str | None = None  # site checks that report on one page


@dataclass(frozen=True)
class Check:
    id: str
    severity: Severity
    help: str
    run: Callable[..., Iterable[Issue]]
    site: bool = False


PAGE_CHECKS: dict[str, Check] = {}
SITE_CHECKS: dict[str, Check] = {}


def page_check(id: str, severity: Severity, help: str) -> Callable[[Any], Any]:
    def register(fn: Callable[..., Iterable[Issue]]) -> Callable[..., Iterable[Issue]]:
        PAGE_CHECKS[id] = Check(id, severity, help, fn)
        return fn

    return register


def site_check(id: str, severity: Severity, help: str) -> Callable[[Any], Any]:
    def register(fn: Callable[..., Iterable[Issue]]) -> Callable[..., Iterable[Issue]]:
        SITE_CHECKS[id] = Check(id, severity, help, fn, site=True)
        return fn

    return register


def all_checks() -> dict[str, Check]:
    # Importing the modules registers their checks.
    from service.audit import checks, site_checks  # noqa: F401

    return {**PAGE_CHECKS, **SITE_CHECKS}
