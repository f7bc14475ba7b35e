"""Content: YAML files -> validated, typed models (see content/README.md)."""

from service.content.loader import LoadedSite, load_site
from service.content.models import Site

__all__ = ["LoadedSite", "Site", "load_site"]
