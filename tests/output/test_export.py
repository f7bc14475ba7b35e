"""`nearme export`: the static site, byte for byte what the app serves, swapped in whole."""

from __future__ import annotations

import functools
import gzip
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli
import httpx2
import pytest
from starlette.testclient import TestClient

from service.output.export import MARKER, ExportError, export_site, page_file
from service.output.hosting import HOSTING_FILES
from service.render.assets import static_url
from service.render.website import Website
from service.web.app import STATIC_DIR, create_app
from tests.utils import nearme

pytestmark = pytest.mark.slow  # whole-site renders, servers or subprocesses


@pytest.fixture(scope="module")
def exported(website: Website, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "site"
    result = export_site(website, out, static_dir=STATIC_DIR, workers=2)
    assert result.pages == len(website.registry)
    return out


@pytest.fixture(scope="module")
def app_client(website: Website) -> Iterator[TestClient]:
    with TestClient(create_app(website)) as client:
        yield client


def raw(client: TestClient, path: str, encoding: str) -> tuple[int, bytes]:
    with client.stream("GET", path, headers={"accept-encoding": encoding}) as response:
        return response.status_code, b"".join(response.iter_raw())


def test_every_page_in_every_encoding_is_what_the_app_sends(
    website: Website, exported: Path, app_client: TestClient
) -> None:
    for page in website.registry.pages():
        target = page_file(exported, page.path)
        for encoding, suffix in (("identity", ""), ("gzip", ".gz"), ("br", ".br")):
            status, body = raw(app_client, page.path, encoding)
            assert status == 200
            assert target.with_name(target.name + suffix).read_bytes() == body, (page.path, suffix)


def test_sitemaps_and_robots_are_what_the_app_serves(
    exported: Path, app_client: TestClient
) -> None:
    index = app_client.get("/sitemap.xml").content
    assert (exported / "sitemap.xml").read_bytes() == index
    children = [url.rsplit("/", 1)[-1] for url in re.findall(r"<loc>([^<]+)</loc>", index.decode())]
    assert children
    for name in children:
        assert (exported / name).read_bytes() == app_client.get(f"/{name}").content
        assert (
            gzip.decompress((exported / f"{name}.gz").read_bytes())
            == (exported / name).read_bytes()
        )
        assert (
            brotli.decompress((exported / f"{name}.br").read_bytes())
            == (exported / name).read_bytes()
        )
    assert (exported / "robots.txt").read_text() == app_client.get("/robots.txt").text
    assert "Allow: /" in (exported / "robots.txt").read_text()


def test_a_404_page_per_locale_and_the_static_assets(
    website: Website, exported: Path, app_client: TestClient
) -> None:
    for locale in website.site.locales:
        folder = exported / locale.prefix if locale.prefix else exported
        status, body = raw(app_client, f"/{locale.prefix}/nope/".replace("//", "/"), "identity")
        assert status == 404
        assert (folder / "404.html").read_bytes() == body
    for asset in STATIC_DIR.iterdir():
        assert (exported / "static" / asset.name).read_bytes() == asset.read_bytes()
        # ...and under the fingerprinted name the pages link to.
        linked = static_url(asset.name).removeprefix("/")
        assert (exported / linked).read_bytes() == asset.read_bytes()
    for name in HOSTING_FILES:  # the app's headers and 301s for static hosts (test_hosting.py)
        assert (exported / name).is_file()
    assert (exported / "static" / "favicon.svg.br").exists()  # text: precompressed
    assert not (exported / "static" / "clinic.png.gz").exists()  # already compressed


def test_a_plain_file_server_serves_the_export_as_the_app_does(
    website: Website, exported: Path, app_client: TestClient
) -> None:
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(exported))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        with httpx2.Client(base_url=base) as files:
            for page in list(website.registry.pages())[::7]:
                served = files.get(page.path)
                assert served.status_code == 200, page.path
                assert served.content == app_client.get(page.path).content
    finally:
        server.shutdown()
        server.server_close()


def test_a_new_export_replaces_the_old_one_whole(website: Website, tmp_path: Path) -> None:
    out = tmp_path / "site"
    export_site(website, out, static_dir=STATIC_DIR)
    (out / "left-over.html").write_text("from an older export")
    export_site(website, out, static_dir=STATIC_DIR)
    assert not (out / "left-over.html").exists()
    assert (out / MARKER).exists() and (out / "index.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging or previous copy left


def test_a_failed_export_leaves_the_previous_one_untouched(
    website: Website, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    export_site(website, out, static_dir=STATIC_DIR)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("service.output.export.write_sitemaps", disk_full)
    with pytest.raises(ExportError, match="No space left on device"):
        export_site(website, out, static_dir=STATIC_DIR)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_never_replaces_a_folder_that_is_not_an_export(tmp_path: Path) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    result = nearme("export", "--out", str(precious), "--base-url", "https://clinic.example")
    assert result.returncode == 2
    assert "not a nearme export" in result.stderr
    assert "Traceback" not in result.stderr
    assert (precious / "thesis.txt").read_text() == "years of work"


def test_cli_reports_what_it_wrote(tmp_path: Path) -> None:
    result = nearme(
        "export", "--out", str(tmp_path / "site"), "--base-url", "https://clinic.example"
    )
    assert result.returncode == 0, result.stderr
    assert "exported 582 pages" in result.stdout
    assert (tmp_path / "site" / "es" / "404.html").exists()
