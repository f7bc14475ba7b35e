"""Hostile requests: whatever the path, query or headers, the site answers calmly.

No 5xx, no markup echoed back live, canonical URLs only from the configured
base URL (never from Host or X-Forwarded-Host), very long paths 414, and no
file outside ``static/`` ever served.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.types import ASGIApp

from service.paths import PROJECT_ROOT
from service.render.website import Website
from service.web.security import MAX_PATH_BYTES
from tests.asgi import Reply, call_asgi, secured_app
from tests.conftest import BASE_URL

pytestmark = pytest.mark.slow  # property tests through the whole app

HYPOTHESIS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

PAYLOADS = [
    "</script><script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "{{ 7*7 }}",
    "${7*7}",
    "javascript:alert(1)",
    "\r\nSet-Cookie: pwned=1",
]
# Markup that would run if a payload came back unescaped.
LIVE = [
    b"<script>alert",
    b"<img src=x onerror",
    b"<img/src=x/onerror",
    b"<svg/onload",
    b"alert(1)>",
]
# Raw (unencoded) request-target pieces a client can send; servers pass them through.
RAW_PIECES = [
    "..",
    ".",
    "",
    "%2e%2e",
    "%2E%2E",
    ".%2e",
    "%2e.",
    "..%2f",
    "..%5c",
    "..\\",
    "%252e%252e",
    "%c0%ae%c0%ae",
    "%00",
    "%0d%0aSet-Cookie:x=1",
    "%ff%fe",
    "..;",
    "static",
    "conditions",
    "sciatica",
    "areas",
    "venice",
    "es",
    "zh",
    "ES",
    "sitemap.xml",
    "sitemap-hubs-en-1.xml",
    "robots.txt",
    "favicon.svg",
    ".git",
    "config",
    ".env",
    "pyproject.toml",
    "<script>alert(1)</script>",
    '"><img/src=x/onerror=alert(1)>',
    "{{7*7}}",
]
PAGES = [
    "/",
    "/es/conditions/sciatica/",
    "/zh/areas/venice/",
    "/conditions/sciatica/venice/",
    "/areas/",
]
PATHS = [*PAGES, "/nope/", "/es/nope/", "/conditions", "/robots.txt", "/sitemap.xml", "/healthz"]
SECRET_FILES = [
    PROJECT_ROOT / "pyproject.toml",
    PROJECT_ROOT / ".git" / "config",
    PROJECT_ROOT / ".git" / "HEAD",
    PROJECT_ROOT / ".env",
    PROJECT_ROOT / "README.md",
    PROJECT_ROOT / "service" / "app.py",
    PROJECT_ROOT / "content" / "clinic.yaml",
    PROJECT_ROOT / "templates" / "base.html",
    Path("/etc/passwd"),
]
# The opening bytes of each, to recognise it in a response.
SECRETS = [path.read_bytes()[:60] for path in SECRET_FILES if path.is_file()]
STATIC_FILES = {p.read_bytes() for p in (PROJECT_ROOT / "static").iterdir() if p.is_file()}


@pytest.fixture(scope="module")
def app(website: Website) -> Iterator[ASGIApp]:
    secured, inner = secured_app(website)
    yield secured
    inner.state.sitemaps.close()


@pytest.fixture(scope="module")
def baseline(app: ASGIApp) -> dict[str, Reply]:
    """Each path's reply to a plain request, to compare hostile ones with."""
    return {path: call_asgi(app, path.encode()) for path in PATHS}


def assert_calm(reply: Reply) -> None:
    """No server error, nothing live echoed, no repository file, no header split."""
    assert reply.status < 500, reply.status
    body = reply.body.lower()
    for marker in LIVE:
        assert marker not in body, marker
    for secret in SECRETS:
        assert secret not in reply.body, secret
    for name, value in reply.headers:
        assert b"\r" not in value and b"\n" not in value, name
    location = reply.header(b"location")
    if location is not None:
        # A path on this site: never "//evil.example" or "/\evil.example" (open redirects).
        assert location.startswith(b"/") and not location.startswith((b"//", b"/\\")), location
        assert not any(c in location for c in b'<>" '), location


def head_urls(html: bytes) -> list[str]:
    doc = lxml.html.fromstring(html)
    return doc.xpath(
        "//link[@rel='canonical']/@href|//link[@rel='alternate']/@href"
        "|//meta[@property='og:url']/@content|//meta[@property='og:image']/@content"
    )


# -- paths ---------------------------------------------------------------------------------


def encode(text: str) -> str:
    return quote(text, safe="")


segments = st.one_of(
    st.sampled_from(RAW_PIECES),
    st.text(max_size=12).map(encode),  # any Unicode, control characters included, %-encoded
    st.sampled_from(PAYLOADS).map(encode),
)
raw_paths = st.lists(segments, max_size=8).map(lambda parts: "/" + "/".join(parts))
methods = st.sampled_from(["GET", "HEAD", "POST", "OPTIONS", "TRACE", "PROPFIND"])


@HYPOTHESIS
@given(path=raw_paths, method=methods)
def test_any_path_gets_a_calm_answer(app: ASGIApp, path: str, method: str) -> None:
    reply = call_asgi(app, path.encode("ascii"), method=method)
    assert_calm(reply)
    if reply.body and reply.header(b"content-type") == b"text/html; charset=utf-8":
        assert all(url.startswith(BASE_URL + "/") for url in head_urls(reply.body))


@HYPOTHESIS
@given(
    length=st.integers(min_value=300, max_value=20_000),
    filler=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-._~", min_size=1, max_size=7),
)
def test_a_very_long_path_is_404_or_414(app: ASGIApp, length: int, filler: str) -> None:
    path = "/" + (filler * length)[:length] + "/"
    reply = call_asgi(app, path.encode())
    assert reply.status == (414 if len(path) > MAX_PATH_BYTES else 404)


# -- files outside the site ----------------------------------------------------------------

TRAVERSALS = [
    "/.git/config",
    "/.git/HEAD",
    "/.env",
    "/pyproject.toml",
    "/README.md",
    "/service/app.py",
    "/content/clinic.yaml",
    "/templates/base.html",
    "/static/../pyproject.toml",
    "/static/%2e%2e/pyproject.toml",
    "/static/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
    "/static/..%2fpyproject.toml",
    "/static/..%2Fpyproject.toml",
    "/static/%2e%2e%2fpyproject.toml",
    "/static/.%2e/pyproject.toml",
    "/static/%2e./.git/config",
    "/static/..%5cpyproject.toml",
    "/static/..\\pyproject.toml",
    "/static/....//pyproject.toml",
    "/static/%252e%252e/pyproject.toml",
    "/static/%c0%ae%c0%ae/pyproject.toml",
    "/static/..;/pyproject.toml",
    "/static/%00../pyproject.toml",
    "/static/..%00/pyproject.toml",
    "/static/favicon.svg%00.png",
    "/static/favicon.svg/../../pyproject.toml",
    "/static//etc/passwd",
    "/static/%2fetc/passwd",
    "/static/../.git/config",
    "/static/../.env",
    "/static/../content/clinic.yaml",
    "/static/../service/app.py",
    "/static/../../../../../../../../etc/passwd",
    "/static/../static/../pyproject.toml",
    "/%2e%2e/pyproject.toml",
    "/..%2fpyproject.toml",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_file_outside_the_site_is_served(app: ASGIApp, path: str) -> None:
    reply = call_asgi(app, path.encode())
    assert_calm(reply)
    assert reply.status == 404
    assert b'id="disclaimer"' in reply.body, "not the site's own 404 page"


climbs = st.lists(
    st.sampled_from(["..", "%2e%2e", "%2E%2e", ".%2e", "%2e.", "..%2f..", "..%5c", ".", "static"]),
    min_size=1,
    max_size=8,
)
targets = st.sampled_from(
    ["pyproject.toml", ".git/config", ".git%2fconfig", ".env", "README.md", "etc/passwd"]
)


@HYPOTHESIS
@given(climb=climbs, target=targets, separator=st.sampled_from(["/", "%2f", "%2F", "//"]))
def test_climbing_out_of_static_never_serves_a_file(
    app: ASGIApp, climb: list[str], target: str, separator: str
) -> None:
    reply = call_asgi(app, ("/static/" + separator.join([*climb, target])).encode())
    assert_calm(reply)
    assert reply.status in (301, 404) or reply.body in STATIC_FILES


# -- query strings -------------------------------------------------------------------------

query_pieces = st.one_of(
    st.sampled_from(PAYLOADS).map(encode),
    st.sampled_from(["<script>alert(1)</script>", '"><img/src=x/onerror=alert(1)>', "'", "%", "&"]),
    st.text(max_size=20).map(encode),
)
queries = st.lists(query_pieces, max_size=6).map(lambda parts: "&".join(f"q={p}" for p in parts))


@HYPOTHESIS
@given(path=st.sampled_from(PATHS), query=queries)
def test_a_query_never_changes_a_page_or_escapes_a_redirect(
    app: ASGIApp, baseline: dict[str, Reply], path: str, query: str
) -> None:
    reply = call_asgi(app, path.encode(), query=query.encode("ascii"))
    assert_calm(reply)
    expected = baseline[path]
    assert reply.status == expected.status
    if reply.status == 301:
        target = expected.header(b"location") or b""
        assert (reply.header(b"location") or b"").startswith(target)
    else:
        assert reply.body == expected.body


# -- headers -------------------------------------------------------------------------------

HOSTS = [
    "evil.example",
    "evil.example:443",
    "clinic.example.evil.example",
    "[::1]",
    "[evil",
    "evil.example/path?x=1#f",
    "user:pass@evil.example",
    "",
    *PAYLOADS[:-1],
]
# What a server can hand the app: no CR, LF or NUL, any other Latin-1 byte.
header_text = st.text(
    alphabet=st.characters(codec="latin-1", exclude_characters="\r\n\x00"), max_size=40
)
header_values = st.one_of(st.sampled_from(HOSTS), header_text).map(
    lambda value: value.encode("latin-1")
)
HOSTILE_HEADERS = [
    b"host",
    b"x-forwarded-host",
    b"x-forwarded-proto",
    b"x-forwarded-for",
    b"x-forwarded-prefix",
    b"x-original-url",
    b"x-rewrite-url",
    b"forwarded",
    b"accept-language",
    b"cookie",
    b"referer",
    b"origin",
    b"user-agent",
]
hostile_headers = st.dictionaries(st.sampled_from(HOSTILE_HEADERS), header_values, min_size=1)


@HYPOTHESIS
@given(path=st.sampled_from(PATHS), headers=hostile_headers)
def test_headers_never_change_what_is_served(
    app: ASGIApp, baseline: dict[str, Reply], path: str, headers: dict[bytes, bytes]
) -> None:
    reply = call_asgi(app, path.encode(), headers=list(headers.items()))
    assert_calm(reply)
    expected = baseline[path]
    assert (reply.status, reply.header(b"location")) == (
        expected.status,
        expected.header(b"location"),
    )
    assert reply.body == expected.body


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("header", [b"host", b"x-forwarded-host", b"forwarded"])
def test_canonical_and_alternates_come_from_the_base_url(
    app: ASGIApp, website: Website, path: str, header: bytes
) -> None:
    evil = b"evil.example" if header != b"forwarded" else b"host=evil.example;proto=http"
    reply = call_asgi(app, path.encode(), headers=[(b"host", b"testserver"), (header, evil)])
    assert reply.status == 200
    page = website.registry.resolve(path)
    assert page is not None
    doc = lxml.html.fromstring(reply.body)
    assert doc.xpath("//link[@rel='canonical']/@href") == [page.url]
    assert doc.xpath("//meta[@property='og:url']/@content") == [page.url]
    assert sorted(doc.xpath("//link[@rel='alternate']/@href")) == sorted(
        alt.url for alt in website.registry.alternates(page)
    )
    assert b"evil.example" not in reply.body and b"testserver" not in reply.body
