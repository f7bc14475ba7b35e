"""Rules across files: references, lengths, careful language, placeholders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from service.content import load_site
from service.errors import ContentError
from tests.utils import edit_yaml


def problems(content_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_site(content_dir)
    return caught.value.problems


def test_unknown_related_condition(content_dir: Path) -> None:
    edit_yaml(
        content_dir / "conditions" / "condition-0.yaml",
        lambda d: d.update(related=["condition-1", "no-such-thing"]),
    )
    assert any(
        p.endswith("condition-0.yaml: related[1]: unknown condition 'no-such-thing'")
        for p in problems(content_dir)
    )


def test_unknown_nearby_neighborhood(content_dir: Path) -> None:
    edit_yaml(
        content_dir / "neighborhoods" / "area-0.yaml", lambda d: d.update(nearby=["atlantis"])
    )
    assert any(
        "area-0.yaml: nearby[0]: unknown neighborhood 'atlantis'" in p
        for p in problems(content_dir)
    )


def test_unknown_reviewer_and_source(content_dir: Path) -> None:
    edit_yaml(
        content_dir / "conditions" / "condition-0.yaml",
        lambda d: d.update(review={"by": "nobody", "on": "2026-01-01"}, sources=["nowhere"]),
    )
    found = problems(content_dir)
    assert any("review.by: unknown practitioner 'nobody'" in p for p in found)
    assert any("sources[0]: unknown source 'nowhere'" in p for p in found)


def test_coordinates_out_of_range(content_dir: Path) -> None:
    edit_yaml(content_dir / "neighborhoods" / "area-1.yaml", lambda d: d["geo"].update(lon=-200.0))
    assert any("area-1.yaml: geo.lon:" in p for p in problems(content_dir))


def test_overlong_title(content_dir: Path) -> None:
    edit_yaml(
        content_dir / "neighborhoods" / "area-0.yaml", lambda d: d["en"].update(title="A" * 61)
    )
    assert any(
        "area-0.yaml: en.title: 61 characters wide, at most 60" in p for p in problems(content_dir)
    )


def test_chinese_title_width_counts_double(content_dir: Path) -> None:
    edit_yaml(
        content_dir / "neighborhoods" / "area-0.yaml",
        lambda d: d["zh-Hans"].update(title="针" * 31),
    )
    assert any("zh-Hans.title: 62 characters wide" in p for p in problems(content_dir))


def test_description_outside_range(content_dir: Path) -> None:
    edit_yaml(
        content_dir / "conditions" / "condition-0.yaml",
        lambda d: d["es"].update(description="Demasiado corta."),
    )
    assert any(
        "condition-0.yaml: es.description: 16 characters wide, should be 120-156" in p
        for p in problems(content_dir)
    )


def test_duplicate_titles_are_errors_on_both_files(content_dir: Path) -> None:
    title = "Acupuncture near a shared title"
    for name in ("area-0", "area-1"):
        edit_yaml(
            content_dir / "neighborhoods" / f"{name}.yaml", lambda d: d["en"].update(title=title)
        )
    found = [p for p in problems(content_dir) if "en.title: the same as in" in p]
    assert len(found) == 2


def test_two_conditions_cannot_share_a_phrase(content_dir: Path) -> None:
    """Condition titles and h1s are built from the phrase, so it must differ."""
    for name in ("condition-0", "condition-1"):
        edit_yaml(
            content_dir / "conditions" / f"{name}.yaml",
            lambda d: d["es"].update(phrase="la ciática"),
        )
    found = [p for p in problems(content_dir) if "es.phrase: the same as in" in p]
    assert len(found) == 2


def test_thin_condition_text(content_dir: Path) -> None:
    def thin(d: dict) -> None:
        for key in ("conventional_care", "tcm_view", "acupuncture", "research"):
            d["en"][key] = "Short text."

    edit_yaml(content_dir / "conditions" / "condition-2.yaml", thin)
    assert any(
        "condition-2.yaml: en:" in p and "at least 600 needed" in p for p in problems(content_dir)
    )


@pytest.mark.parametrize(
    "claim",
    [
        "This cures sciatica.",
        "Results are guaranteed.",
        "针灸可以根治坐骨神经痛。",
        "Esta terapia puede curar.",
    ],
)
def test_cure_claims_are_rejected(content_dir: Path, claim: str) -> None:
    edit_yaml(
        content_dir / "conditions" / "condition-1.yaml",
        lambda d: d["en"].update(research=d["en"]["research"] + " " + claim),
    )
    assert any("promises a result" in p for p in problems(content_dir))


def test_future_dates_are_errors(content_dir: Path) -> None:
    future = dt.date.today() + dt.timedelta(days=30)
    edit_yaml(
        content_dir / "conditions" / "condition-1.yaml",
        lambda d: d.update(updated_on=future, review={"by": "practitioner-one", "on": future}),
    )
    found = problems(content_dir)
    assert any("condition-1.yaml: updated_on: " in p and "is in the future" in p for p in found)
    assert any("condition-1.yaml: review.on: " in p and "is in the future" in p for p in found)


def test_unknown_treatment_and_caution(content_dir: Path) -> None:
    edit_yaml(
        content_dir / "conditions" / "condition-0.yaml",
        lambda d: d.update(possible_treatments=["reiki"], cautions=["sharks"]),
    )
    found = problems(content_dir)
    assert any("possible_treatments[0]: unknown modality 'reiki'" in p for p in found)
    assert any("cautions[0]: unknown caution 'sharks'" in p for p in found)


def test_a_claimed_treatment_must_be_in_the_text_of_every_language(content_dir: Path) -> None:
    def forget_in_spanish(d: dict) -> None:
        d["es"]["acupuncture"] = d["es"]["acupuncture"].replace("Acupuncture. ", "")

    edit_yaml(content_dir / "conditions" / "condition-0.yaml", forget_in_spanish)
    assert any(
        "condition-0.yaml: es: possible_treatments lists 'acupuncture', but the text never "
        "mentions it" in p
        for p in problems(content_dir)
    )


def test_heat_spoken_of_needs_the_burn_caution(content_dir: Path) -> None:
    def moxibustion(d: dict) -> None:
        d["modalities"].append(
            {
                "id": "moxibustion",
                "name": {c: "Moxibustion" for c in ("en", "es", "zh-Hans")},
                "description": {c: "Warmth near the skin." for c in ("en", "es", "zh-Hans")},
                "heat": True,
            }
        )

    edit_yaml(content_dir / "clinic.yaml", moxibustion)
    found = problems(content_dir)
    assert any(
        "modalities[1].caution: it warms the skin, so it needs a caution" in p for p in found
    )


def test_practitioners_are_never_called_physicians(content_dir: Path) -> None:
    edit_yaml(
        content_dir / "clinic.yaml",
        lambda d: d["practitioners"][0]["job_title"].update({"zh-Hans": "中医医师"}),
    )
    assert any(
        "practitioners[0].job_title.zh-Hans: '中医医师' reads as a physician" in p
        for p in problems(content_dir)
    )
