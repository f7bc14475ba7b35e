"""Fingerprinted static names: they change with the bytes, and read back to the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from service.render.assets import StaticAssets, fingerprinted_name
from service.render.website import Website


def test_the_name_carries_the_files_digest_before_its_suffix() -> None:
    one, other = fingerprinted_name("clinic.png", b"a"), fingerprinted_name("clinic.png", b"b")
    assert one != other
    assert one.startswith("clinic.") and one.endswith(".png") and len(one.split(".")) == 3
    assert fingerprinted_name("img/logo.svg", b"a").startswith("img/logo.")


@pytest.fixture
def assets(tmp_path: Path) -> StaticAssets:
    (tmp_path / "clinic.png").write_bytes(b"photo")
    (tmp_path / "favicon.svg").write_bytes(b"<svg/>")
    return StaticAssets.of(tmp_path)


def test_a_fingerprinted_name_reads_back_to_its_file(assets: StaticAssets) -> None:
    current = assets.names["clinic.png"]
    assert assets.url("clinic.png") == f"/static/{current}"
    assert assets.plain_name(current) == ("clinic.png", True)
    assert assets.plain_name("clinic.png") == ("clinic.png", False)


def test_an_old_fingerprint_gets_the_file_but_not_as_current(assets: StaticAssets) -> None:
    assert assets.plain_name("clinic.0123456789.png") == ("clinic.png", False)
    assert assets.plain_name("nothing.0123456789.png") == ("nothing.0123456789.png", False)


def test_pages_link_static_files_by_fingerprinted_names(website: Website) -> None:
    page = next(website.registry.pages())
    doc = BeautifulSoup(website.render(page), "lxml")
    icon = doc.find("link", rel="icon")
    image = doc.find("meta", property="og:image")
    assert icon is not None and image is not None
    assert (
        str(icon["href"]).startswith("/static/favicon.") and icon["href"] != "/static/favicon.svg"
    )
    assert "/static/clinic." in str(image["content"])
    assert not str(image["content"]).endswith("/static/clinic.png")
