"""Options more than one command takes, declared once so they read the same everywhere."""

from __future__ import annotations

import argparse

from service.settings import Settings, load_settings


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def add_content(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        metavar="DIR",
        help="content folder (default: $NEARME_CONTENT or the embedded site)",
    )


def add_base_url(
    parser: argparse.ArgumentParser, *, required: bool = False, what: str = ""
) -> None:
    parser.add_argument(
        "--base-url",
        required=required,
        help=what
        or "public URL that canonical links start with "
        "(default: $NEARME_BASE_URL or http://127.0.0.1:8000)",
    )


def settings_from(args: argparse.Namespace) -> Settings:
    """The environment's settings, overridden by ``--base-url`` and ``--content``."""
    return load_settings().with_overrides(
        base_url=getattr(args, "base_url", None), content_dir=getattr(args, "content", None)
    )
