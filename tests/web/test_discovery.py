"""A crawler's way in: robots.txt, then the served sitemaps, then the pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from protego import Protego
from starlette.testclient import TestClient

from service.output.sitemap import INDEX_NAME, write_sitemaps
from service.render.website import Website, open_website
from service.settings import Environment, Settings
from service.web.app import create_app
from service.web.discovery import robots_txt
from tests.conftest import BASE_URL
from tests.utils import edit_yaml

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_production_robots_allows_all_and_names_the_sitemap(client: TestClient) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    robots = Protego.parse(response.text)
    assert list(robots.sitemaps) == [f"{BASE_URL}/sitemap.xml"]
    assert robots.can_fetch(f"{BASE_URL}/conditions/sciatica/", "Googlebot")


@pytest.mark.parametrize("environment", [Environment.staging, Environment.development])
def test_non_production_robots_disallows_everything(
    website: Website, environment: Environment
) -> None:
    robots = Protego.parse(robots_txt(website.in_environment(environment)))
    assert not robots.can_fetch(f"{BASE_URL}/", "Googlebot")
    assert not robots.can_fetch(f"{BASE_URL}/conditions/sciatica/", "Bingbot")


def crawl_from_robots(client: TestClient) -> set[str]:
    """Follow robots.txt to the sitemap index, its children and their URLs."""
    robots = Protego.parse(client.get("/robots.txt").text)
    reached: set[str] = set()
    for index_url in robots.sitemaps:
        index = etree.fromstring(client.get(index_url.removeprefix(BASE_URL)).content)
        for child_url in index.xpath("//sm:loc/text()", namespaces=NS):
            child = client.get(child_url.removeprefix(BASE_URL))
            assert child.status_code == 200
            assert child.headers["content-type"].startswith("application/xml")
            reached.update(
                etree.fromstring(child.content).xpath("//sm:url/sm:loc/text()", namespaces=NS)
            )
    return reached


def test_a_crawler_reaches_every_indexable_page_and_only_those(
    client: TestClient, website: Website
) -> None:
    reached = crawl_from_robots(client)
    registry = website.registry
    assert reached == {p.url for p in registry.pages() if registry.indexability(p).indexable}
    for url in sorted(reached)[::25]:
        assert client.get(url.removeprefix(BASE_URL), follow_redirects=False).status_code == 200


def test_on_a_synthetic_site_noindex_pages_are_not_reached(content_dir: Path) -> None:
    def thin(d: dict) -> None:
        for code in ("en", "es", "zh-Hans"):
            d[code].update(intro="Near.", getting_here="East.", transit=["Bus."], parking="Meters.")

    edit_yaml(content_dir / "neighborhoods" / "area-0.yaml", thin)
    website = open_website(
        Settings(base_url=BASE_URL, content_dir=content_dir, environment=Environment.production)
    )
    with TestClient(create_app(website)) as client:
        reached = crawl_from_robots(client)
        registry = website.registry
        noindex = {p.url for p in registry.pages() if not registry.indexability(p).indexable}
        # The 27 condition x neighborhood pages have no text of their own; area-0 is thin.
        assert len(noindex) == 27 + 3
        assert reached == {p.url for p in registry.pages()} - noindex
        for url in noindex:
            page = client.get(url.removeprefix(BASE_URL))
            assert page.status_code == 200
            assert '<meta name="robots" content="noindex, follow">' in page.text


def test_served_sitemaps_equal_the_generated_ones(
    client: TestClient, website: Website, tmp_path: Path
) -> None:
    written = write_sitemaps(website.registry, tmp_path)
    for child in [written.index, *written.children]:
        served = client.get(f"/{child.name}")
        assert served.content == (tmp_path / child.name).read_bytes(), child.name


def test_conditional_requests_get_304(client: TestClient) -> None:
    first = client.get("/sitemap-conditions-es-1.xml")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert (
        client.get("/sitemap-conditions-es-1.xml", headers={"If-None-Match": etag}).status_code
        == 304
    )
    assert (
        client.get(
            "/sitemap-conditions-es-1.xml", headers={"If-Modified-Since": modified}
        ).status_code
        == 304
    )
    assert (
        client.get(
            "/sitemap-conditions-es-1.xml", headers={"If-None-Match": '"something-else"'}
        ).status_code
        == 200
    )
    assert (
        client.get(
            "/sitemap-conditions-es-1.xml",
            headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"},
        ).status_code
        == 200
    )
    not_modified = client.get(
        f"/{INDEX_NAME}", headers={"If-None-Match": client.get(f"/{INDEX_NAME}").headers["etag"]}
    )
    assert not_modified.status_code == 304 and not_modified.content == b""


@pytest.mark.slow
def test_validators_are_stable_across_processes(website: Website) -> None:
    with TestClient(create_app(website)) as one, TestClient(create_app(website)) as two:
        assert one.get("/sitemap.xml").headers["etag"] == two.get("/sitemap.xml").headers["etag"]


def test_unknown_sitemap_is_a_404(client: TestClient) -> None:
    assert client.get("/sitemap-conditions-fr-1.xml").status_code == 404


def test_responses_are_compressed_for_clients_that_ask(client: TestClient) -> None:
    response = client.get("/sitemap-areas-en-1.xml", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"
    assert etree.fromstring(response.content) is not None  # the client decoded it


@pytest.mark.parametrize("name", ["sitemap.xml", "sitemap-areas-en-1.xml"])
def test_each_encoding_has_its_own_etag_and_bytes(client: TestClient, name: str) -> None:
    identity = client.get(f"/{name}", headers={"Accept-Encoding": "identity"})
    etags = {"identity": identity.headers["etag"]}
    for encoding in ("gzip", "br"):
        with client.stream("GET", f"/{name}", headers={"Accept-Encoding": encoding}) as response:
            wire = b"".join(response.iter_raw())
            assert response.headers["content-encoding"] == encoding
            assert response.headers["vary"] == "Accept-Encoding"
            assert int(response.headers["content-length"]) == len(wire) < len(identity.content)
            etags[encoding] = response.headers["etag"]
        decoded = client.get(f"/{name}", headers={"Accept-Encoding": encoding}).content
        assert decoded == identity.content
    assert len(set(etags.values())) == 3, etags
    gzip_etag = etags["gzip"]
    assert (
        client.get(
            f"/{name}", headers={"Accept-Encoding": "gzip", "If-None-Match": gzip_etag}
        ).status_code
        == 304
    )
    # A cache holding the gzip bytes must not be told they are the brotli ones.
    assert (
        client.get(
            f"/{name}", headers={"Accept-Encoding": "br", "If-None-Match": gzip_etag}
        ).status_code
        == 200
    )
