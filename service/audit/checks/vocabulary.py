"""The schema.org vocabulary, and JSON-LD terms expanded before they are checked against it.

The vocabulary is schema.org's own release files (``service/audit/schemaorg``,
release ``SCHEMAORG_RELEASE``; see its README for refreshing them). A type
accepts the properties whose ``domainIncludes`` names it or an ancestor
through ``subTypeOf``: the CSV's own ``properties`` column is empty for some
types with several parents (``MedicalSpecialty``).

Terms are expanded as JSON-LD would before checking: ``@vocab``, compact IRIs
(``schema:name``) and full IRIs over http or https all name the same term,
and terms of other vocabularies are not ours to judge. Contexts are never
fetched: only schema.org's and inline ones are understood.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from service.paths import SCHEMAORG_DIR, SCHEMAORG_RELEASE

SCHEMA_IRIS = ("https://schema.org/", "http://schema.org/")
_NO_CONTEXT = ""  # terms that no context maps stay unexpanded, and are not checked


def _label(iri: str) -> str | None:
    """The schema.org term an IRI names, or None for another vocabulary's."""
    for prefix in SCHEMA_IRIS:
        if iri.startswith(prefix):
            return iri[len(prefix) :]
    return None


@dataclass(frozen=True)
class Vocabulary:
    release: str
    types: dict[str, frozenset[str]]  # type -> every property it accepts (inherited included)
    properties: frozenset[str]

    def is_type(self, name: str) -> bool:
        return name in self.types

    def accepts(self, type_name: str, prop: str) -> bool:
        return prop in self.types.get(type_name, frozenset())


def _rows(kind: str) -> Iterator[dict[str, str]]:
    path = SCHEMAORG_DIR / f"schemaorg-all-https-{kind}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _iris(cell: str) -> list[str]:
    return [label for part in cell.split(",") if (label := _label(part.strip()))]


@cache
def load_vocabulary() -> Vocabulary:
    parents = {row["label"]: set(_iris(row["subTypeOf"])) for row in _rows("types")}
    domain: dict[str, set[str]] = {name: set() for name in parents}
    properties: set[str] = set()
    for row in _rows("properties"):
        properties.add(row["label"])
        for type_name in _iris(row["domainIncludes"]):
            domain.setdefault(type_name, set()).add(row["label"])

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
    return Vocabulary(SCHEMAORG_RELEASE, types, frozenset(properties))


@dataclass(frozen=True)
class Context:
    """What a JSON-LD ``@context`` says about naming terms: a vocabulary and prefixes."""

    vocab: str = _NO_CONTEXT
    prefixes: tuple[tuple[str, str], ...] = ()

    def read(self, value: Any) -> Context:
        """This context with ``value`` (a node's ``@context``) applied on top."""
        if isinstance(value, list):
            context = self
            for item in value:
                context = context.read(item)
            return context
        if isinstance(value, str):
            iri = value.rstrip("/") + "/"
            return Context(iri if _label(iri) == "" else self.vocab, self.prefixes)
        if isinstance(value, Mapping):
            vocab = value.get("@vocab", self.vocab)
            prefixes = dict(self.prefixes)
            prefixes.update(
                (k, v) for k, v in value.items() if isinstance(v, str) and not k.startswith("@")
            )
            return Context(vocab if isinstance(vocab, str) else self.vocab, tuple(prefixes.items()))
        return self

    def expand(self, term: str) -> str:
        """The IRI a term stands for, as far as this context says."""
        if term.startswith(("http://", "https://")):
            return term
        prefix, colon, suffix = term.partition(":")
        if colon:
            for name, iri in self.prefixes:
                if name == prefix:
                    return iri + suffix
            return term
        for name, iri in self.prefixes:
            if name == term:
                return iri
        return self.vocab + term if self.vocab else term


@lru_cache(maxsize=4096)
def _shape_problems(
    types: tuple[str, ...], keys: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str], ...]:
    """(where, problem) for one node, which depends only on its types and its keys.

    ``keys`` pairs each key as written with the schema.org term it names. Pages
    repeat the same shapes over and over, so this is worked out once per shape.
    """
    vocab = load_vocabulary()
    problems = [("", f"unknown type {name!r}") for name in types if not vocab.is_type(name)]
    known = bool(types) and all(vocab.is_type(t) for t in types)
    for key, prop in keys:
        if prop not in vocab.properties:
            problems.append((f".{key}", f"unknown property {prop!r}"))
        elif known and not any(vocab.accepts(t, prop) for t in types):
            problems.append((f".{key}", f"{prop!r} is not a property of {'/'.join(types)}"))
    return tuple(problems)


def _schema_terms(values: Any, context: Context) -> tuple[str, ...]:
    raw = [values] if isinstance(values, str) else [v for v in values or [] if isinstance(v, str)]
    return tuple(t for v in raw if (t := _label(context.expand(v))) is not None)


def vocabulary_problems(
    node: Any, path: str = "$", context: Context | None = None
) -> Iterator[str]:
    """Yield every type or property in a JSON-LD tree that schema.org does not define."""
    context = context or Context()
    if isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, dict | list):
                yield from vocabulary_problems(item, f"{path}[{i}]", context)
        return
    if not isinstance(node, dict):
        return
    if "@context" in node:
        context = context.read(node["@context"])
    elif path == "$" and not (context.vocab or context.prefixes):
        yield "$: no @context, so its terms name nothing (use https://schema.org)"
        return
    types = _schema_terms(node.get("@type"), context)
    keys = tuple(
        (key, term)
        for key in node
        if not key.startswith("@") and (term := _label(context.expand(key))) is not None
    )
    for where, problem in _shape_problems(types, keys):
        yield f"{path}{where}: {problem}"
    for key, value in node.items():
        if isinstance(value, dict | list) and (key == "@graph" or not key.startswith("@")):
            yield from vocabulary_problems(value, f"{path}.{key}", context)
