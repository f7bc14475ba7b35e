"""`nearme serve` as hosting platforms run it: PORT, WEB_CONCURRENCY, metrics, the access log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest
from prometheus_client.parser import text_string_to_metric_families

from service.settings import Settings
from service.web.app import observers
from tests.utils import free_port, nearme
from tests.web.test_crawlers import GOOGLEBOT_SMARTPHONE


def test_the_metrics_port_must_not_be_the_sites() -> None:
    result = nearme("serve", "--port", "8555", "--metrics-port", "8555")
    assert result.returncode == 2
    assert "metrics port 8555: must differ from the site's port" in result.stderr


def test_a_bad_web_concurrency_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_CONCURRENCY", "lots")
    result = nearme("serve")
    assert result.returncode == 2
    assert "WEB_CONCURRENCY 'lots': must be a whole number" in result.stderr


def test_the_access_log_and_metrics_are_what_the_settings_say() -> None:
    assert observers(Settings(access_log=False)) == {"access_log": None, "metrics": None}
    chosen = observers(Settings(access_log=True, metrics_port=9100))
    assert chosen["access_log"] is not None and chosen["metrics"] is not None


def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = httpx2.get(url, timeout=5).text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


@pytest.mark.slow
def test_platform_port_and_workers_with_metrics_from_every_worker(tmp_path: Path) -> None:
    """``WEB_CONCURRENCY=2 PORT=… nearme serve``: two workers on that port, on every interface;
    /metrics on its own port adds up both workers and counts Googlebot's visits."""
    port, metrics_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    env = {
        **os.environ,
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "NEARME_ENV": "production",
        "NEARME_BASE_URL": base,
        "TMPDIR": str(tmp_path),  # where the private metrics folder goes
    }
    command = [sys.executable, "-m", "service.cli", "serve", "--metrics-port", str(metrics_port)]
    with out.open("wb") as stdout, err.open("wb") as stderr:
        server = subprocess.Popen(command, env=env, stdout=stdout, stderr=stderr)
    try:
        deadline = time.monotonic() + 120
        while err.read_text().count("rendered 582 pages") < 2:  # each worker warms its cache
            assert server.poll() is None and time.monotonic() < deadline, err.read_text()
            time.sleep(0.3)
        log = err.read_text()
        assert f"Uvicorn running on http://0.0.0.0:{port}" in log
        assert log.count("Started server process") == 2
        for _ in range(5):
            response = httpx2.get(
                f"{base}/conditions/sciatica/", headers={"user-agent": GOOGLEBOT_SMARTPHONE}
            )
            assert response.status_code == 200
        assert httpx2.get(f"{base}/readyz").text == "ready"
        assert httpx2.get(f"{base}/metrics").status_code == 404  # never beside the pages
        metrics = scrape(f"http://127.0.0.1:{metrics_port}/metrics")
        googlebot = (("crawler", "Googlebot"), ("kind", "condition"))
        assert metrics[("nearme_crawler_requests_total", googlebot)] == 5
        # Both workers rendered every page at start-up: the scrape adds up their files.
        assert metrics[("nearme_page_cache_total", (("result", "warm"),))] == 2 * 582
        assert [key for key in metrics if key[0] == "nearme_content_version_info"]
    finally:
        server.terminate()
        server.wait(timeout=60)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    crawled = [line for line in lines if line["path"] == "/conditions/sciatica/"]
    assert len(crawled) == 5 and {line["crawler"] for line in crawled} == {"Googlebot"}
    assert not list(tmp_path.glob("nearme-metrics-*")), "the metrics folder was left behind"
