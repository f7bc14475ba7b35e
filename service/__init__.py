"""nearme: local-search landing pages for acupuncture clinics."""

__version__ = "0.1.0"
