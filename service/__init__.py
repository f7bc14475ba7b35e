"""nearme: local-search landing pages for acupuncture clinics."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The checkout: templates/, locales/, static/ and the default content/ live here."""

__version__ = "0.1.0"
