"""The response headers the site sends, built in one place for the app and the static export.

The app adds them to its responses (``service.web``); ``nearme export`` writes
them into the configuration files static hosts read (``service.output.hosting``).
Both read these functions and constants, so an exported site cannot drift from
the served one.

**Security.** The pages need very little from the browser: no script (the
JSON-LD block is a data block, which CSP does not govern and browsers never
execute), no forms (booking is a link), images only from the site itself and
one inline ``<style>`` element. The Content-Security-Policy allows exactly
that; the inline style is allowed by its SHA-256 hash, computed from the pages
as the templates render them (``site_style_hashes``), so editing the CSS can
never leave a pasted hash behind. ``connect-src 'self'`` lets a tool running
inside the page fetch from the site itself: Lighthouse reads robots.txt that
way, and without it scores SEO 92 ("unable to download a robots.txt file").

**Caching.** Pages change when the content does: a CDN may reuse one for 5
minutes and serve a stale copy for a day while it fetches a fresh one. Static
files are linked by fingerprinted names (``service.render.assets``), which
change whenever the bytes do, so those may be kept for a year; the plain names
stay for old links, briefly cached.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from service.render.website import Website

Header = tuple[bytes, bytes]

PAGE_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=86400"
NOT_FOUND_CACHE_CONTROL = "public, max-age=60"
# robots.txt and the sitemaps: crawlers fetch them now and then; an hour is fresh enough.
DISCOVERY_CACHE_CONTROL = "public, max-age=3600"
# A canonical redirect changes only if the page it points to goes away: a day.
REDIRECT_CACHE_CONTROL = "public, max-age=86400"
# A fingerprinted file's bytes never change under its name.
IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable"
# A static file under its plain name (old links): it may change in place.
STATIC_CACHE_CONTROL = "public, max-age=3600"

# Two years, the value hstspreload.org asks for.
HSTS = "max-age=63072000; includeSubDomains"
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)

_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style", re.IGNORECASE | re.DOTALL)


def style_hash(css: str) -> str:
    """The CSP source expression that allows one inline ``<style>`` whose text is ``css``.

    Browsers hash the element's text after the HTML parser has normalised
    line breaks to ``\\n``, so the same is done here.
    """
    normalised = css.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_style_hashes(html_pages: Iterable[str]) -> list[str]:
    """The hash of every distinct ``<style>`` element in these pages, in first-seen order."""
    hashes: dict[str, None] = {}
    for html in html_pages:
        for match in _STYLE_ELEMENT.finditer(html):
            hashes.setdefault(style_hash(match.group(1)), None)
    return list(hashes)


def site_style_hashes(website: Website) -> list[str]:
    """The inline-style hashes of a site, from pages rendered by its own templates.

    One page of every kind in every locale plus each locale's 404 page: every
    template the site serves is rendered once, so a ``<style>`` added to any
    of them is allowed too.
    """
    registry = website.registry
    pages: list[str] = []
    for locale in website.site.locales:
        pages.append(website.render_not_found(locale))
        for kind in registry.kinds:
            key = next(registry.page_keys(kind), None)
            if key is not None:
                pages.append(website.render(registry.page(key, locale)))
    return inline_style_hashes(pages)


def content_security_policy(*, production: bool, style_hashes: Iterable[str]) -> str:
    styles = " ".join(style_hashes) or "'none'"
    directives = [
        "default-src 'none'",
        # The clinic photo and the favicon, both under /static/ on the same origin.
        "img-src 'self'",
        f"style-src {styles}",
        "script-src 'none'",
        # Tools that run inside the page and fetch from the site (Lighthouse: robots.txt).
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
    if production:
        directives.append("upgrade-insecure-requests")
    return "; ".join(directives)


def security_header_pairs(
    *, production: bool, style_hashes: Iterable[str]
) -> list[tuple[str, str]]:
    """The headers every response carries, as (name, value) text, in the order sent."""
    headers = [
        (
            "content-security-policy",
            content_security_policy(production=production, style_hashes=style_hashes),
        ),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "strict-origin-when-cross-origin"),
        # For browsers that predate CSP's frame-ancestors.
        ("x-frame-options", "DENY"),
        ("permissions-policy", PERMISSIONS_POLICY),
    ]
    if production:
        # Only production is certainly served over HTTPS; HSTS on a staging or
        # local host name would pin browsers to HTTPS there for two years.
        headers.append(("strict-transport-security", HSTS))
    return headers


def security_headers(*, production: bool, style_hashes: Iterable[str]) -> tuple[Header, ...]:
    """The same headers as lowercase ASGI byte pairs."""
    pairs = security_header_pairs(production=production, style_hashes=style_hashes)
    return tuple((name.encode("latin-1"), value.encode("latin-1")) for name, value in pairs)
