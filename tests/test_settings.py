from __future__ import annotations

from pathlib import Path

import pytest

from service.errors import SettingsError
from service.settings import (
    DEFAULT_BASE_URL,
    Environment,
    load_server_settings,
    load_settings,
    validate_base_url,
)


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


def test_access_log_and_metrics_port_from_the_environment() -> None:
    assert load_settings({}).access_log is True
    assert load_settings({}).metrics_port is None
    settings = load_settings({"NEARME_ACCESS_LOG": "off", "NEARME_METRICS_PORT": "9100"})
    assert settings.access_log is False and settings.metrics_port == 9100
    assert load_settings({"NEARME_ACCESS_LOG": "TRUE"}).access_log is True


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"NEARME_ACCESS_LOG": "maybe"}, "NEARME_ACCESS_LOG 'maybe': must be one of"),
        ({"NEARME_METRICS_PORT": "http"}, "NEARME_METRICS_PORT 'http': must be a whole number"),
        ({"NEARME_METRICS_PORT": "70000"}, "NEARME_METRICS_PORT '70000': must be a whole number"),
    ],
)
def test_bad_values_name_the_variable(variables: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(variables)


def test_hosting_platforms_port_and_web_concurrency() -> None:
    """PORT and WEB_CONCURRENCY as Heroku, Render, Cloud Run and Fly.io set them."""
    default = load_server_settings({})
    assert (default.host, default.port, default.workers) == ("127.0.0.1", 8000, 1)
    platform = load_server_settings({"PORT": "8123", "WEB_CONCURRENCY": "2"})
    # Told a port by the platform, the server listens where the platform's router reaches it.
    assert (platform.host, platform.port, platform.workers) == ("0.0.0.0", 8123, 2)
    assert platform.metrics_host == "127.0.0.1"  # metrics stay private unless asked


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"PORT": "eighty"}, "PORT 'eighty': must be a whole number from 0 to 65535"),
        ({"WEB_CONCURRENCY": "0"}, "WEB_CONCURRENCY '0': must be a whole number from 1"),
        ({"WEB_CONCURRENCY": "-2"}, "WEB_CONCURRENCY '-2'"),
    ],
)
def test_bad_platform_variables_name_the_variable(variables: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_server_settings(variables)


def test_worker_settings_round_trip_through_environment() -> None:
    settings = load_settings({"NEARME_ACCESS_LOG": "0", "NEARME_METRICS_PORT": "9100"})
    assert load_settings(settings.as_environment()) == settings
