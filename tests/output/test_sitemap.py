"""Sitemaps, parsed back with lxml as a crawler would read them."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from service.output.sitemap import INDEX_NAME, MAX_URLS, write_sitemaps
from service.pages.registry import PageRegistry
from service.render.website import Website, open_website
from service.settings import Settings
from tests.conftest import BASE_URL
from tests.utils import Ran, edit_yaml, nearme

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def children_of(index_path: Path) -> list[Path]:
    index = parse(index_path.read_bytes())
    locs = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    return [index_path.parent / loc.rsplit("/", 1)[1] for loc in locs]


def urls_in(out: Path) -> dict[str, dict[str, str]]:
    """Every <url> of every child: loc -> {hreflang: href}; fails on a repeated loc."""
    found: dict[str, dict[str, str]] = {}
    for child in children_of(out / INDEX_NAME):
        for url in parse(read(child)).xpath("//sm:url", namespaces=NS):
            loc = url.findtext("sm:loc", namespaces=NS)
            assert loc not in found, f"{loc} listed twice"
            found[loc] = {
                link.get("hreflang"): link.get("href")
                for link in url.xpath("xhtml:link", namespaces=NS)
            }
    return found


def indexable_urls(registry: PageRegistry) -> set[str]:
    return {p.url for p in registry.pages() if registry.indexability(p).indexable}


def test_every_indexable_page_exactly_once(website: Website, tmp_path: Path) -> None:
    write_sitemaps(website.registry, tmp_path)
    assert set(urls_in(tmp_path)) == indexable_urls(website.registry)
    site = website.site
    # home, two hubs, the conditions and the areas, in three locales; no combination page
    # of the default site has text of its own.
    assert len(urls_in(tmp_path)) == 3 * (3 + len(site.conditions) + len(site.neighborhoods))


def test_noindex_pages_stay_out(content_dir: Path, tmp_path: Path) -> None:
    def thin(d: dict) -> None:
        for code in ("en", "es", "zh-Hans"):
            d[code].update(intro="Near.", getting_here="East.", transit=["Bus."], parking="Meters.")

    edit_yaml(content_dir / "neighborhoods" / "area-1.yaml", thin)
    registry = open_website(Settings(base_url=BASE_URL, content_dir=content_dir)).registry
    write_sitemaps(registry, tmp_path / "out")
    listed = set(urls_in(tmp_path / "out"))
    assert listed == indexable_urls(registry)
    assert not any(url.endswith("/area-1/") for url in listed)
    assert f"{BASE_URL}/areas/area-0/" in listed


def test_alternates_are_complete_and_reciprocal(website: Website, tmp_path: Path) -> None:
    write_sitemaps(website.registry, tmp_path)
    urls = urls_in(tmp_path)
    for loc, alternates in urls.items():
        assert set(alternates) == {"en", "es", "zh-Hans", "x-default"}
        assert loc in alternates.values()
        for href in alternates.values():
            assert urls[href] == alternates, f"{href} does not return the links of {loc}"


def test_lastmod_comes_from_the_content(website: Website, tmp_path: Path) -> None:
    write_sitemaps(website.registry, tmp_path)
    registry = website.registry
    for child in children_of(tmp_path / INDEX_NAME):
        for url in parse(read(child)).xpath("//sm:url", namespaces=NS):
            page = registry.resolve(url.findtext("sm:loc", namespaces=NS).removeprefix(BASE_URL))
            assert page is not None
            assert url.findtext("sm:lastmod", namespaces=NS) == (
                registry.last_modified(page).isoformat()
            )
    assert not parse((tmp_path / INDEX_NAME).read_bytes()).xpath(
        "//sm:priority|//sm:changefreq", namespaces=NS
    )


def test_small_max_urls_splits_and_the_index_lists_every_child(
    website: Website, tmp_path: Path
) -> None:
    written = write_sitemaps(website.registry, tmp_path, max_urls=5)
    children = children_of(tmp_path / INDEX_NAME)
    assert sorted(c.name for c in children) == sorted(
        p.name for p in tmp_path.iterdir() if p.name != INDEX_NAME
    )
    assert len(children) == len(written.children) > 9
    for child in children:
        assert len(parse(read(child)).xpath("//sm:url", namespaces=NS)) <= 5
    assert set(urls_in(tmp_path)) == indexable_urls(website.registry)


def test_two_runs_are_byte_identical(website: Website, tmp_path: Path) -> None:
    for compress in (False, True):
        first, second = tmp_path / f"a{compress}", tmp_path / f"b{compress}"
        write_sitemaps(website.registry, first, compress=compress, max_urls=100)
        write_sitemaps(website.registry, second, compress=compress, max_urls=100)
        names = sorted(p.name for p in first.iterdir())
        assert names == sorted(p.name for p in second.iterdir())
        for name in names:
            assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_gzip_children_hold_the_same_entries(website: Website, tmp_path: Path) -> None:
    write_sitemaps(website.registry, tmp_path / "plain")
    write_sitemaps(website.registry, tmp_path / "gz", compress=True)
    assert all(p.suffix == ".gz" for p in (tmp_path / "gz").iterdir() if p.name != INDEX_NAME)
    assert urls_in(tmp_path / "plain") == urls_in(tmp_path / "gz")


def test_rewrite_leaves_no_stale_or_temporary_files(website: Website, tmp_path: Path) -> None:
    write_sitemaps(website.registry, tmp_path, max_urls=10)
    written = write_sitemaps(website.registry, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [INDEX_NAME, *(c.name for c in written.children)]
    )


def test_limit_is_the_protocol_maximum() -> None:
    assert MAX_URLS == 50_000


# -- command line ----------------------------------------------------------------------


def sitemap_gen(*args: str) -> Ran:
    """`nearme sitemap`, in this process (sitemap_gen.py is the same command)."""
    return nearme("sitemap", *args)


@pytest.mark.slow
def test_sitemap_gen_and_nearme_sitemap_write_the_same_files(tmp_path: Path) -> None:
    script = subprocess.run(
        [
            sys.executable,
            "sitemap_gen.py",
            "--base-url",
            BASE_URL,
            "--gzip",
            "--out",
            str(tmp_path / "a"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert script.returncode == 0, script.stderr
    assert "87 URLs in 9 sitemaps" in script.stdout
    other = sitemap_gen("--base-url", BASE_URL, "--out", str(tmp_path / "b"), "--gzip")
    assert other.returncode == 0, other.stderr
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()


@pytest.mark.parametrize("base_url", ["/relative", "https://x.example/?q=1", "ftp://x.example"])
def test_invalid_base_url_exits_2(tmp_path: Path, base_url: str) -> None:
    result = sitemap_gen("--base-url", base_url, "--out", str(tmp_path))
    assert result.returncode == 2
    assert "base URL" in result.stderr and "Traceback" not in result.stderr


def test_unwritable_out_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", "utf-8")
    result = sitemap_gen("--base-url", BASE_URL, "--out", str(blocker / "sub"))
    assert result.returncode == 2
    assert "cannot write sitemaps there" in result.stderr and "Traceback" not in result.stderr


def test_invalid_content_exits_2(content_dir: Path, tmp_path: Path) -> None:
    edit_yaml(content_dir / "conditions" / "condition-0.yaml", lambda d: d["en"].pop("name"))
    result = sitemap_gen(
        "--base-url", BASE_URL, "--out", str(tmp_path / "out"), "--content", str(content_dir)
    )
    assert result.returncode == 2
    assert "condition-0.yaml: en.name: missing" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["0", "50001"])
def test_max_urls_can_only_lower_the_limit(tmp_path: Path, value: str) -> None:
    result = sitemap_gen("--base-url", BASE_URL, "--out", str(tmp_path), "--max-urls", value)
    assert result.returncode == 2 and "--max-urls must be at least 1 and at most" in result.stderr
