"""Prometheus metrics: what the app records, and that it is never served beside the pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from service.output.version import content_version
from service.render.website import Website
from service.web.app import create_app
from service.web.metrics import Metrics
from service.web.observe import page_kind
from tests.web.test_crawlers import GOOGLEBOT_SMARTPHONE


def samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = generate_latest(metrics.registry).decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(metrics: Metrics, name: str, **labels: str) -> float:
    return samples(metrics).get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def measured(website: Website) -> Iterator[tuple[TestClient, Metrics]]:
    metrics = Metrics()
    app = create_app(website, metrics=metrics)
    yield TestClient(app), metrics
    app.state.sitemaps.close()


def test_a_googlebot_visit_counts_under_that_crawler_and_page_kind(
    measured: tuple[TestClient, Metrics],
) -> None:
    client, metrics = measured
    client.get("/conditions/sciatica/", headers={"user-agent": GOOGLEBOT_SMARTPHONE})
    client.get("/conditions/sciatica/")  # a browser: not a crawler
    assert (
        value(metrics, "nearme_crawler_requests_total", crawler="Googlebot", kind="condition") == 1
    )
    assert (
        sum(
            v
            for (name, _), v in samples(metrics).items()
            if name == "nearme_crawler_requests_total"
        )
        == 1
    )


def test_requests_by_kind_status_and_encoding(measured: tuple[TestClient, Metrics]) -> None:
    client, metrics = measured
    client.get("/es/areas/venice/", headers={"accept-encoding": "br"})
    client.get("/es/areas/venice/", headers={"accept-encoding": "gzip"})
    client.get("/Areas", follow_redirects=False)
    client.get("/nope/", headers={"accept-encoding": "identity"})
    client.get("/sitemap.xml", headers={"accept-encoding": "gzip"})
    expected = {
        ("area", "200", "br"): 1,
        ("area", "200", "gzip"): 1,
        ("redirect", "301", "identity"): 1,
        ("not_found", "404", "identity"): 1,
        ("sitemap", "200", "gzip"): 1,
    }
    for (kind, status, encoding), count in expected.items():
        labels = {"kind": kind, "status": status, "encoding": encoding}
        assert value(metrics, "nearme_requests_total", **labels) == count, labels
    assert value(metrics, "nearme_request_duration_seconds_count", kind="area") == 2


def test_page_cache_hits_misses_and_render_time(measured: tuple[TestClient, Metrics]) -> None:
    client, metrics = measured
    for _ in range(3):
        assert client.get("/zh/conditions/dystonia/").status_code == 200
    assert value(metrics, "nearme_page_cache_total", result="miss") == 1
    assert value(metrics, "nearme_page_cache_total", result="hit") == 2
    assert value(metrics, "nearme_page_render_seconds_count") == 1
    assert value(metrics, "nearme_page_render_seconds_sum") > 0


def test_the_content_version_served(website: Website, measured: tuple[TestClient, Metrics]) -> None:
    _, metrics = measured
    version = content_version(website)
    assert len(version) == 12
    assert value(metrics, "nearme_content_version_info", version=version) == 1
    metrics.serving_version("0123456789ab")  # a reload to other content
    assert value(metrics, "nearme_content_version_info", version=version) == 0
    assert value(metrics, "nearme_content_version_info", version="0123456789ab") == 1


def test_the_site_itself_has_no_metrics_page(measured: tuple[TestClient, Metrics]) -> None:
    client, _ = measured
    assert client.get("/metrics").status_code == 404


@pytest.mark.parametrize(
    ("path", "status", "kind"),
    [
        ("/static/clinic.png", 200, "static"),
        ("/sitemap-areas-en-1.xml", 200, "sitemap"),
        ("/robots.txt", 200, "robots"),
        ("/readyz", 503, "probe"),
        ("/conditions", 301, "redirect"),
        ("/nope/", 404, "not_found"),
        ("/" + "x" * 3000, 414, "other"),
    ],
)
def test_what_is_not_a_page_has_a_kind_of_its_own(path: str, status: int, kind: str) -> None:
    assert page_kind({"path": path}, status) == kind
    assert page_kind({"path": path, "nearme.page_kind": "home"}, 200) == "home"
