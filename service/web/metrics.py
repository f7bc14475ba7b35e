"""Prometheus metrics, collected when `nearme serve --metrics-port` asks for them.

What an operator and a marketer want to see:

- ``nearme_requests_total{kind,status,encoding}``: requests answered, by page
  kind (``home``, ``condition``, ..., or ``redirect``, ``not_found``,
  ``static``, ``sitemap``, ``robots``, ``probe``, ``other``), status and the
  encoding sent;
- ``nearme_request_duration_seconds{kind}``: latency, as a histogram;
- ``nearme_crawler_requests_total{crawler,kind}``: requests whose user agent
  claims to be a crawler (``service.web.crawlers``), so Googlebot's visits
  show per page kind;
- ``nearme_page_cache_total{result}``: page cache hits and misses;
- ``nearme_page_render_seconds``: rendering and encoding one page;
- ``nearme_content_version_info{version}``: the content version served.

They are served on a port of their own (``serve_metrics``), never beside the
pages, and bound to 127.0.0.1 unless the operator says otherwise. With
``--workers N`` each worker writes its figures to files in a private folder
(prometheus-client's multiprocess mode, ``PROMETHEUS_MULTIPROC_DIR``, set by
`nearme serve` before the workers start) and the serving process adds them up
when scraped, so the counts are the whole server's, not one worker's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
RENDER_BUCKETS = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1.0)


class Metrics:
    """The server's metrics, and the cheap calls that record them.

    ``.labels()`` costs more than the increment itself, so each label
    combination's child is looked up once and kept.
    """

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.requests = Counter(
            "nearme_requests",
            "HTTP requests answered, by page kind, status and the encoding sent.",
            ["kind", "status", "encoding"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "nearme_request_duration_seconds",
            "Time from a request reaching the app to the last byte of its response.",
            ["kind"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.crawler_requests = Counter(
            "nearme_crawler_requests",
            "Requests whose User-Agent claims to be a known crawler, by crawler and page kind.",
            ["crawler", "kind"],
            registry=self.registry,
        )
        self.page_cache = Counter(
            "nearme_page_cache",
            "Page lookups: hit (sent from memory), miss (rendered for the request) or warm "
            "(rendered at start-up or on a reload, before any request).",
            ["result"],
            registry=self.registry,
        )
        self.render_seconds = Histogram(
            "nearme_page_render_seconds",
            "Time to render one page and encode it three ways.",
            buckets=RENDER_BUCKETS,
            registry=self.registry,
        )
        self.content_version = Gauge(
            "nearme_content_version_info",
            "1 for the content version being served (a hash of content, templates, catalogs "
            "and static files).",
            ["version"],
            multiprocess_mode="max",
            registry=self.registry,
        )
        self._children: dict[tuple[Any, ...], Any] = {}
        self._hit = self.page_cache.labels("hit")
        self._miss = self.page_cache.labels("miss")
        self._warm = self.page_cache.labels("warm")
        self._version: str | None = None

    def _child(self, metric: Any, *labels: str) -> Any:
        key = (id(metric), *labels)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*labels)
        return child

    def observe_request(
        self, kind: str, status: int, encoding: str, seconds: float, crawler: str | None
    ) -> None:
        self._child(self.requests, kind, str(status), encoding).inc()
        self._child(self.latency, kind).observe(seconds)
        if crawler is not None:
            self._child(self.crawler_requests, crawler, kind).inc()

    def page_cache_hit(self) -> None:
        self._hit.inc()

    def page_rendered(self, seconds: float, *, warming: bool) -> None:
        (self._warm if warming else self._miss).inc()
        self.render_seconds.observe(seconds)

    def serving_version(self, version: str) -> None:
        if self._version is not None and self._version != version:
            self.content_version.labels(self._version).set(0)
        self._version = version
        self.content_version.labels(version).set(1)


def metrics_registry(multiprocess_dir: Path | None, metrics: Metrics | None) -> CollectorRegistry:
    """What a scrape reads: every worker's files, or this process's own metrics."""
    if multiprocess_dir is not None:
        from prometheus_client.multiprocess import MultiProcessCollector

        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(multiprocess_dir))
        return registry
    assert metrics is not None, "one process and no metrics: nothing to serve"
    return metrics.registry


def serve_metrics(host: str, port: int, registry: CollectorRegistry) -> Callable[[], None]:
    """Serve ``registry`` at http://host:port/metrics from a thread; returns how to stop it."""
    from prometheus_client import start_http_server

    server, thread = start_http_server(port, addr=host, registry=registry)

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return stop
