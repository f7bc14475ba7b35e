"""robots.txt: crawl everything in production, nothing anywhere else; name the sitemap."""

from __future__ import annotations

from service.output.sitemap import INDEX_NAME, child_url
from service.render.website import Website


def robots_txt(website: Website) -> str:
    sitemap = child_url(website.registry, INDEX_NAME)
    if website.settings.is_production:
        rules = "User-agent: *\nAllow: /\n"
    else:
        # Staging and development copies must never be crawled or indexed.
        rules = "User-agent: *\nDisallow: /\n"
    return f"{rules}\nSitemap: {sitemap}\n"
