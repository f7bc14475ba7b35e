"""Content: YAML files -> validated, typed models (see content/README.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from service.content.loader import LoadedSite, load_site
    from service.content.models import Site

__all__ = ["LoadedSite", "Site", "load_site"]


def __getattr__(name: str) -> Any:
    # Imported on first use: the audit reads service.content.limits alone, and should not
    # pay for the models and the loader (pydantic) to start.
    if name in ("LoadedSite", "load_site"):
        from service.content import loader

        return getattr(loader, name)
    if name == "Site":
        from service.content.models import Site

        return Site
    raise AttributeError(f"module 'service.content' has no attribute {name!r}")
