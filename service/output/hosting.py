"""What a static host needs to answer an export as the app would: headers and canonical 301s.

`nearme export` writes, beside the pages:

- ``_headers``: the security headers on every path and each path's
  Cache-Control, in the format Netlify and Cloudflare Pages read;
- ``_redirects``: the canonical 301s, same hosts;
- ``nginx.conf``: an nginx snippet doing all of it, to ``include`` in the
  server block whose root is the export.

All three are built from ``service.output.headers``, which the app's
responses are built from too.

Cloudflare Pages merges every ``_headers`` rule that matches a path and joins
a header set by two of them with a comma; Netlify is said to keep the most
specific one. So no two rules here that can match one path set the same
header: the security headers are set once for ``/*``, and Cache-Control once
per path family (pages by their first folder, each sitemap, each static file).

What the files cannot carry: the app also redirects other spellings of a
page's path (``/Conditions/Sciatica`` → ``/conditions/sciatica/``, doubled
slashes); ``_redirects`` carries the commonest, each page without its final
slash (Cloudflare Pages reads up to 2,000 such rules). Netlify serves only
the root ``404.html``; Cloudflare Pages and the nginx snippet serve each
locale's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from service.output.headers import (
    DISCOVERY_CACHE_CONTROL,
    IMMUTABLE_CACHE_CONTROL,
    NOT_FOUND_CACHE_CONTROL,
    PAGE_CACHE_CONTROL,
    REDIRECT_CACHE_CONTROL,
    STATIC_CACHE_CONTROL,
    security_header_pairs,
    site_style_hashes,
)
from service.render.assets import STATIC_PREFIX, StaticAssets
from service.render.website import Website

HEADERS_FILE, REDIRECTS_FILE, NGINX_FILE = "_headers", "_redirects", "nginx.conf"
HOSTING_FILES = (HEADERS_FILE, REDIRECTS_FILE, NGINX_FILE)

Headers = tuple[tuple[str, str], ...]


def header_name(name: str) -> str:
    """``x-content-type-options`` -> ``X-Content-Type-Options``."""
    return "-".join(part.capitalize() for part in name.split("-"))


@dataclass(frozen=True)
class HostedSite:
    """An export's paths, grouped by the headers the app sends for them."""

    security: Headers  # on every response
    page_folders: tuple[str, ...]  # "/conditions/", "/es/": every page is "/" or under one
    locale_prefixes: tuple[str, ...]  # "es", "zh": a 404.html of their own
    cache_control: tuple[tuple[str, str], ...]  # exact path -> Cache-Control (non-pages)
    redirects: tuple[tuple[str, str], ...]  # canonical 301s: (from, to)

    @classmethod
    def of(cls, website: Website, sitemap_names: Iterable[str], assets: StaticAssets) -> HostedSite:
        pages = [page.path for page in website.registry.pages()]
        folders = sorted(
            {"/" + path.strip("/").split("/")[0] + "/" for path in pages if path != "/"}
        )
        exact = [("/robots.txt", DISCOVERY_CACHE_CONTROL)]
        exact += [(f"/{name}", DISCOVERY_CACHE_CONTROL) for name in sitemap_names]
        for plain, fingerprinted in assets.names.items():
            exact.append((STATIC_PREFIX + plain, STATIC_CACHE_CONTROL))
            exact.append((STATIC_PREFIX + fingerprinted, IMMUTABLE_CACHE_CONTROL))
        clashes = [path for path, _ in exact if any(path.startswith(f) for f in folders)]
        assert not clashes, f"files inside page folders would get two Cache-Controls: {clashes}"
        security = security_header_pairs(production=True, style_hashes=site_style_hashes(website))
        return cls(
            security=tuple((header_name(name), value) for name, value in security),
            page_folders=tuple(folders),
            locale_prefixes=tuple(loc.prefix for loc in website.site.locales if loc.prefix),
            cache_control=tuple(exact),
            redirects=tuple((path.rstrip("/"), path) for path in pages if path != "/"),
        )


def headers_file(site: HostedSite) -> str:
    """``_headers``, as Netlify and Cloudflare Pages read it."""
    lines = [
        "# Written by `nearme export`: the headers the app sends (service/output/headers.py).",
        "/*",
        *(f"  {name}: {value}" for name, value in site.security),
        "/",
        f"  Cache-Control: {PAGE_CACHE_CONTROL}",
    ]
    for folder in site.page_folders:
        lines += [f"{folder}*", f"  Cache-Control: {PAGE_CACHE_CONTROL}"]
    for path, cache_control in site.cache_control:
        lines += [path, f"  Cache-Control: {cache_control}"]
    return "\n".join(lines) + "\n"


def redirects_file(site: HostedSite) -> str:
    """``_redirects``: each page's path without its final slash, 301 to the canonical path."""
    lines = ["# Written by `nearme export`: the app's canonical 301s (a page without its slash)."]
    lines += [f"{source} {target} 301" for source, target in site.redirects]
    return "\n".join(lines) + "\n"


def _nginx_headers(site: HostedSite, cache_control: str, indent: str = "    ") -> list[str]:
    # add_header is not inherited by a block that has add_header of its own: every block
    # repeats them all. "always": on 404s and 301s too, as the app sends them.
    headers = [*site.security, ("Cache-Control", cache_control)]
    return [f'{indent}add_header {name} "{value}" always;' for name, value in headers]


def _block(head: str, site: HostedSite, cache_control: str, *body: str) -> list[str]:
    return [f"{head} {{", *_nginx_headers(site, cache_control), *(f"    {b}" for b in body), "}"]


def nginx_snippet(site: HostedSite) -> str:
    """Server-block directives: include in the ``server`` whose ``root`` is the export."""
    prefixes = "|".join(site.locale_prefixes)
    hidden = "|".join(name.replace(".", r"\.") for name in (*HOSTING_FILES, ".nearme-export"))
    lines = [
        "# Written by `nearme export`: the headers, cache lifetimes, canonical 301s and",
        "# per-locale 404 pages the app sends, for nginx. Include it in the server block",
        "# whose root is this folder:",
        "#     server { listen 443 ssl; server_name ...; root /srv/nearme/public;",
        f"#              include /srv/nearme/public/{NGINX_FILE}; }}",
        "charset utf-8;",
        "charset_types text/plain;  # and text/html, always",
        "gzip_static on;  # the .gz twins; with ngx_brotli also: brotli_static on;",
        "gzip_vary on;",
        "absolute_redirect off;  # Location: /path/, as the app sends it",
        "error_page 404 @not_found;",
        *_block(
            "location @not_found",
            site,
            NOT_FOUND_CACHE_CONTROL,
            *([f"rewrite ^/({prefixes})/ /$1/404.html break;"] if prefixes else []),
            "rewrite ^ /404.html break;",
        ),
        # Not for the public: these files, the compressed twins and index.html spelled out.
        f"location ~ ^/({hidden})$ {{ return 404; }}",
        r"location ~ (/index\.html|/404\.html|\.gz|\.br)$ { return 404; }",
        *_block("location = /", site, PAGE_CACHE_CONTROL, "try_files /index.html =404;"),
        *_block("location /", site, PAGE_CACHE_CONTROL, "try_files $uri $uri/index.html =404;"),
    ]
    for path, cache_control in site.cache_control:
        lines += _block(f"location = {path}", site, cache_control)
    lines += [
        # A path without a final slash: a file, or a page spelled without its slash.
        *_block("location ~ [^/]$", site, PAGE_CACHE_CONTROL, "try_files $uri @add_slash;"),
        *_block(
            "location @add_slash",
            site,
            REDIRECT_CACHE_CONTROL,
            "if (-f $request_filename/index.html) { return 301 $uri/$is_args$args; }",
            "return 404;",
        ),
    ]
    return "\n".join(lines) + "\n"


def write_hosting_files(
    out: Path, website: Website, sitemap_names: Iterable[str], assets: StaticAssets
) -> list[Path]:
    site = HostedSite.of(website, sitemap_names, assets)
    written = []
    for name, text in (
        (HEADERS_FILE, headers_file(site)),
        (REDIRECTS_FILE, redirects_file(site)),
        (NGINX_FILE, nginx_snippet(site)),
    ):
        (out / name).write_text(text, "utf-8")
        written.append(out / name)
    return written
