"""The version of what a site serves: a digest of every file its pages are made from."""

from __future__ import annotations

import hashlib
from pathlib import Path

from service.paths import LOCALES_DIR, STATIC_DIR, TEMPLATES_DIR
from service.render.website import Website

DIGITS = 12


def content_version(website: Website) -> str:
    """The first hex digits of a SHA-256 over the content, templates, catalogs and static files.

    The same files give the same version in every worker, on every host and
    after every restart; editing any of them gives another.
    """
    digest = hashlib.sha256()
    for folder in (website.settings.content_dir, TEMPLATES_DIR, LOCALES_DIR, STATIC_DIR):
        for path in _files(folder):
            digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:DIGITS]


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not path.name.startswith(".") and path.suffix != ".mo"
    )
