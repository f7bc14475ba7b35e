"""Wording rules: one term per concept, native punctuation, no "drug-free" beside herbs."""

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


def test_the_glossary_rejects_a_second_term_for_a_concept(content_dir: Path) -> None:
    (content_dir / "glossary").mkdir()
    (content_dir / "glossary" / "zh-Hans.yaml").write_text(
        "terms:\n  - use: 假针刺\n    avoid: [假针灸]\n", "utf-8"
    )
    edit_yaml(
        content_dir / "conditions" / "condition-0.yaml",
        lambda d: d["zh-Hans"].update(research=d["zh-Hans"]["research"] + "与假针灸相比。"),
    )
    assert any(
        "condition-0.yaml: zh-Hans.research: '假针灸' is not this site's term; the glossary "
        "says '假针刺'" in p
        for p in problems(content_dir)
    )


def test_a_glossary_for_a_language_the_site_does_not_have(content_dir: Path) -> None:
    (content_dir / "glossary").mkdir()
    (content_dir / "glossary" / "fr.yaml").write_text("terms: []\n", "utf-8")
    assert any(
        "glossary/fr.yaml: 'fr' is not a locale of this site" in p for p in problems(content_dir)
    )


@pytest.mark.parametrize("text", ["针灸,可能有帮助", "针灸(辅助)", "可能有帮助.", "有帮助?"])
def test_chinese_text_takes_full_width_punctuation(content_dir: Path, text: str) -> None:
    edit_yaml(
        content_dir / "conditions" / "condition-1.yaml",
        lambda d: d["zh-Hans"].update(summary=d["zh-Hans"]["summary"] + text),
    )
    assert any("condition-1.yaml: zh-Hans.summary: half-width" in p for p in problems(content_dir))


def test_latin_text_inside_chinese_keeps_its_own_punctuation(content_dir: Path) -> None:
    edit_yaml(
        content_dir / "conditions" / "condition-1.yaml",
        lambda d: d["zh-Hans"].update(summary=d["zh-Hans"]["summary"] + "（L.Ac., Ph.D.）1,021人"),
    )
    load_site(content_dir)


@pytest.mark.parametrize("phrase", ["a drug-free option", "una opción sin medicamentos"])
def test_drug_free_cannot_stand_beside_herbal_prescriptions(content_dir: Path, phrase: str) -> None:
    def herbs(d: dict) -> None:
        d["modalities"].append(
            {
                "id": "chinese-herbal-medicine",
                "name": {c: "Herbs" for c in ("en", "es", "zh-Hans")},
                "description": {c: "Formulas." for c in ("en", "es", "zh-Hans")},
            }
        )

    edit_yaml(content_dir / "clinic.yaml", herbs)
    edit_yaml(
        content_dir / "conditions" / "condition-2.yaml",
        lambda d: d["en"].update(summary=f"{d['en']['summary']} It is {phrase}."),
    )
    assert any("stands beside herbal prescriptions" in p for p in problems(content_dir))
