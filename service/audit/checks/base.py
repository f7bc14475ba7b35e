"""What a check is: an id, a severity, a one-line help and a function.

Help texts may name thresholds (``{title_max_px}``); they are filled in from
the audit's configuration, so a report never quotes a limit the run did not use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from service.audit.config import AuditConfig
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
    help: str  # may name thresholds: "{thin_content_words} words"
    run: Callable[..., Iterable[Issue]]

    def help_for(self, config: AuditConfig) -> str:
        return self.help.format(**asdict(config.thresholds))
