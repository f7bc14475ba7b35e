"""Loading content: every problem reported at once, with its file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.content import load_site
from service.errors import ContentError
from tests.utils import edit_yaml


def problems(content_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_site(content_dir)
    return caught.value.problems


def test_valid_content_loads(content_dir: Path) -> None:
    site = load_site(content_dir).site
    assert list(site.conditions) == ["condition-0", "condition-1", "condition-2"]
    assert [loc.code for loc in site.locales] == ["en", "es", "zh-Hans"]


def test_missing_field_names_file_locale_and_index(content_dir: Path) -> None:
    path = content_dir / "conditions" / "condition-1.yaml"
    edit_yaml(path, lambda d: d["es"]["faq"][2].pop("a"))
    assert any(p.endswith("condition-1.yaml: es.faq[2].a: missing") for p in problems(content_dir))


def test_missing_translation_is_an_error_not_a_fallback(content_dir: Path) -> None:
    edit_yaml(content_dir / "neighborhoods" / "area-0.yaml", lambda d: d.pop("zh-Hans"))
    assert any(
        p.endswith("area-0.yaml: zh-Hans: missing translation") for p in problems(content_dir)
    )


def test_missing_clinic_translation(content_dir: Path) -> None:
    edit_yaml(content_dir / "clinic.yaml", lambda d: d["first_visit"].pop("es"))
    assert any(
        p.endswith("clinic.yaml: first_visit.es: missing translation")
        for p in problems(content_dir)
    )


def test_all_problems_are_reported_together(content_dir: Path) -> None:
    edit_yaml(content_dir / "conditions" / "condition-0.yaml", lambda d: d["en"].pop("summary"))
    edit_yaml(content_dir / "neighborhoods" / "area-2.yaml", lambda d: d["geo"].update(lat=123.0))
    edit_yaml(content_dir / "clinic.yaml", lambda d: d.update(telephone=""))
    found = problems(content_dir)
    assert any("condition-0.yaml: en.summary: missing" in p for p in found)
    assert any("area-2.yaml: geo.lat:" in p for p in found)
    assert any("clinic.yaml: telephone:" in p for p in found)


def test_unknown_field_is_reported(content_dir: Path) -> None:
    edit_yaml(content_dir / "conditions" / "condition-0.yaml", lambda d: d.update(colour="red"))
    assert any(p.endswith("condition-0.yaml: colour: unknown field") for p in problems(content_dir))


def test_invalid_yaml_gives_the_line(content_dir: Path) -> None:
    (content_dir / "conditions" / "condition-2.yaml").write_text("slug: [unclosed\n", "utf-8")
    assert any("condition-2.yaml: line 2: invalid YAML" in p for p in problems(content_dir))


def test_slug_must_match_file_name(content_dir: Path) -> None:
    edit_yaml(content_dir / "conditions" / "condition-2.yaml", lambda d: d.update(slug="other"))
    assert any(
        "condition-2.yaml: slug: 'other' must equal the file name" in p
        for p in problems(content_dir)
    )


def test_a_copied_file_cannot_take_another_files_slug(content_dir: Path) -> None:
    """Slugs equal file names, and file names are unique: so no two pages share a URL."""
    source = content_dir / "conditions" / "condition-2.yaml"
    copy = content_dir / "conditions" / "condition-2-copy.yaml"
    copy.write_text(source.read_text("utf-8"), "utf-8")
    found = problems(content_dir)
    assert found == [
        next(p for p in found if "condition-2-copy.yaml: slug: 'condition-2' must equal" in p)
    ]


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_site(tmp_path / "nowhere")
    assert caught.value.problems == [f"{tmp_path / 'nowhere'}: content folder not found"]
