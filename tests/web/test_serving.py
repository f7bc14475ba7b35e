"""How pages go over HTTP: encodings, validators, 304s and caching headers."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
from pathlib import Path

import brotli
import httpx2
import pytest
from starlette.testclient import TestClient

from service.render.website import Website
from tests.utils import free_port

PAGE = "/conditions/sciatica/santa-monica/"


@pytest.mark.parametrize("encoding", ["br", "gzip", "identity"])
def test_every_encoding_carries_the_same_page(client: TestClient, encoding: str) -> None:
    plain = client.get(PAGE, headers={"accept-encoding": "identity"})
    response = client.get(PAGE, headers={"accept-encoding": encoding})
    assert response.status_code == 200
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers.get("content-encoding", "identity") == encoding
    assert response.content == plain.content  # decoded by the client...
    # ...so decode the wire bytes ourselves as well.
    with client.stream("GET", PAGE, headers={"accept-encoding": encoding}) as streamed:
        wire = b"".join(streamed.iter_raw())
    decoded = {"br": brotli.decompress, "gzip": gzip.decompress}.get(encoding, bytes)(wire)
    assert decoded == plain.content
    assert int(response.headers["content-length"]) == len(wire)


def test_cache_headers_suit_a_cdn(client: TestClient, website: Website) -> None:
    response = client.get(PAGE)
    assert response.headers["cache-control"] == (
        "public, max-age=300, stale-while-revalidate=86400"
    )
    page = website.registry.resolve(PAGE)
    assert page is not None
    modified = website.registry.last_modified(page)
    assert modified.strftime("%d %b %Y") in response.headers["last-modified"]


@pytest.mark.parametrize("encoding", ["br", "gzip", "identity"])
def test_etag_round_trip_answers_304_without_a_body(client: TestClient, encoding: str) -> None:
    first = client.get(PAGE, headers={"accept-encoding": encoding})
    etag = first.headers["etag"]
    again = client.get(PAGE, headers={"accept-encoding": encoding, "if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    weak = client.get(PAGE, headers={"accept-encoding": encoding, "if-none-match": f"W/{etag}"})
    assert weak.status_code == 304


def test_another_encodings_etag_is_not_a_match(client: TestClient) -> None:
    gz = client.get(PAGE, headers={"accept-encoding": "gzip"}).headers["etag"]
    br = client.get(PAGE, headers={"accept-encoding": "br", "if-none-match": gz})
    assert br.status_code == 200 and br.headers["etag"] != gz


def test_if_modified_since(client: TestClient) -> None:
    last_modified = client.get(PAGE).headers["last-modified"]
    assert client.get(PAGE, headers={"if-modified-since": last_modified}).status_code == 304
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get(PAGE, headers={"if-modified-since": old}).status_code == 200


def test_query_strings_are_the_same_page_and_the_same_cache_entry(client: TestClient) -> None:
    pages = client.app.state.pages  # type: ignore[attr-defined]
    plain = client.get(PAGE)
    cached = len(pages)
    tagged = client.get(PAGE + "?utm_source=newsletter&x=" + "1" * 50)
    assert tagged.status_code == 200
    assert tagged.content == plain.content and tagged.headers["etag"] == plain.headers["etag"]
    assert len(pages) == cached


def test_head_has_the_headers_and_no_body(client: TestClient) -> None:
    get_response = client.get(PAGE, headers={"accept-encoding": "br"})
    head = client.head(PAGE, headers={"accept-encoding": "br"})
    assert head.status_code == 200 and head.content == b""
    for name in ("etag", "content-length", "content-encoding", "cache-control", "vary"):
        assert head.headers[name] == get_response.headers[name]


def test_not_found_pages_are_compressed_too_and_short_lived(client: TestClient) -> None:
    response = client.get("/es/no-such-page/", headers={"accept-encoding": "br"})
    assert response.status_code == 404
    assert response.headers["content-encoding"] == "br"
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers["cache-control"] == "public, max-age=60"
    assert 'lang="es"' in response.text
    assert "etag" not in response.headers


def test_sitemaps_are_compressed_on_the_way_out(client: TestClient) -> None:
    response = client.get("/sitemap.xml", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers.get("content-encoding") == "gzip"
    assert response.headers["vary"] == "Accept-Encoding"


@pytest.mark.slow
def test_serve_with_several_workers(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    env = {**os.environ, "NEARME_ENV": "production", "NEARME_BASE_URL": base}
    command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port)]
    with log.open("w") as out:
        server = subprocess.Popen(
            [*command, "--workers", "2"], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        # Each worker renders every page into its own cache once it has started.
        while log.read_text().count("rendered 582 pages") < 2:
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        response = httpx2.get(base + PAGE, headers={"accept-encoding": "br"})
        assert response.status_code == 200
        assert response.headers["content-encoding"] == "br"
        assert log.read_text().count("Application startup complete") == 2
    finally:
        server.terminate()
        server.wait(timeout=30)
