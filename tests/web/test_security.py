"""Security headers on every response, the CSP against the pages, and request limits."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import shutil
from collections.abc import AsyncIterator, Iterator
from typing import Any

import html5lib
import httpx2
import lxml.html
import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette.types import ASGIApp, Receive, Scope, Send

from service.output.headers import inline_style_hashes
from service.render.website import Website
from service.settings import Environment
from service.web.app import create_app
from service.web.security import (
    MAX_BODY_BYTES,
    MAX_PATH_BYTES,
    MAX_QUERY_BYTES,
    SecurityMiddleware,
    SecurityPolicy,
)
from tests.asgi import call_asgi, secured_app
from tests.utils import serve

CHUNK = 8 * 1024
ALWAYS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
}
HSTS = "max-age=63072000; includeSubDomains"


@pytest.fixture(scope="module", params=["production", "staging"])
def served(request: pytest.FixtureRequest, website: Website) -> Iterator[tuple[TestClient, bool]]:
    """A client of the secured site in production and in staging; lifespan off (no warm-up)."""
    environment = Environment(request.param)
    app, inner = secured_app(website.in_environment(environment))
    yield TestClient(app, base_url="http://testserver"), environment is Environment.production
    inner.state.sitemaps.close()


def csp_directives(policy: str) -> dict[str, list[str]]:
    directives = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} appears twice"
        directives[name] = sources
    return directives


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def fetch(app: ASGIApp, method: str, path: str, **kwargs: Any) -> httpx2.Response:
    """One request through httpx2's ASGI transport, which streams the request body lazily."""

    async def go() -> httpx2.Response:
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.request(method, path, **kwargs)

    return asyncio.run(go())


class Spy:
    """An inner app that records whether it ran and how much body it read, then answers 200."""

    def __init__(self, *, read_body: bool = False, fail: bool = False) -> None:
        self.read_body, self.fail = read_body, fail
        self.called = False
        self.body_bytes = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.called = True
        if self.fail:
            raise RuntimeError("boom")
        if self.read_body:
            more = True
            while more:
                message = await receive()
                self.body_bytes += len(message.get("body", b""))
                more = message.get("more_body", False)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def guarded(spy: Spy) -> SecurityMiddleware:
    return SecurityMiddleware(spy, policy=SecurityPolicy(production=True))


# -- the headers --------------------------------------------------------------------------


RESPONSES = [
    ("GET", "/", 200),
    ("GET", "/es/conditions/sciatica/", 200),
    ("HEAD", "/zh/areas/venice/", 200),
    ("GET", "/conditions/sciatica/atlantis/", 404),
    ("GET", "/static/missing.png", 404),
    ("GET", "/conditions", 301),
    ("GET", "/robots.txt", 200),
    ("GET", "/sitemap.xml", 200),
    ("GET", "/static/favicon.svg", 200),
    ("GET", "/static/clinic.png", 200),
    ("GET", "/healthz", 200),
    ("POST", "/conditions/sciatica/", 405),
    ("DELETE", "/static/favicon.svg", 405),
]


@pytest.mark.parametrize(("method", "path", "status"), RESPONSES)
def test_every_kind_of_response_carries_the_headers_once(
    served: tuple[TestClient, bool], method: str, path: str, status: int
) -> None:
    client, production = served
    response = client.request(method, path, follow_redirects=False)
    assert response.status_code == status
    for name, value in ALWAYS.items():
        assert response.headers.get_list(name) == [value], name
    assert len(response.headers.get_list("content-security-policy")) == 1
    assert len(response.headers.get_list("permissions-policy")) == 1
    hsts = response.headers.get_list("strict-transport-security")
    assert hsts == ([HSTS] if production else [])


def test_not_modified_responses_carry_the_headers(served: tuple[TestClient, bool]) -> None:
    client, _ = served
    etag = client.get("/conditions/sciatica/").headers["etag"]
    response = client.get("/conditions/sciatica/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in response.headers


def test_the_policy_allows_no_script_and_no_inline_anything(
    served: tuple[TestClient, bool],
) -> None:
    client, production = served
    policy = client.get("/").headers["content-security-policy"]
    assert "unsafe" not in policy
    directives = csp_directives(policy)
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'none'"]
    assert directives["img-src"] == ["'self'"]
    assert directives["connect-src"] == ["'self'"]  # Lighthouse fetches robots.txt in the page
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["style-src"] and all(
        source.startswith("'sha256-") for source in directives["style-src"]
    )
    assert ("upgrade-insecure-requests" in directives) is production


def test_permissions_policy_denies_powerful_features(served: tuple[TestClient, bool]) -> None:
    client, _ = served
    features = dict(
        item.strip().split("=", 1)
        for item in client.get("/healthz").headers["permissions-policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "interest-cohort", "browsing-topics"):
        assert features[feature] == "()", feature


def test_staging_keeps_its_noindex_header_beside_ours(website: Website) -> None:
    app, inner = secured_app(website.in_environment(Environment.staging))
    response = TestClient(app).get("/")
    inner.state.sitemaps.close()
    assert response.headers["x-robots-tag"] == "noindex"
    assert "strict-transport-security" not in response.headers


def test_a_header_the_app_set_is_kept_and_not_repeated() -> None:
    async def strict_page(scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"content-security-policy", b"sandbox"), (b"X-Frame-Options", b"SAMEORIGIN")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    app = SecurityMiddleware(strict_page, policy=SecurityPolicy(production=False))
    response = fetch(app, "GET", "/")
    assert response.headers.get_list("content-security-policy") == ["sandbox"]
    assert response.headers.get_list("x-frame-options") == ["SAMEORIGIN"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_an_unhandled_error_is_a_500_with_the_headers_and_is_still_raised() -> None:
    app = guarded(Spy(fail=True))
    with pytest.raises(RuntimeError, match="boom"):
        fetch(app, "GET", "/")

    async def go() -> httpx2.Response:
        transport = httpx2.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx2.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.get("/")

    response = asyncio.run(go())
    assert response.status_code == 500
    assert response.headers["strict-transport-security"] == HSTS


def test_added_to_a_starlette_app_even_its_error_pages_carry_the_headers() -> None:
    """``add_middleware`` puts it inside Starlette's ServerErrorMiddleware: 500s still get them."""

    async def broken(request: Any) -> Any:
        raise RuntimeError("boom")

    app = Starlette(routes=[Route("/broken", broken)])
    app.add_middleware(SecurityMiddleware, policy=SecurityPolicy(production=True))
    client = TestClient(app, raise_server_exceptions=False)
    for path, status in (("/broken", 500), ("/missing", 404)):
        response = client.get(path)
        assert response.status_code == status
        assert response.headers.get_list("strict-transport-security") == [HSTS], path


def test_lifespan_and_other_scopes_pass_through_untouched() -> None:
    seen: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["type"])

    middleware = SecurityMiddleware(app, policy=SecurityPolicy(production=True))
    asyncio.run(middleware({"type": "lifespan"}, None, None))  # type: ignore[arg-type]
    assert seen == ["lifespan"]


# -- the policy against the pages ------------------------------------------------------------


def sample_paths(website: Website) -> list[str]:
    """One page of every kind in every locale, and each locale's 404."""
    paths = []
    for locale in website.site.locales:
        for kind in website.registry.kinds:
            key = next(website.registry.page_keys(kind))
            paths.append(website.registry.page(key, locale).path)
        paths.append(f"/{locale.prefix}/atlantis/".replace("//", "/"))
    return paths


def test_the_style_hash_matches_the_inline_style_of_served_pages(
    served: tuple[TestClient, bool], website: Website
) -> None:
    client, _ = served
    for path in sample_paths(website):
        response = client.get(path)
        # html5lib parses as browsers do, line-break normalisation included.
        doc = html5lib.parse(response.text, namespaceHTMLElements=False)
        styles = doc.findall(".//style")
        assert styles, path
        allowed = csp_directives(response.headers["content-security-policy"])["style-src"]
        for style in styles:
            assert sha256_source(style.text or "") in allowed, path


def test_style_hashes_are_of_each_style_element_as_a_browser_reads_it() -> None:
    html = '<style>\r\nb{color:red}\r\n</style><p>x</p><STYLE media="print">i{}</STYLE>'
    assert inline_style_hashes([html, html]) == [
        sha256_source("\nb{color:red}\n"),
        sha256_source("i{}"),
    ]


@pytest.mark.slow
def test_the_pages_need_nothing_the_policy_forbids(all_pages: list[tuple[str, str]]) -> None:
    """No script but JSON-LD data, no style attribute, no form, frame or foreign image."""
    for path, html in all_pages:
        doc = lxml.html.fromstring(html)
        assert [s.get("type") for s in doc.iter("script")] == ["application/ld+json"], path
        assert not doc.xpath("//*[@style]"), path
        assert not doc.xpath("//form|//iframe|//object|//embed|//link[@rel='stylesheet']"), path
        assert not [name for el in doc.iter() for name in el.attrib if name.startswith("on")], path
        sources = doc.xpath("//img/@src|//link[@rel='icon']/@href")
        assert sources and all(src.startswith("/static/") for src in sources), (path, sources)


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed")
@pytest.mark.slow
def test_a_browser_applies_the_inline_style_under_the_policy(website: Website) -> None:
    from playwright.sync_api import sync_playwright

    app, inner = secured_app(website)
    violations: list[str] = []
    with serve(app, lifespan="off") as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.on("console", lambda message: violations.append(message.text))
        for path in ("/zh/conditions/sciatica/", "/es/atlantis/"):
            page.goto(url + path)
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert background == "rgb(251, 250, 247)", f"{path}: the inline style was blocked"
        browser.close()
    inner.state.sitemaps.close()
    assert not [v for v in violations if "Content Security Policy" in v], violations


# -- request limits ------------------------------------------------------------------------


def test_a_body_announced_too_large_is_refused_before_the_app_runs() -> None:
    spy = Spy(read_body=True)
    response = fetch(guarded(spy), "POST", "/", content=b"x" * (MAX_BODY_BYTES + 1))
    assert response.status_code == 413
    assert response.headers["connection"] == "close"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert not spy.called


def test_a_body_within_the_limit_reaches_the_app() -> None:
    spy = Spy(read_body=True)
    response = fetch(guarded(spy), "POST", "/", content=b"x" * MAX_BODY_BYTES)
    assert response.status_code == 200 and spy.body_bytes == MAX_BODY_BYTES


def test_a_malformed_content_length_is_a_bad_request() -> None:
    spy = Spy()
    reply = call_asgi(guarded(spy), b"/", method="POST", headers=[(b"content-length", b"12, 12")])
    assert reply.status == 400 and not spy.called


class Huge:
    """A request body sent without Content-Length, 64 times the limit; counts the chunks pulled."""

    def __init__(self) -> None:
        self.chunks = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(64 * MAX_BODY_BYTES // CHUNK):
            self.chunks += 1
            yield b"x" * CHUNK


def test_a_streamed_body_is_refused_once_it_passes_the_limit() -> None:
    spy, body = Spy(read_body=True), Huge()
    response = fetch(guarded(spy), "POST", "/", content=body)
    assert response.status_code == 413
    assert spy.body_bytes <= MAX_BODY_BYTES
    assert body.chunks <= MAX_BODY_BYTES // CHUNK + 2, "read past the limit"


@pytest.mark.parametrize(
    ("method", "path", "statuses"),
    [
        ("POST", "/conditions/sciatica/", {405}),
        ("GET", "/conditions/sciatica/", {200}),
        # File responses read ``receive`` to notice a disconnect, so they do read the body.
        ("GET", "/static/favicon.svg", {200, 413}),
        ("GET", "/sitemap.xml", {200, 413}),
    ],
)
def test_the_site_never_reads_more_than_the_limit_of_a_streamed_body(
    website: Website, method: str, path: str, statuses: set[int]
) -> None:
    app, inner = secured_app(website)
    body = Huge()
    response = fetch(app, method, path, content=body)
    inner.state.sitemaps.close()
    assert response.status_code in statuses
    assert body.chunks <= MAX_BODY_BYTES // CHUNK + 2


async def echo_length(request: Any) -> Any:
    return PlainTextResponse(str(len(await request.body())))


@pytest.mark.parametrize("placement", ["add_middleware", "wrapping"])
def test_an_endpoint_reading_a_streamed_body_gets_413(placement: str) -> None:
    """Cut off, Starlette's reader raises ClientDisconnect; the answer is still 413, not 500."""
    starlette = Starlette(routes=[Route("/echo", echo_length, methods=["POST"])])
    policy = SecurityPolicy(production=False)
    app: ASGIApp = starlette
    if placement == "add_middleware":
        starlette.add_middleware(SecurityMiddleware, policy=policy)
    else:
        app = SecurityMiddleware(starlette, policy=policy)
    body = Huge()
    response = fetch(app, "POST", "/echo", content=body)
    assert response.status_code == 413
    assert response.headers["x-content-type-options"] == "nosniff"
    assert body.chunks <= MAX_BODY_BYTES // CHUNK + 2
    assert fetch(app, "POST", "/echo", content=b"x" * 1000).text == "1000"


def test_a_site_request_with_a_large_body_is_413(served: tuple[TestClient, bool]) -> None:
    client, _ = served
    response = client.request("GET", "/", content=b"x" * (10 * MAX_BODY_BYTES))
    assert response.status_code == 413
    assert "content-security-policy" in response.headers


def test_a_path_longer_than_the_limit_is_414_before_routing() -> None:
    spy = Spy()
    reply = call_asgi(guarded(spy), b"/" + b"a" * MAX_PATH_BYTES)
    assert reply.status == 414 and not spy.called
    assert reply.header(b"x-content-type-options") == b"nosniff"


def test_a_path_at_the_limit_is_routed() -> None:
    spy = Spy()
    reply = call_asgi(guarded(spy), b"/" + b"a" * (MAX_PATH_BYTES - 1))
    assert reply.status == 200 and spy.called


def test_the_limit_counts_the_bytes_received_not_the_decoded_path() -> None:
    spy = Spy()
    raw = b"/" + b"%41" * (MAX_PATH_BYTES // 3 + 1)  # decodes to a third of the length
    assert call_asgi(guarded(spy), raw).status == 414


def test_a_query_longer_than_its_limit_is_414() -> None:
    spy = Spy()
    assert call_asgi(guarded(spy), b"/", query=b"q=" + b"x" * MAX_QUERY_BYTES).status == 414
    assert not spy.called
    assert call_asgi(guarded(spy), b"/", query=b"x" * MAX_QUERY_BYTES).status == 200


def test_head_of_a_refused_request_has_no_body() -> None:
    reply = call_asgi(guarded(Spy()), b"/" + b"a" * 5000, method="HEAD")
    assert reply.status == 414 and reply.body == b""
    assert int(reply.header(b"content-length") or 0) > 0


def test_the_site_answers_a_long_path_414(served: tuple[TestClient, bool]) -> None:
    client, _ = served
    response = client.get("/conditions/" + "x" * 5000 + "/")
    assert response.status_code == 414
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_a_new_stylesheet_replaces_the_hash_in_one_step() -> None:
    policy = SecurityPolicy(production=False, style_hashes=["'sha256-old'"])
    before = policy.current
    policy.use_style_hashes(["'sha256-new'"])
    assert before is not policy.current
    csp = dict(policy.headers)[b"content-security-policy"].decode()
    assert csp_directives(csp)["style-src"] == ["'sha256-new'"]


def test_create_app_adds_the_middleware_outermost(website: Website) -> None:
    app = create_app(website)
    assert app.user_middleware and app.user_middleware[0].cls is SecurityMiddleware
