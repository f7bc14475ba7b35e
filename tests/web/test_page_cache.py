"""Rendered pages: every encoding made once, validators, and the memory bound."""

from __future__ import annotations

import gzip

import brotli
import pytest

from service.output.encoded import Rendered
from service.render.website import Website
from service.web.page_cache import RenderedPages, choose_encoding


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0", "identity"),
        ("", "identity"),
        ("identity", "identity"),
        ("*", "br"),
        ("*;q=0", "identity"),
        ("br;q=0, *", "gzip"),
        ("GZIP", "gzip"),
        ("gzip;q=nonsense, br;q=0", "identity"),
    ],
)
def test_encoding_choice(header: str, chosen: str) -> None:
    assert choose_encoding(header) == chosen


def test_every_encoding_decodes_to_the_identity_bytes() -> None:
    rendered = Rendered.of("<!doctype html><p>" + "acupuncture " * 500)
    assert gzip.decompress(rendered.gzip) == rendered.identity
    assert brotli.decompress(rendered.br) == rendered.identity
    assert len(rendered.br) < len(rendered.identity) / 5


def test_etags_are_strong_and_differ_by_encoding_and_content() -> None:
    one, two = Rendered.of("<p>one</p>"), Rendered.of("<p>two</p>")
    tags = {one.etag("identity"), one.etag("gzip"), one.etag("br")}
    assert len(tags) == 3 and not any(tag.startswith("W/") for tag in tags)
    assert one.etag("br") != two.etag("br")
    assert Rendered.of("<p>one</p>").etag("br") == one.etag("br")  # stable across runs


@pytest.mark.slow
def test_small_sites_are_rendered_whole_up_front(website: Website) -> None:
    pages = RenderedPages(website)
    assert pages.warm() == len(website.registry) == len(pages)


def test_large_sites_keep_only_what_fits_the_budget(website: Website) -> None:
    every = list(website.registry.pages())[:40]
    one_page = RenderedPages(website).get(every[0]).size
    pages = RenderedPages(website, eager_limit=10, budget_bytes=one_page * 12)
    assert pages.warm() == 0  # too big to render whole: pages are made on demand
    for page in every:
        pages.get(page)
    assert len(pages) < 20 and pages.cached_bytes <= one_page * 14
    assert every[-1] in pages._pages and every[0] not in pages._pages  # least recent went first


def test_a_cached_page_is_the_same_object_until_evicted(website: Website) -> None:
    page = next(iter(website.registry.pages()))
    pages = RenderedPages(website)
    assert pages.get(page) is pages.get(page)
