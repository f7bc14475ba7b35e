"""A small live site with one planted problem per crawl-level check, for `nearme audit URL`."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

CLEAN = (Path(__file__).parent / "fixtures" / "clean.html").read_text("utf-8")
DISCLAIMER = "This page is general education, not medical advice; please see your physician."


def variant(
    base: str,
    path: str,
    *,
    title: str | None = None,
    head: str = "",
    main_extra: str = "",
    html: str | None = None,
    reword: str | None = None,
) -> str:
    """The clean page moved to ``path``, with its own title, description and wording.

    Its main content is made its own by marking every word with ``reword`` (the
    path by default); pages given the same ``reword`` share their content.
    """
    text = (html or CLEAN).replace("https://clinic.example/visit/", f"{base}{path}")
    text = text.replace("https://clinic.example/", f"{base}/")
    text = re.sub(
        r"<title>.*?</title>",
        f"<title>{title or 'Harbor clinic ' + path + ': first visits, care plans, directions'}</title>",
        text,
    )
    text = re.sub(
        r'<meta name="description" content="[^"]*">',
        f'<meta name="description" content="{_description(path)}">',
        text,
    )
    seed = path if reword is None else reword
    text = re.sub(
        r"(<section>.*</section>)", lambda m: own_words(m.group(1), seed), text, flags=re.S
    )
    return text.replace("</head>", head + "</head>").replace("</main>", main_extra + "</main>")


def own_words(html: str, seed: str) -> str:
    """Every word of the text in ``html`` marked with ``seed``: content no other seed shares."""
    if not seed:
        return html
    tag = re.sub(r"\W", "", seed) or "root"

    def mark(text: re.Match[str]) -> str:
        return re.sub(r"(\w+)", rf"\1{tag}", text.group(0))

    return re.sub(r">[^<]+<", mark, html)


def _description(path: str) -> str:
    return (
        f"What to know about {path} at the harbor clinic: first visits, planning care, "
        f"directions and answers, written for this page alone."
    )[:150].ljust(125, ".")


# Where each planted problem is reached from: the home page's links and the sitemap.
PLANTED = (
    "/a/",
    "/b/",
    "/dup-1/",
    "/dup-2/",
    "/near-1/",
    "/near-2/",
    "/broken-jsonld/",
    "/hidden/",
    "/old/",
)
LINKED_FROM_HOME = (*PLANTED, "/missing/", "/file.pdf", "/private/secret/", "/unlisted/")
IN_SITEMAP = ("/", *PLANTED, "/no-disclaimer/")


NEAR_EXTRA = "Parking is free on Saturdays in the building's own garage, level two."


def make_app() -> Starlette:
    def page_html(request: Request) -> str:
        base = str(request.base_url).rstrip("/")
        path = request.url.path
        links = "".join(f'<a href="{p}">{p}</a> ' for p in LINKED_FROM_HOME)
        nav = f"<nav>{links}</nav>"
        pages = {
            "/": variant(base, "/", main_extra=nav),
            "/a/": variant(base, "/a/"),
            "/b/": variant(base, "/b/"),
            "/dup-1/": variant(base, "/dup-1/", title="Duplicate title for two pages"),
            "/dup-2/": variant(base, "/dup-2/", title="Duplicate title for two pages"),
            # Main content 95-99% the same: one extra paragraph on the second.
            "/near-1/": variant(base, "/near-1/", reword="near"),
            "/near-2/": variant(base, "/near-2/", reword="near", main_extra=f"<p>{NEAR_EXTRA}</p>"),
            "/broken-jsonld/": variant(base, "/broken-jsonld/").replace(
                '{"@context"', '{"@context": ,', 1
            ),
            "/hidden/": variant(
                base, "/hidden/", head='<meta name="robots" content="noindex, follow">'
            ),
            "/unlisted/": variant(base, "/unlisted/"),
            "/private/secret/": variant(base, "/private/secret/"),
            "/no-disclaimer/": variant(base, "/no-disclaimer/").replace(DISCLAIMER, "Bye."),
        }
        return pages.get(path, "")

    async def endpoint(request: Request) -> Response:
        path = request.url.path
        if path == "/robots.txt":
            return PlainTextResponse(
                f"User-agent: *\nDisallow: /private/\n\n"
                f"Sitemap: {request.base_url}sitemap_index.xml\n"
            )
        if path == "/sitemap_index.xml":
            return Response(
                '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9"><sitemap><loc>{request.base_url}pages.xml.gz</loc></sitemap>'
                "</sitemapindex>",
                media_type="application/xml",
            )
        if path == "/pages.xml.gz":
            locs = "".join(
                f"<url><loc>{request.base_url}{p.lstrip('/')}</loc></url>" for p in IN_SITEMAP
            )
            body = (
                '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9">{locs}</urlset>'
            ).encode()
            return Response(gzip.compress(body, mtime=0), media_type="application/gzip")
        if path == "/old/":
            return RedirectResponse("/a/", status_code=301)
        if path == "/file.pdf":
            return Response(b"%PDF-1.4 ...", media_type="application/pdf")
        if path == "/huge/":
            return HTMLResponse("<html>" + "x" * 6_000_000 + "</html>")
        html = page_html(request)
        if html:
            return HTMLResponse(html)
        if path.startswith("/nearme-audit-probe-"):
            return HTMLResponse(variant(str(request.base_url).rstrip("/"), path))  # a soft 404
        return HTMLResponse("<html><body><h1>Not found</h1></body></html>", status_code=404)

    return Starlette(routes=[Route("/{path:path}", endpoint)])
