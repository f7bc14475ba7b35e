"""Where nearme's data lives: templates, catalogs, static files, the default content, schema.org.

Every module asks here instead of building paths of its own, so the same code
runs from a checkout and from an installed wheel.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
"""The checkout (or the folder the package was installed into)."""

TEMPLATES_DIR = PROJECT_ROOT / "templates"
LOCALES_DIR = PROJECT_ROOT / "locales"
STATIC_DIR = PROJECT_ROOT / "static"
DEFAULT_CONTENT_DIR = PROJECT_ROOT / "content"
