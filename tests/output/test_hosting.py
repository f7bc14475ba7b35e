"""The export's _headers, _redirects and nginx snippet say what the app's responses say."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from starlette.testclient import TestClient

from service.output.hosting import (
    HostedSite,
    header_name,
    headers_file,
    redirects_file,
)
from service.output.sitemap import write_sitemaps
from service.paths import STATIC_DIR
from service.render.assets import StaticAssets, static_assets
from service.render.website import Website
from tests.utils import free_port

# What the hosting files must carry: the security headers and the cache lifetime.
COMPARED = (
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "permissions-policy",
    "strict-transport-security",
    "cache-control",
)


@pytest.fixture(scope="module")
def sitemap_names(website: Website, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    written = write_sitemaps(website.registry, tmp_path_factory.mktemp("sitemaps"))
    return [child.name for child in [written.index, *written.children]]


@pytest.fixture(scope="module")
def hosted(website: Website, sitemap_names: list[str]) -> HostedSite:
    return HostedSite.of(website, sitemap_names, static_assets(STATIC_DIR))


def sample_paths(website: Website, sitemap_names: list[str], assets: StaticAssets) -> list[str]:
    """One page of every kind in every locale, and every file that is not a page."""
    registry = website.registry
    pages = [
        registry.page(next(registry.page_keys(kind)), locale).path
        for kind in registry.kinds
        for locale in website.site.locales
    ]
    statics = [f"/static/{name}" for pair in assets.names.items() for name in pair]
    return [*pages, "/robots.txt", *(f"/{name}" for name in sitemap_names), *statics]


def app_headers(client: TestClient, path: str) -> dict[str, str]:
    response = client.get(path)
    assert response.status_code == 200, path
    return {name: response.headers[name] for name in COMPARED if name in response.headers}


# -- _headers, read as Cloudflare Pages documents it ---------------------------------------------


def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith((" ", "\t")):
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
        else:
            rules.append((line.strip(), []))
    return rules


def matches(pattern: str, path: str) -> bool:
    """A splat (*) matches anything, an empty rest included; :placeholders one segment."""
    regex = re.escape(pattern).replace(r"\*", ".*")
    regex = re.sub(r":\w+", "[^/]+", regex)
    return re.fullmatch(regex, path) is not None


def headers_for(rules: list[tuple[str, list[tuple[str, str]]]], path: str) -> dict[str, str]:
    """Every matching rule's headers; one set by two rules is joined with a comma, as Cloudflare
    Pages does (so a clash shows)."""
    combined: dict[str, str] = {}
    for pattern, headers in rules:
        if matches(pattern, path):
            for name, value in headers:
                key = name.lower()
                combined[key] = f"{combined[key]}, {value}" if key in combined else value
    return combined


def test_the_headers_file_gives_every_path_exactly_the_apps_headers(
    website: Website, client: TestClient, hosted: HostedSite, sitemap_names: list[str]
) -> None:
    rules = parse_headers_file(headers_file(hosted))
    for path in sample_paths(website, sitemap_names, static_assets(STATIC_DIR)):
        assert headers_for(rules, path) == app_headers(client, path), path


def test_every_page_is_under_a_page_rule(website: Website, hosted: HostedSite) -> None:
    rules = parse_headers_file(headers_file(hosted))
    for page in website.registry.pages():
        assert "cache-control" in headers_for(rules, page.path), page.path


def test_header_names_are_spelled_as_usual() -> None:
    assert header_name("x-content-type-options") == "X-Content-Type-Options"
    assert header_name("content-security-policy") == "Content-Security-Policy"


# -- _redirects -----------------------------------------------------------------------------------


def test_every_redirect_is_one_the_app_sends(
    website: Website, client: TestClient, hosted: HostedSite
) -> None:
    rules = [
        line.split()
        for line in redirects_file(hosted).splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(rules) == len(website.registry) - 1  # every page but home, without its slash
    for source, target, status in rules:
        response = client.get(source, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (int(status), target)


# -- the nginx snippet, served by a real nginx ---------------------------------------------------

NGINX = shutil.which("nginx") or (
    "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None
)
NGINX_CONF = """daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        include {root}/nginx.conf;
    }}
}}
"""


@pytest.fixture(scope="module")
def nginx(website: Website, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An export served by nginx with the snippet the export wrote; yields its base URL."""
    if NGINX is None or not Path("/etc/nginx/mime.types").exists():
        pytest.skip("nginx is not installed (Debian: nginx-light); .ci/run installs it")
    from service.output.export import export_site

    folder = tmp_path_factory.mktemp("nginx")
    root = folder / "site"
    export_site(website, root, static_dir=STATIC_DIR, workers=2)
    port = free_port()
    config = folder / "nginx.conf"
    config.write_text(NGINX_CONF.format(folder=folder, port=port, root=root))
    with (folder / "stderr").open("wb") as stderr:
        process = subprocess.Popen([NGINX, "-c", str(config), "-p", str(folder)], stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                httpx2.get(base + "/robots.txt", timeout=1)
                break
            except httpx2.HTTPError:
                assert process.poll() is None, (folder / "stderr").read_text()
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGQUIT)
        process.wait(timeout=10)


def compared(response: httpx2.Response) -> dict[str, str]:
    return {name: response.headers[name] for name in COMPARED if name in response.headers}


@pytest.mark.slow
def test_nginx_with_the_snippet_answers_as_the_app(
    nginx: str, website: Website, client: TestClient, sitemap_names: list[str]
) -> None:
    paths = sample_paths(website, sitemap_names, static_assets(STATIC_DIR))
    paths += [path.rstrip("/") for path in paths if path.endswith("/") and path != "/"]
    paths += ["/nope/", "/es/nope/", "/zh/conditions/nope/", "/static/nope.png"]
    with httpx2.Client(base_url=nginx) as files:
        for path in paths:
            app = client.get(path, follow_redirects=False)
            served = files.get(path, follow_redirects=False)
            assert served.status_code == app.status_code, path
            assert compared(served) == compared(app), path
            if app.status_code == 301:
                assert served.headers["location"] == app.headers["location"], path
            elif app.status_code in (200, 404):
                assert served.content == app.content, path
