"""Every UI string is translated in every catalog, and the catalogs are compiled."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from service.paths import PROJECT_ROOT
from service.render.i18n import SOURCE_LANGUAGE, catalog_path
from service.render.website import Website

PLACEHOLDER = r"%\((\w+)\)s"


def source_messages() -> set[str]:
    """Every msgid the code and templates use, extracted the way `make extract-messages` does."""
    method_map = [("service/**.py", "python"), ("templates/**.html", "jinja2")]
    found: set[str] = set()
    for _, _, message, _, _ in extract_from_dir(
        str(PROJECT_ROOT),
        method_map=method_map,
        keywords={"_": None, "gettext": None},
        directory_filter=lambda path: not Path(path).name.startswith((".", "__")),
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.fixture(scope="module")
def messages() -> set[str]:
    found = source_messages()
    assert len(found) > 50
    return found


def translated_locales(website: Website) -> list:
    return [loc for loc in website.site.locales if loc.code != SOURCE_LANGUAGE]


def test_every_message_is_translated_in_every_catalog(website: Website, messages: set[str]) -> None:
    import re

    for locale in translated_locales(website):
        with catalog_path(locale, ".po").open("rb") as handle:
            catalog = read_po(handle)
        translations = {m.id: m.string for m in catalog if m.id}
        missing = sorted(m for m in messages if not translations.get(m))
        assert not missing, f"{locale.code}: untranslated {missing}"
        fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
        assert not fuzzy, f"{locale.code}: fuzzy {fuzzy}"
        for msgid, msgstr in translations.items():
            assert sorted(re.findall(PLACEHOLDER, msgid)) == sorted(
                re.findall(PLACEHOLDER, msgstr)
            ), f"{locale.code}: placeholders of {msgid!r}"


def test_catalogs_are_compiled_and_current(website: Website) -> None:
    for locale in translated_locales(website):
        mo, po = catalog_path(locale), catalog_path(locale, ".po")
        assert mo.is_file(), f"{mo} missing: run make install"
        assert mo.stat().st_mtime >= po.stat().st_mtime, f"{mo} is older than {po}"


@pytest.mark.slow
def test_translated_pages_show_no_english_interface(client, website: Website) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/es/conditions/sciatica/").text
    for english in (
        "Symptoms",
        "Frequently asked questions",
        "Book an appointment",
        "Medical disclaimer",
    ):
        assert f">{english}<" not in html


def test_a_catalog_without_its_compiled_file_is_compiled_on_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, website: Website
) -> None:
    """A wheel built without `make catalogs` still speaks Spanish."""
    import service.render.i18n as i18n

    shutil.copytree(i18n.LOCALES_DIR, tmp_path / "locales", ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path / "locales")
    spanish = next(loc for loc in website.site.locales if loc.code == "es")
    assert not i18n.catalog_path(spanish).exists()
    assert i18n.load_translations(spanish).gettext("Symptoms") == "Síntomas"
