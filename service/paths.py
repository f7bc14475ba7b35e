"""Where nearme's data lives: templates, catalogs, static files, the default content, schema.org.

Every module asks here instead of building paths of its own, so the same code
runs from a checkout (the folders at the top of the repository) and from an
installed wheel (the same folders carried inside the package, as service/data/).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
"""The checkout, when running from one."""


def _data_root() -> Path:
    if (PROJECT_ROOT / "templates" / "base.html").is_file():
        return PROJECT_ROOT  # a checkout, or an editable install of one
    return PACKAGE_DIR / "data"  # an installed wheel


DATA_ROOT = _data_root()
TEMPLATES_DIR = DATA_ROOT / "templates"
LOCALES_DIR = DATA_ROOT / "locales"
STATIC_DIR = DATA_ROOT / "static"
DEFAULT_CONTENT_DIR = DATA_ROOT / "content"
# schema.org's own release files, which the audit checks JSON-LD against (package data).
SCHEMAORG_DIR = PACKAGE_DIR / "audit" / "schemaorg"
SCHEMAORG_RELEASE = "30.0"
