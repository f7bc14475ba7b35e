"""Load the content directory into a validated ``Site``, collecting every problem.

A user's mistake is reported as ``path: field: problem``, all of them at once,
then loading stops with ``ContentError``: never a traceback, never a partial site.

Clinic facts that no source in sources.yaml confirms are dropped here, with a
warning, so no later stage can publish them by accident.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from service.content.facts import placeholders, published_clinic
from service.content.files import RawFile, display_path, format_location
from service.content.models import (
    Clinic,
    Combination,
    Condition,
    Evidence,
    Glossary,
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
    # Placeholder facts: warnings here, and the reason production refuses to start.
    placeholders: list[str] = field(default_factory=list)


class _Reader:
    """Reads and validates files, keeping every problem and every file's raw data."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.files: list[RawFile] = []
        self.locales: list[str] = []

    def add(self, path: Path | str, where: str, message: str) -> None:
        shown = display_path(path) if isinstance(path, Path) else path
        self.errors.append(f"{shown}: {where}: {message}" if where else f"{shown}: {message}")

    def read_yaml(self, path: Path) -> Any:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.add(path, "", "file is missing")
            return None
        except (OSError, UnicodeDecodeError) as exc:
            self.add(path, "", f"cannot be read ({exc})")
            return None
        try:
            data = yaml.load(text, Loader=_YAML_LOADER)  # a safe loader
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark is not None else ""
            reason = getattr(exc, "problem", None) or str(exc)
            self.add(path, where, f"invalid YAML: {reason}")
            return None
        self.files.append(RawFile(display_path(path), data))
        return data

    def validate(self, model: type[M], data: Any, path: Path, prefix: str = "") -> M | None:
        if not isinstance(data, dict):
            self.add(path, prefix.rstrip("."), "must be a mapping of fields")
            return None
        try:
            loaded = model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                loc = tuple(part for part in error["loc"] if part != "texts")
                self.add(path, prefix + format_location(loc), _message(dict(error)))
            return None
        for issue in missing_translations(loaded, self.locales, prefix):
            where, _, message = issue.rpartition(": ")
            self.add(path, where, message)
        return loaded

    def load(self, model: type[M], path: Path, *, split: bool = False) -> M | None:
        data = self.read_yaml(path)
        if data is None:
            if path.exists():
                self.add(path, "", "is empty")
            return None
        if split:
            data = _split_locales(data, self.locales)
        return self.validate(model, data, path)

    def collection(self, model: type[Slugged], folder: Path) -> dict[str, Slugged]:
        items: dict[str, Slugged] = {}
        if not folder.is_dir():
            self.add(folder, "", "folder is missing")
            return items
        files = sorted(folder.glob("*.yaml"))
        if not files:
            self.add(folder, "", "holds no .yaml file")
        for path in files:
            item = self.load(model, path, split=True)
            if item is None:
                continue
            if item.slug != path.stem:
                self.add(path, "slug", f"{item.slug!r} must equal the file name {path.stem!r}")
            else:  # file names are unique in a folder, so slugs are too
                items[item.slug] = item
        return items

    def mapping(self, model: type[M], path: Path) -> dict[str, M]:
        data = self.read_yaml(path)
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.add(path, "", "must be a mapping of ids to entries")
            return {}
        out: dict[str, M] = {}
        for key, value in data.items():
            entry = self.validate(model, value, path, prefix=f"{key}.")
            if entry is not None:
                out[str(key)] = entry
        return out

    def combinations(
        self, folder: Path, conditions: dict[str, Condition], hoods: dict[str, Neighborhood]
    ) -> dict[tuple[str, str], Combination]:
        """``combinations/<condition>/<neighborhood>.yaml``; the folder is optional."""
        found: dict[tuple[str, str], Combination] = {}
        if not folder.is_dir():
            return found
        for path in sorted(folder.glob("*/*.yaml")):
            condition, neighborhood = path.parent.name, path.stem
            if condition not in conditions:
                self.add(path, "", f"no condition {condition!r} (the folder names the condition)")
                continue
            if neighborhood not in hoods:
                self.add(path, "", f"no neighborhood {neighborhood!r} (the file names it)")
                continue
            data = self.read_yaml(path)
            if not isinstance(data, dict):
                self.add(path, "", "must be a mapping of fields")
                continue
            data = _split_locales(
                {"condition": condition, "neighborhood": neighborhood, **data}, self.locales
            )
            combination = self.validate(Combination, data, path)
            if combination is not None:
                found[condition, neighborhood] = combination
        return found

    def glossaries(self, folder: Path) -> dict[str, Glossary]:
        """``glossary/<locale>.yaml``; a language without one has no term rules."""
        found: dict[str, Glossary] = {}
        if not folder.is_dir():
            return found
        for path in sorted(folder.glob("*.yaml")):
            if path.stem not in self.locales:
                self.add(path, "", f"{path.stem!r} is not a locale of this site")
                continue
            glossary = self.load(Glossary, path)
            if glossary is not None:
                found[path.stem] = glossary
        return found

    def localized_texts(self, path: Path, data: Any, where: str = "") -> dict[str, str]:
        """A mapping of locale to non-empty text (disclaimer.yaml, a caution)."""
        out: dict[str, str] = {}
        for code in self.locales:
            value = data.get(code) if isinstance(data, dict) else None
            if not isinstance(value, str) or not value.strip():
                self.add(path, f"{where}{code}", "missing translation")
            else:
                out[code] = " ".join(value.split())
        if isinstance(data, dict):
            for code in data:
                if code not in self.locales:
                    self.add(path, f"{where}{code}", "not a locale of this site")
        return out


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "missing"
    if kind == "extra_forbidden":
        return "unknown field"
    return str(error["msg"])


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
    """Move the top-level locale blocks of a file under ``texts``."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    data["texts"] = {code: data.pop(code) for code in locales if code in data}
    return data


def load_site(content_dir: Path, *, today: dt.date | None = None) -> LoadedSite:
    """Load and validate ``content_dir``; raise ``ContentError`` listing every problem."""
    if not content_dir.is_dir():
        raise ContentError([f"{display_path(content_dir)}: content folder not found"])
    reader = _Reader()
    site_yaml = content_dir / "site.yaml"
    raw_config = reader.read_yaml(site_yaml)
    if isinstance(raw_config, dict) and isinstance(raw_config.get("locales"), list):
        reader.locales = [
            str(loc.get("code")) for loc in raw_config["locales"] if isinstance(loc, dict)
        ]
    config = reader.validate(SiteConfig, _split_locales(raw_config, reader.locales), site_yaml)
    if config is None:
        raise ContentError(reader.errors)
    reader.locales = [loc.code for loc in config.locales]

    clinic = reader.load(Clinic, content_dir / "clinic.yaml")
    disclaimer_path = content_dir / "disclaimer.yaml"
    disclaimer = reader.localized_texts(disclaimer_path, reader.read_yaml(disclaimer_path))
    sources = reader.mapping(Source, content_dir / "sources.yaml")
    evidence = reader.load(Evidence, content_dir / "evidence.yaml", split=True)
    safety_path = content_dir / "safety.yaml"
    raw_safety = reader.read_yaml(safety_path)
    cautions = (
        {
            str(key): reader.localized_texts(safety_path, value, f"{key}.")
            for key, value in (raw_safety or {}).items()
        }
        if isinstance(raw_safety, dict)
        else {}
    )
    if raw_safety is not None and not isinstance(raw_safety, dict):
        reader.add(safety_path, "", "must be a mapping of caution ids to texts")
    conditions = reader.collection(Condition, content_dir / "conditions")
    neighborhoods = reader.collection(Neighborhood, content_dir / "neighborhoods")
    combinations = reader.combinations(content_dir / "combinations", conditions, neighborhoods)
    glossaries = reader.glossaries(content_dir / "glossary")

    warnings: list[str] = []
    if clinic is not None:
        clinic, errors, warnings = published_clinic(
            clinic, sources, display_path(content_dir / "clinic.yaml")
        )
        reader.errors += errors
    if reader.errors or clinic is None or evidence is None:
        raise ContentError(reader.errors)
    site = Site(
        config=config,
        clinic=clinic,
        disclaimer=disclaimer,
        sources=sources,
        evidence=evidence,
        cautions=cautions,
        conditions=conditions,
        neighborhoods=neighborhoods,
        combinations=combinations,
        glossaries=glossaries,
    )
    report = check_site(site, content_dir, reader.files, today=today or dt.date.today())
    if report.errors:
        raise ContentError(report.errors)
    found = placeholders(reader.files, set(reader.locales))
    return LoadedSite(site=site, warnings=warnings + report.warnings, placeholders=found)
