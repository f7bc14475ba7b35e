"""Hostile content: markup and template syntax in content fields render inert everywhere.

The default content, copied, with payloads in the fields each output reads:
visible text, attributes, the JSON-LD block and the sitemaps. A payload must
come out exactly as written (escaped, not stripped, not evaluated).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import html5lib
import pytest
from lxml import etree

from service.content import load_site
from service.errors import ContentError
from service.output.sitemap import write_sitemaps
from service.pages import kinds as k
from service.pages.urls import PageKey
from service.paths import PROJECT_ROOT
from service.render.assets import static_url
from service.render.website import Website, open_website
from service.settings import Environment, Settings
from tests.conftest import BASE_URL
from tests.utils import edit_yaml

pytestmark = pytest.mark.slow  # property tests through the whole app

ParsedPage = tuple[str, str, Any, str]  # label, locale code, parsed document, html

SCRIPT = "</script><script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SVG = "'><svg/onload=alert(1)>"
TEMPLATE = "{{ 7*7 }}"
JINJA_BLOCK = "{% if true %}yes{% endif %}"
HTML_COMMENT = "<!--<script>"
ENTITIES = "AT&T &lt;b&gt;"

CLINIC_NAME = f"Art of Wellness {IMG}</title>"
PRACTITIONER = f"Qineng Tan {HTML_COMMENT}"
SUFFIX = f"L.Ac. {SVG}"
BOOKING_URL = 'https://booking.clinic.test/book?a=1&b=2#x"><img/src=x/onerror=alert(1)>'
CONDITION_NAME = f"Sciatica {SCRIPT}"
CONDITION_TITLE = f"Sciatica {TEMPLATE} {SCRIPT}"
SHORT_PHRASE = "<i>Sciatica</i> {{"  # short enough for the title, which falls back to it
FAQ_QUESTION = f"{SCRIPT} {TEMPLATE}?"
FAQ_ANSWER = f"{JINJA_BLOCK} {ENTITIES} ${{7*7}}"
AREA_NAME = f"Venice {IMG}"
DISCLAIMER_TAIL = f"{SCRIPT} {TEMPLATE}"
SOURCE_TITLE = f"Nerve pain {SVG}"
EVERY_PAYLOAD = [
    CLINIC_NAME,
    PRACTITIONER,
    SUFFIX,
    CONDITION_NAME,
    CONDITION_TITLE,
    FAQ_QUESTION,
    AREA_NAME,
    SOURCE_TITLE,
]
LIVE_MARKUP = ["<script>alert", "<img src=x onerror", "<img/src=x/onerror", "<svg/onload"]


def write_hostile_content(folder: Path) -> Path:
    """The default content with payloads in the clinic, a condition, an area and the disclaimer."""
    content = folder / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)

    def clinic(data: dict[str, Any]) -> None:
        data["name"] = data["short_name"] = CLINIC_NAME
        data["booking_url"] = BOOKING_URL
        data["description"]["en"] += f" {SCRIPT} {TEMPLATE}"
        data["practitioners"][0]["name"] = PRACTITIONER
        data["practitioners"][0]["honorific_suffix"] = SUFFIX

    def sciatica(data: dict[str, Any]) -> None:
        en = data["en"]
        en["name"] = CONDITION_NAME
        en["phrase"] = CONDITION_TITLE
        en["short_phrase"] = SHORT_PHRASE
        en["summary"] = f"{IMG} {en['summary']}"
        en["symptoms"][0] = f"{SVG} {en['symptoms'][0]}"
        en["faq"][0] = {"q": FAQ_QUESTION, "a": FAQ_ANSWER}

    def venice(data: dict[str, Any]) -> None:
        data["en"]["name"] = AREA_NAME

    def disclaimer(data: dict[str, Any]) -> None:
        data["en"] = f"{data['en'].strip()} {DISCLAIMER_TAIL}"

    def sources(data: dict[str, Any]) -> None:
        data["aow-nerve-pain"]["label"]["en"] = SOURCE_TITLE
        data["clinic-website"]["confirms"].append("booking_url")  # so the link is published

    edit_yaml(content / "clinic.yaml", clinic)
    edit_yaml(content / "conditions" / "sciatica.yaml", sciatica)
    edit_yaml(content / "neighborhoods" / "venice.yaml", venice)
    edit_yaml(content / "disclaimer.yaml", disclaimer)
    edit_yaml(content / "sources.yaml", sources)
    return content


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Website:
    content = write_hostile_content(tmp_path_factory.mktemp("hostile"))
    settings = Settings(base_url=BASE_URL, environment=Environment.production)
    return open_website(settings.with_overrides(content_dir=content))


@pytest.fixture(scope="module")
def pages(hostile: Website) -> list[ParsedPage]:
    """(label, locale, browser-parsed document, html) of every page that shows a payload.

    The English pages about the hostile condition and area, the hubs and the
    home page, and every locale's home and 404 (the clinic name is in all).
    """
    website = hostile
    found: list[tuple[str, str, str]] = []
    for page in website.registry.pages(locale="en"):
        if page.key.condition in (None, "sciatica") and page.key.neighborhood in (None, "venice"):
            found.append((page.path, "en", website.render(page)))
    for locale in website.site.locales:
        home = website.registry.page(PageKey(k.HOME), locale)
        found.append((home.path, locale.code, website.render(home)))
        found.append((f"404 {locale.code}", locale.code, website.render_not_found(locale)))
    return [
        (label, code, html5lib.parse(html, namespaceHTMLElements=False), html)
        for label, code, html in found
    ]


def text_of(doc: Any) -> str:
    return "".join(doc.find("body").itertext())


def strings_in(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings_in(value)


def test_the_hostile_content_loads(hostile: Website) -> None:
    assert hostile.site.clinic.name == CLINIC_NAME
    assert hostile.site.conditions["sciatica"].texts["en"].phrase == CONDITION_TITLE


def test_no_live_script_or_handler_reaches_a_page(pages: list[ParsedPage]) -> None:
    for path, _, doc, _ in pages:
        scripts = doc.findall(".//script")
        assert [s.get("type") for s in scripts] == ["application/ld+json"], path
        handlers = [(el.tag, name) for el in doc.iter() for name in el.attrib if name[:2] == "on"]
        assert not handlers, path
        assert not doc.findall(".//svg"), path
        assert [img.get("src") for img in doc.findall(".//img")] == [static_url("clinic.png")], path


def test_payloads_read_back_exactly_as_written(pages: list[ParsedPage]) -> None:
    """Escaped once: a reader sees the payload itself, neither run nor mangled."""
    for path, code, doc, html in pages:
        for marker in LIVE_MARKUP:
            assert marker not in html, (path, marker)
        text = text_of(doc)
        assert CLINIC_NAME in text, path
        assert f"{PRACTITIONER}, {SUFFIX}" in text, path
        if code == "en":
            assert DISCLAIMER_TAIL in text, path
            assert AREA_NAME in text, path
        assert doc.find(".//meta[@property='og:site_name']").get("content") == CLINIC_NAME
        assert doc.find(".//img").get("alt") == CLINIC_NAME
        bookings = doc.findall(".//a[@rel='nofollow']")
        assert bookings and {a.get("href") for a in bookings} == {BOOKING_URL}, path


def test_template_syntax_is_never_evaluated(pages: list[ParsedPage]) -> None:
    condition = {path: doc for path, _, doc, _ in pages}["/conditions/sciatica/"]
    assert condition.find(".//title").text == f"Acupuncture for {SHORT_PHRASE} in West Los Angeles"
    assert condition.find(".//h1").text == f"Acupuncture for {CONDITION_TITLE}"
    text = text_of(condition)
    for literal in (FAQ_QUESTION, JINJA_BLOCK, ENTITIES, "${7*7}", CONDITION_NAME, SOURCE_TITLE):
        assert literal in text, literal
    assert "yes " + ENTITIES not in text and "Sciatica 49" not in text


def test_the_json_ld_cannot_end_its_script_and_round_trips(
    pages: list[ParsedPage],
) -> None:
    for path, code, doc, html in pages:
        (script,) = doc.findall(".//script")
        raw = script.text
        # Nothing inside can close the element or open a comment: every "<" is \u003c.
        assert "<" not in raw, path
        assert html.count("</script") == 1, path
        strings = set(strings_in(json.loads(raw)))
        assert CLINIC_NAME in strings and PRACTITIONER in strings, path
        assert (AREA_NAME in strings) is (code == "en"), path
    by_path = {path: doc for path, _, doc, _ in pages}
    graph = json.loads(by_path["/conditions/sciatica/venice/"].find(".//script").text)
    strings = set(strings_in(graph))
    assert {CONDITION_NAME, SUFFIX} <= strings


def test_sitemaps_parse_and_carry_no_content_text(hostile: Website, tmp_path: Path) -> None:
    written = write_sitemaps(hostile.registry, tmp_path)
    names = [written.index.name, *(child.name for child in written.children)]
    for name in names:
        data = (tmp_path / name).read_bytes()
        tree = etree.fromstring(data)  # raises on malformed XML
        assert tree is not None
        for payload in (SCRIPT, IMG, SVG, TEMPLATE, "alert(1)"):
            assert payload.encode() not in data, (name, payload)


@pytest.mark.parametrize("path", ["/a&b", "/x'y\"z", "/<p>&amp;"])
def test_markup_in_the_base_url_is_escaped_in_html_json_ld_and_sitemaps(
    tmp_path: Path, path: str
) -> None:
    """The base URL is the one piece of configuration every URL starts with."""
    settings = Settings(environment=Environment.production).with_overrides(
        base_url=f"https://clinic.example{path}"
    )
    website = open_website(settings)
    page = next(website.registry.pages(locale="es"))  # the Spanish home page
    assert page.url.startswith(f"https://clinic.example{path}/")
    doc = html5lib.parse(website.render(page), namespaceHTMLElements=False)
    assert doc.find(".//link[@rel='canonical']").get("href") == page.url
    (script,) = doc.findall(".//script")
    assert page.url in set(strings_in(json.loads(script.text)))
    written = write_sitemaps(website.registry, tmp_path)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    child = etree.parse(tmp_path / "sitemap-hubs-es-1.xml")
    locs = child.xpath("//s:loc/text()", namespaces=ns)
    assert page.url in locs
    hrefs = child.xpath("//*[local-name()='link']/@href")
    assert page.url in hrefs
    index = etree.parse(tmp_path / written.index.name)
    assert index.xpath("//s:loc/text()", namespaces=ns)[0].startswith(settings.base_url + "/")


# -- what validation refuses ---------------------------------------------------------------


@pytest.mark.parametrize(
    "booking_url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        f"https://booking.example.com/ {IMG}",
        "//evil.example/",
    ],
)
def test_a_booking_link_that_is_not_a_web_address_is_refused(
    tmp_path: Path, booking_url: str
) -> None:
    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    edit_yaml(content / "clinic.yaml", lambda data: data.update(booking_url=booking_url))
    with pytest.raises(ContentError, match="booking_url"):
        load_site(content)


def test_a_clinic_image_outside_static_is_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    edit_yaml(content / "clinic.yaml", lambda data: data.update(image="../pyproject.toml"))
    with pytest.raises(ContentError, match="image"):
        load_site(content)
