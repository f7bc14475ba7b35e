"""Static files: fingerprinted names kept for a year, plain names briefly; 301s cached a day."""

from __future__ import annotations

from starlette.testclient import TestClient

from service.output.headers import (
    IMMUTABLE_CACHE_CONTROL,
    REDIRECT_CACHE_CONTROL,
    STATIC_CACHE_CONTROL,
)
from service.paths import STATIC_DIR
from service.render.assets import static_url


def test_a_fingerprinted_file_is_immutable(client: TestClient) -> None:
    response = client.get(static_url("clinic.png"))
    assert response.status_code == 200
    assert response.content == (STATIC_DIR / "clinic.png").read_bytes()
    assert response.headers["cache-control"] == IMMUTABLE_CACHE_CONTROL
    assert response.headers["content-type"] == "image/png"


def test_the_plain_name_still_works_briefly_cached(client: TestClient) -> None:
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200
    assert response.headers["cache-control"] == STATIC_CACHE_CONTROL


def test_an_old_fingerprint_gets_the_current_file_not_as_immutable(client: TestClient) -> None:
    response = client.get("/static/favicon.0123456789.svg")
    assert response.status_code == 200
    assert response.content == (STATIC_DIR / "favicon.svg").read_bytes()
    assert response.headers["cache-control"] == STATIC_CACHE_CONTROL


def test_a_304_keeps_the_cache_header(client: TestClient) -> None:
    url = static_url("favicon.svg")
    etag = client.get(url).headers["etag"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.headers["cache-control"] == IMMUTABLE_CACHE_CONTROL


def test_an_unknown_fingerprinted_name_is_the_html_404(client: TestClient) -> None:
    response = client.get("/static/missing.0123456789.png")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


def test_canonical_redirects_are_cacheable(client: TestClient) -> None:
    response = client.get("/Conditions/Sciatica", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["cache-control"] == REDIRECT_CACHE_CONTROL
