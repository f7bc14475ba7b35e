"""HTTP behaviour: status codes, redirects, methods, headers."""

from __future__ import annotations

import time

import pytest
from starlette.testclient import TestClient

from service.render.website import Website
from service.settings import Environment
from service.web.app import create_app
from tests.utils import jsonld, meta, soup


def test_healthz_is_tiny(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.text == "ok"


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/conditions", "/conditions/"),
        ("/Conditions/Sciatica/", "/conditions/sciatica/"),
        ("/es/areas/VENICE", "/es/areas/venice/"),
        ("/zh", "/zh/"),
        ("/conditions/sciatica/venice", "/conditions/sciatica/venice/"),
    ],
)
def test_other_spellings_redirect_permanently(client: TestClient, path: str, target: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == target


def test_redirect_keeps_the_query(client: TestClient) -> None:
    response = client.get("/areas?utm_source=x", follow_redirects=False)
    assert response.headers["location"] == "/areas/?utm_source=x"


@pytest.mark.parametrize(
    "path",
    [
        "/nope/",
        "/conditions/atlantis/",
        "/es/areas/atlantis/",
        "/conditions/sciatica/atlantis/",
        "/fr/",
    ],
)
def test_unknown_pages_are_real_404s(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    doc = soup(response.text)
    assert meta(doc, "robots") == "noindex, follow"
    assert doc.find(id="disclaimer") is not None


def test_404_is_localized_by_prefix(client: TestClient) -> None:
    doc = soup(client.get("/es/conditions/atlantis/").text)
    assert doc.html is not None and doc.html["lang"] == "es"
    hub_links = {a["href"] for a in doc.select("main a")}
    assert "https://clinic.example/es/conditions/" in hub_links


def test_head_works_on_every_kind_of_page(client: TestClient, website: Website) -> None:
    for page in website.registry.pages(locale="zh-Hans"):
        if page.key.condition and page.key.neighborhood and page.key.neighborhood != "venice":
            continue
        assert client.head(page.path).status_code == 200


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_other_methods_are_not_allowed(client: TestClient, method: str) -> None:
    response = client.request(method, "/conditions/sciatica/")
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]


def test_production_has_no_robots_header(client: TestClient) -> None:
    assert "x-robots-tag" not in client.get("/").headers


@pytest.mark.parametrize("environment", [Environment.staging, Environment.development])
def test_non_production_is_never_indexed(website: Website, environment: Environment) -> None:
    staging = website.in_environment(environment)
    client = TestClient(create_app(staging))  # no lifespan: pages render as they are asked for
    for path in ("/", "/conditions/sciatica/", "/nope/", "/healthz", "/static/clinic.png"):
        assert client.get(path).headers["x-robots-tag"] == "noindex", path


def test_canonical_ignores_the_host_header(client: TestClient) -> None:
    response = client.get("/areas/", headers={"Host": "evil.example"})
    canonical = soup(response.text).find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == "https://clinic.example/areas/"


def test_missing_static_file_gets_the_html_404(client: TestClient) -> None:
    response = client.get("/static/missing.css")
    assert response.status_code == 404
    assert soup(response.text).find(id="disclaimer") is not None


@pytest.mark.parametrize("path", ["/", "/es/", "/zh/"])
def test_no_home_page_has_a_one_item_breadcrumb(client: TestClient, path: str) -> None:
    """Google wants two or more items in a BreadcrumbList; a home page has only itself."""
    doc = soup(client.get(path).text)
    graph = jsonld(doc)["@graph"]
    assert not [node for node in graph if node.get("@type") == "BreadcrumbList"]
    assert not any("breadcrumb" in node for node in graph)
    assert doc.select("nav.breadcrumbs") == []


def test_readiness_waits_for_the_site_to_be_rendered(website: Website) -> None:
    app = create_app(website)
    client = TestClient(app)
    assert client.get("/readyz").status_code == 503  # no start-up has run: nothing rendered
    assert client.get("/healthz").status_code == 200  # alive all the same
    with TestClient(app) as started:  # runs the start-up, which renders every page
        deadline = time.monotonic() + 60
        while started.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, "never ready"
            time.sleep(0.05)
        assert len(app.state.pages) == len(website.registry)
    assert client.get("/readyz").status_code == 503  # shut down
