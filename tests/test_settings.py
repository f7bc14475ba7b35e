from __future__ import annotations

from pathlib import Path

import pytest

from service.errors import SettingsError
from service.settings import DEFAULT_BASE_URL, Environment, load_settings, validate_base_url


def test_defaults() -> None:
    settings = load_settings({})
    assert settings.base_url == DEFAULT_BASE_URL
    assert settings.environment is Environment.development
    assert not settings.is_production


def test_environment_variables() -> None:
    settings = load_settings(
        {
            "NEARME_BASE_URL": "https://Clinic.Example/",
            "NEARME_CONTENT": "/srv/content",
            "NEARME_ENV": "Production",
        }
    )
    assert settings.base_url == "https://clinic.example"
    assert settings.content_dir == Path("/srv/content")
    assert settings.is_production


def test_unknown_environment_names_the_variable() -> None:
    with pytest.raises(SettingsError, match="NEARME_ENV 'prod': must be one of"):
        load_settings({"NEARME_ENV": "prod"})


@pytest.mark.parametrize(
    "bad",
    [
        "/relative",
        "ftp://x.example",
        "https://x.example/?a=1",
        "https://x.example/#top",
        "https://user:pw@x.example",
        "x",
    ],
)
def test_invalid_base_urls(bad: str) -> None:
    with pytest.raises(SettingsError):
        validate_base_url(bad)


def test_base_url_keeps_a_path_without_trailing_slash() -> None:
    assert validate_base_url("https://x.example/clinic/") == "https://x.example/clinic"


def test_overrides_win_and_none_means_not_given() -> None:
    settings = load_settings({}).with_overrides(base_url="https://a.example", content_dir=None)
    assert settings.base_url == "https://a.example"
    assert settings.content_dir == load_settings({}).content_dir


def test_round_trip_through_environment() -> None:
    settings = load_settings({"NEARME_ENV": "staging", "NEARME_BASE_URL": "https://s.example"})
    assert load_settings(settings.as_environment()) == settings
