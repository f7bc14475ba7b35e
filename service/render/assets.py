"""Static files under fingerprinted names: ``clinic.png`` is linked as ``clinic.1a2b3c4d5e.png``.

The name carries the first hex digits of the file's SHA-256, so it changes
whenever the bytes do, and browsers and CDNs may keep a fingerprinted file
for a year (``immutable``). The app serves both names (the plain one for old
links, briefly cached) and the export writes both files.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from service.paths import STATIC_DIR

STATIC_PREFIX = "/static/"
DIGITS = 10
_FINGERPRINTED = re.compile(
    rf"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{{{DIGITS}}})(?P<suffix>\.[^./]+)?$"
)


def fingerprinted_name(name: str, data: bytes) -> str:
    """``clinic.png`` -> ``clinic.<first digits of its SHA-256>.png``."""
    digest = hashlib.sha256(data).hexdigest()[:DIGITS]
    folder, slash, file_name = name.rpartition("/")
    stem, dot, suffix = file_name.rpartition(".")
    fingerprinted = f"{stem}.{digest}.{suffix}" if dot and stem else f"{file_name}.{digest}"
    return folder + slash + fingerprinted


@dataclass(frozen=True)
class StaticAssets:
    """The fingerprinted name of every file in a static folder, and the way back."""

    folder: Path
    names: dict[str, str]  # plain name -> fingerprinted name

    @classmethod
    def of(cls, folder: Path) -> StaticAssets:
        names = {}
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    name = path.relative_to(folder).as_posix()
                    names[name] = fingerprinted_name(name, path.read_bytes())
        return cls(folder, names)

    def url(self, name: str) -> str:
        """The fingerprinted URL path of a static file (its plain path if there is no such file)."""
        return STATIC_PREFIX + self.names.get(name, name)

    def plain_name(self, requested: str) -> tuple[str, bool]:
        """The file a requested name stands for, and whether the fingerprint is the current one.

        A fingerprint that is not the file's current one (a page cached before
        the file changed) still gets the file, but not as immutable.
        """
        if requested in self.names:
            return requested, False
        match = _FINGERPRINTED.match(requested)
        if match is None:
            return requested, False
        plain = match["stem"] + (match["suffix"] or "")
        if plain not in self.names:
            return requested, False
        return plain, self.names[plain] == requested


@lru_cache(maxsize=4)
def static_assets(folder: Path = STATIC_DIR) -> StaticAssets:
    """The static folder's assets, read once per process (static files ship with the code)."""
    return StaticAssets.of(folder)


def static_url(name: str) -> str:
    """``/static/<fingerprinted name>`` of a file in the static folder: what pages link to."""
    return static_assets().url(name)
