"""Settings, read once from the environment and overridden by command-line options.

No other module reads ``os.environ``: everything else receives a ``Settings``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from service.errors import SettingsError
from service.paths import DEFAULT_CONTENT_DIR

DEFAULT_CONTENT = DEFAULT_CONTENT_DIR
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
DEFAULT_HOST = "127.0.0.1"
# Where hosting platforms expect a server when they set PORT (gunicorn does the same).
PLATFORM_HOST = "0.0.0.0"
DEFAULT_PORT = 8000
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class Environment(StrEnum):
    production = "production"
    staging = "staging"
    development = "development"


@dataclass(frozen=True, kw_only=True)
class Settings:
    base_url: str = DEFAULT_BASE_URL
    content_dir: Path = DEFAULT_CONTENT
    environment: Environment = Environment.development
    reload: bool = False  # rebuild the site when its files change (nearme serve --reload)
    access_log: bool = True  # one JSON line per request on stdout
    metrics_port: int | None = None  # Prometheus metrics on this port; None: not collected

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.production

    def with_overrides(self, **overrides: object) -> Settings:
        """A copy with the given options replaced; ``None`` means "not given"."""
        given = {key: value for key, value in overrides.items() if value is not None}
        if "base_url" in given:
            given["base_url"] = validate_base_url(str(given["base_url"]))
        if "content_dir" in given:
            given["content_dir"] = Path(str(given["content_dir"]))
        return replace(self, **given)  # type: ignore[arg-type]

    def as_environment(self) -> dict[str, str]:
        """The environment variables that reproduce these settings in a child process."""
        return {
            "NEARME_BASE_URL": self.base_url,
            "NEARME_CONTENT": str(self.content_dir),
            "NEARME_ENV": self.environment.value,
            "NEARME_RELOAD": "1" if self.reload else "",
            "NEARME_ACCESS_LOG": "1" if self.access_log else "0",
            "NEARME_METRICS_PORT": "" if self.metrics_port is None else str(self.metrics_port),
        }


@dataclass(frozen=True, kw_only=True)
class ServerSettings:
    """Where and how `nearme serve` listens: read by the serving process only.

    Hosting platforms say it with ``PORT`` (Heroku, Render, Cloud Run, Fly.io)
    and ``WEB_CONCURRENCY`` (Heroku, Render); a server told a port by the
    platform listens on every interface, as the platform's router expects.
    """

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    workers: int = 1
    metrics_host: str = DEFAULT_HOST


def validate_base_url(value: str) -> str:
    """Return the base URL without a trailing slash, or raise ``SettingsError``.

    Canonical URLs are built from it, so it must be absolute http(s) with no
    query, fragment or credentials.
    """
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(
            f"base URL {value!r}: must be an absolute http:// or https:// URL, "
            "like https://clinic.example"
        )
    if parts.query or parts.fragment:
        raise SettingsError(f"base URL {value!r}: must not have a query or a fragment")
    if parts.username or parts.password:
        raise SettingsError(f"base URL {value!r}: must not carry credentials")
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def usable_cores() -> int:
    """The CPU cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in _TRUE | _FALSE:
        return raw in _TRUE
    raise SettingsError(f"{name} {raw!r}: must be one of 1, true, yes, on, 0, false, no, off")


def _number(env: Mapping[str, str], name: str, *, minimum: int, maximum: int) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not minimum <= int(raw) <= maximum:
        raise SettingsError(f"{name} {raw!r}: must be a whole number from {minimum} to {maximum}")
    return int(raw)


def load_server_settings(environ: Mapping[str, str] | None = None) -> ServerSettings:
    """Read ``PORT``, ``WEB_CONCURRENCY`` and ``NEARME_METRICS_HOST``."""
    env = os.environ if environ is None else environ
    port = _number(env, "PORT", minimum=0, maximum=65535)
    workers = _number(env, "WEB_CONCURRENCY", minimum=1, maximum=1024)
    return ServerSettings(
        host=DEFAULT_HOST if port is None else PLATFORM_HOST,
        port=DEFAULT_PORT if port is None else port,
        workers=workers or 1,
        metrics_host=env.get("NEARME_METRICS_HOST", "").strip() or DEFAULT_HOST,
    )


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read ``NEARME_BASE_URL``, ``NEARME_CONTENT``, ``NEARME_ENV``, ``NEARME_RELOAD``,
    ``NEARME_ACCESS_LOG`` and ``NEARME_METRICS_PORT``."""
    env = os.environ if environ is None else environ
    raw_env = env.get("NEARME_ENV", Environment.development.value).strip().lower()
    try:
        environment = Environment(raw_env)
    except ValueError:
        choices = ", ".join(e.value for e in Environment)
        raise SettingsError(f"NEARME_ENV {raw_env!r}: must be one of {choices}") from None
    return Settings(
        base_url=validate_base_url(env.get("NEARME_BASE_URL", DEFAULT_BASE_URL)),
        content_dir=Path(env.get("NEARME_CONTENT", str(DEFAULT_CONTENT))),
        environment=environment,
        reload=env.get("NEARME_RELOAD", "") not in ("", "0"),
        access_log=_flag(env, "NEARME_ACCESS_LOG", True),
        metrics_port=_number(env, "NEARME_METRICS_PORT", minimum=1, maximum=65535),
    )
