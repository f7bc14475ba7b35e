"""Which URLs the HTML report makes into links.

Only web and file addresses: a report built from hostile pages must never carry
a javascript: (or other active) URL into the marketer's browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

LINKABLE_SCHEMES = ("http", "https", "file")


@dataclass(frozen=True)
class PageLink:
    url: str
    linkable: bool


def page_link(url: str) -> PageLink:
    return PageLink(url, urlsplit(url).scheme.lower() in LINKABLE_SCHEMES)
