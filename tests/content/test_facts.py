"""Clinic facts: only what a source confirms is published; placeholders never reach production."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from service.content import load_site
from service.content.facts import FACTS_FRESH_DAYS, stale_facts_warning
from service.errors import ContentError
from service.render.website import open_website
from service.settings import Environment, Settings
from tests.utils import edit_yaml


def test_an_unconfirmed_fact_is_dropped_with_a_warning(content_dir: Path) -> None:
    edit_yaml(
        content_dir / "clinic.yaml",
        lambda d: d.update(languages=["en", "es"], accepting_new_patients=True),
    )
    edit_yaml(
        content_dir / "sources.yaml",
        lambda d: d["synthetic-source"].update(
            confirms=[f for f in d["synthetic-source"]["confirms"] if f != "languages"]
        ),
    )
    loaded = load_site(content_dir)
    assert loaded.site.clinic.languages == []
    assert loaded.site.clinic.accepting_new_patients is True  # confirmed, so kept
    assert any(
        w.endswith("clinic.yaml: languages: not confirmed by any source, so not published")
        for w in loaded.warnings
    )


def test_a_required_fact_without_a_source_is_an_error(content_dir: Path) -> None:
    edit_yaml(
        content_dir / "sources.yaml",
        lambda d: d["synthetic-source"].update(confirms=["name", "address", "hours"]),
    )
    with pytest.raises(ContentError) as caught:
        load_site(content_dir)
    assert any(
        "clinic.yaml: telephone: no source in sources.yaml confirms it" in p
        for p in caught.value.problems
    )


def test_placeholders_are_listed_with_file_and_field(content_dir: Path) -> None:
    edit_yaml(
        content_dir / "clinic.yaml",
        lambda d: (
            d.update(telephone="+1-310-555-0142", booking_url="https://booking.example.com/x"),
            d["address"].update(street="0000 Placeholder Avenue"),
        ),
    )
    found = load_site(content_dir).placeholders
    assert any(
        p.endswith("clinic.yaml: telephone: '555-0142' is a fictional 555-01xx telephone number")
        for p in found
    )
    assert any(
        "clinic.yaml: booking_url: 'example.com' is a reserved example domain" in p for p in found
    )
    assert any("clinic.yaml: address.street: 'Placeholder' is placeholder text" in p for p in found)


def test_production_refuses_a_site_with_placeholders(content_dir: Path) -> None:
    edit_yaml(content_dir / "clinic.yaml", lambda d: d.update(telephone="(310) 555-0142"))
    development = open_website(Settings(content_dir=content_dir))
    assert any("555-0142" in w for w in development.warnings)
    with pytest.raises(ContentError) as caught:
        open_website(Settings(content_dir=content_dir, environment=Environment.production))
    assert any("clinic.yaml: telephone: '555-0142'" in p for p in caught.value.problems)


def test_real_looking_facts_are_no_placeholders(content_dir: Path) -> None:
    edit_yaml(content_dir / "clinic.yaml", lambda d: d.update(telephone="+1-310-555-2368"))
    assert load_site(content_dir).placeholders == []


def test_facts_confirmed_over_a_year_ago_are_a_warning(content_dir: Path) -> None:
    loaded = load_site(content_dir)
    confirmed = loaded.site.sources["synthetic-source"].confirmed_on
    assert confirmed is not None
    sources = loaded.site.sources
    assert stale_facts_warning(sources, "sources.yaml", confirmed + dt.timedelta(days=30)) is None
    late = confirmed + dt.timedelta(days=FACTS_FRESH_DAYS + 1)
    warning = stale_facts_warning(sources, "sources.yaml", late)
    assert warning is not None and "confirm them with the clinic again" in warning


def test_the_default_site_warns_that_its_facts_need_confirming() -> None:
    loaded = load_site(Path(__file__).parents[2] / "content")
    assert any("the clinic's facts were last confirmed on 2024-01-01" in w for w in loaded.warnings)
    assert loaded.placeholders == []
