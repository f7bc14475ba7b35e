"""Page kinds as the registry knows them: a URL pattern, a parent, a sitemap group.

A kind is data, not code: the registry enumerates a kind's pages from the
slugs its pattern names, builds breadcrumb chains from ``parent`` and groups
sitemaps by ``sitemap_group``. ``service.render.kinds`` extends each entry
with what the page shows; together they are the one table a new kind is
added to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

# The slugs a pattern may name, and the content collection each is drawn from.
PLACEHOLDERS = ("condition", "neighborhood")

HOME = "home"
CONDITIONS_HUB = "conditions_hub"
CONDITION = "condition"
AREAS_HUB = "areas_hub"
AREA = "area"
CONDITION_AREA = "condition_area"

_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class PageKindSpec:
    name: str
    pattern: str  # path after the locale prefix, e.g. "conditions/{condition}/"; "" for home
    parent: str | None  # the kind one breadcrumb up
    sitemap_group: str
    # A landing page a search may send patients to: indexed only when it passes the
    # doorway rule. Hubs and home are navigation and always indexed.
    landing: bool = False
    # Noindex without content of its own (a combination without combinations/<c>/<n>.yaml).
    needs_own_content: bool = False
    placeholders: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        names = tuple(_PLACEHOLDER.findall(self.pattern))
        unknown = set(names) - set(PLACEHOLDERS)
        if unknown:
            raise ValueError(f"page kind {self.name!r}: unknown placeholders {sorted(unknown)}")
        if self.pattern and not self.pattern.endswith("/"):
            raise ValueError(f"page kind {self.name!r}: its pattern must end with a slash")
        object.__setattr__(self, "placeholders", names)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        source = re.escape(self.pattern)
        for name in self.placeholders:
            source = source.replace(re.escape(f"{{{name}}}"), f"(?P<{name}>{_SLUG})")
        return re.compile(f"^{source}$")
