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
        lambda d: d.update(reviewed_by="nobody", sources=["nowhere"]),
    )
    found = problems(content_dir)
    assert any("reviewed_by: unknown practitioner 'nobody'" in p for p in found)
    assert any("sources[0]: unknown source 'nowhere'" in p for p in found)


def test_coordinates_out_of_range(content_dir: Path) -> None:
    edit_yaml(content_dir / "neighborhoods" / "area-1.yaml", lambda d: d["geo"].update(lon=-200.0))
    assert any("area-1.yaml: geo.lon:" in p for p in problems(content_dir))


def test_overlong_title(content_dir: Path) -> None:
    edit_yaml(
        content_dir / "conditions" / "condition-0.yaml", lambda d: d["en"].update(title="A" * 61)
    )
    assert any(
        "condition-0.yaml: en.title: 61 characters wide, at most 60" in p
        for p in problems(content_dir)
    )


def test_chinese_title_width_counts_double(content_dir: Path) -> None:
    edit_yaml(
        content_dir / "conditions" / "condition-0.yaml",
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
    title = "Acupuncture for a shared title"
    for name in ("condition-0", "condition-1"):
        edit_yaml(
            content_dir / "conditions" / f"{name}.yaml", lambda d: d["en"].update(title=title)
        )
    found = [p for p in problems(content_dir) if "en.title: the same as in" in p]
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


def test_future_review_date(content_dir: Path) -> None:
    future = dt.date.today() + dt.timedelta(days=30)
    edit_yaml(
        content_dir / "conditions" / "condition-1.yaml", lambda d: d.update(reviewed_on=future)
    )
    assert any("reviewed_on: " in p and "is in the future" in p for p in problems(content_dir))


def test_placeholders_are_warnings_not_errors(content_dir: Path) -> None:
    edit_yaml(content_dir / "clinic.yaml", lambda d: d.update(unconfirmed=["hours"]))
    warnings = load_site(content_dir).warnings
    assert any(
        "telephone: +1-310-555-0142 is a fictional 555-01xx placeholder" in w for w in warnings
    )
    assert any("address.street:" in w and "placeholder" in w for w in warnings)
    assert any("booking_url:" in w and "placeholder" in w for w in warnings)
    assert any(w.endswith("hours: not yet confirmed with the clinic") for w in warnings)


def test_real_looking_facts_raise_no_placeholder_warning(content_dir: Path) -> None:
    edit_yaml(
        content_dir / "clinic.yaml",
        lambda d: (
            d.update(
                telephone="+1-310-555-2368", booking_url="https://clinic.test.invalid.org/book"
            ),
            d["address"].update(street="1234 Main Street"),
        ),
    )
    assert load_site(content_dir).warnings == []
