"""Load the content directory into a validated ``Site``, collecting every problem.

A user's mistake is reported as ``path: field: problem``, all of them at once,
then loading stops with ``ContentError``: never a traceback, never a partial site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from service.content.models import (
    Clinic,
    Condition,
    Neighborhood,
    Site,
    SiteConfig,
    Source,
)
from service.content.rules import check_site
from service.errors import ContentError

# libyaml's safe loader when PyYAML was built with it: several times faster on big sites.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

M = TypeVar("M", bound=BaseModel)
Slugged = TypeVar("Slugged", Condition, Neighborhood)


@dataclass
class LoadedSite:
    site: Site
    warnings: list[str] = field(default_factory=list)


class _Problems:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, path: Path | str, where: str, message: str) -> None:
        self.errors.append(f"{path}: {where}: {message}" if where else f"{path}: {message}")


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def format_location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "missing"
    if kind == "extra_forbidden":
        return "unknown field"
    return str(error["msg"])


def _read_yaml(path: Path, problems: _Problems) -> Any:
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(shown, "", "file is missing")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(shown, "", f"cannot be read ({exc})")
        return None
    try:
        return yaml.load(text, Loader=_YAML_LOADER)  # a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc)
        problems.add(shown, where, f"invalid YAML: {reason}")
        return None


def _validate(model: type[M], data: Any, path: Path, problems: _Problems) -> M | None:
    if not isinstance(data, dict):
        problems.add(display_path(path), "", "must be a mapping of fields")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(part for part in error["loc"] if part != "texts")
            problems.add(display_path(path), format_location(loc), _message(dict(error)))
        return None


def missing_translations(model: BaseModel, locales: list[str], prefix: str = "") -> Iterator[str]:
    """Yield ``where: problem`` for each localized field lacking a site locale."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        here = prefix if name == "texts" else f"{prefix}{name}"
        if extra.get("localized") and isinstance(value, dict):
            joiner = "" if name == "texts" else "."
            for code in locales:
                if code not in value:
                    yield f"{here}{joiner}{code}: missing translation"
            for code in value:
                if code not in locales:
                    yield f"{here}{joiner}{code}: not a locale of this site"
        elif isinstance(value, BaseModel):
            yield from missing_translations(value, locales, f"{here}.")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from missing_translations(item, locales, f"{here}[{i}].")


def _split_locales(data: Any, locales: list[str]) -> Any:
    """Move the top-level locale blocks of a condition or neighborhood file under ``texts``."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    data["texts"] = {code: data.pop(code) for code in locales if code in data}
    return data


def _load_one(
    model: type[M], path: Path, problems: _Problems, locales: list[str], *, split: bool = False
) -> M | None:
    data = _read_yaml(path, problems)
    if data is None and not path.exists():
        return None
    if split:
        data = _split_locales(data, locales)
    loaded = _validate(model, data, path, problems)
    if loaded is not None:
        for issue in missing_translations(loaded, locales):
            where, _, message = issue.rpartition(": ")
            problems.add(display_path(path), where, message)
    return loaded


def _load_collection(
    model: type[Slugged], folder: Path, problems: _Problems, locales: list[str]
) -> dict[str, Slugged]:
    items: dict[str, Slugged] = {}
    if not folder.is_dir():
        problems.add(display_path(folder), "", "folder is missing")
        return items
    files = sorted(folder.glob("*.yaml"))
    if not files:
        problems.add(display_path(folder), "", "holds no .yaml file")
    for path in files:
        item = _load_one(model, path, problems, locales, split=True)
        if item is None:
            continue
        slug = item.slug
        if slug != path.stem:
            problems.add(
                display_path(path), "slug", f"{slug!r} must equal the file name {path.stem!r}"
            )
        elif slug in items:
            problems.add(display_path(path), "slug", f"duplicate slug {slug!r}")
        else:
            items[slug] = item
    return items


def _load_mapping(
    model: type[M], path: Path, problems: _Problems, locales: list[str]
) -> dict[str, M]:
    data = _read_yaml(path, problems)
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.add(display_path(path), "", "must be a mapping of ids to entries")
        return {}
    out: dict[str, M] = {}
    for key, value in data.items():
        sub = _Problems()
        entry = _validate(model, value, path, sub)
        problems.errors += [e.replace(": ", f": {key}.", 1) for e in sub.errors]
        if entry is not None:
            for issue in missing_translations(entry, locales, f"{key}."):
                where, _, message = issue.rpartition(": ")
                problems.add(display_path(path), where, message)
            out[str(key)] = entry
    return out


def load_site(content_dir: Path, *, today: dt.date | None = None) -> LoadedSite:
    """Load and validate ``content_dir``; raise ``ContentError`` listing every problem."""
    if not content_dir.is_dir():
        raise ContentError([f"{display_path(content_dir)}: content folder not found"])
    problems = _Problems()
    config = _validate(
        SiteConfig,
        _read_yaml(content_dir / "site.yaml", problems),
        content_dir / "site.yaml",
        problems,
    )
    if config is None:
        raise ContentError(problems.errors)
    locales = [loc.code for loc in config.locales]

    clinic = _load_one(Clinic, content_dir / "clinic.yaml", problems, locales)
    disclaimer = _read_yaml(content_dir / "disclaimer.yaml", problems) or {}
    disclaimer_path = display_path(content_dir / "disclaimer.yaml")
    for code in locales:
        if not isinstance(disclaimer, dict) or not str(disclaimer.get(code) or "").strip():
            problems.add(disclaimer_path, code, "missing translation")
    sources = _load_mapping(Source, content_dir / "sources.yaml", problems, locales)
    conditions = _load_collection(Condition, content_dir / "conditions", problems, locales)
    neighborhoods = _load_collection(Neighborhood, content_dir / "neighborhoods", problems, locales)

    if problems.errors or clinic is None:
        raise ContentError(problems.errors)
    site = Site(
        config=config,
        clinic=clinic,
        disclaimer={code: " ".join(str(disclaimer[code]).split()) for code in locales},
        sources=sources,
        conditions=conditions,
        neighborhoods=neighborhoods,
    )
    report = check_site(site, content_dir, today=today or dt.date.today())
    if report.errors:
        raise ContentError(report.errors)
    return LoadedSite(site=site, warnings=report.warnings)
