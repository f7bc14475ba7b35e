"""``nearme serve --reload``: rebuild the site when its content, templates or catalogs change.

The new site is loaded, validated and rendered beside the old one, which keeps
serving meanwhile; it is swapped in only when it is whole. A broken edit is
logged with every problem it has, and the last good site goes on serving until
the content is fixed. (Python code changes are uvicorn's: it restarts the
process.)
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from service.errors import ContentError, NearmeError
from service.paths import LOCALES_DIR, TEMPLATES_DIR
from service.render.website import Website, open_website
from service.settings import Settings

logger = logging.getLogger("nearme.reload")
Prepared = TypeVar("Prepared")


def watched_paths(settings: Settings) -> list[Path]:
    return [p for p in (settings.content_dir, TEMPLATES_DIR, LOCALES_DIR) if p.exists()]


def _relevant(change: object, path: str) -> bool:
    return not Path(path).name.startswith((".", "~")) and not path.endswith(("~", ".swp"))


def load_or_report(settings: Settings) -> Website | None:
    """The site as the files now say, or None after logging every problem."""
    try:
        return open_website(settings)
    except ContentError as error:
        for problem in error.problems:
            logger.error("content: %s", problem)
        logger.error(
            "%d problem(s) in the content; still serving the last good version",
            len(error.problems),
        )
    except NearmeError as error:
        logger.error("%s; still serving the last good version", error)
    return None


async def watch(
    settings: Settings,
    prepare: Callable[[Website], Prepared],
    install: Callable[[Website, Prepared], None],
    stop: asyncio.Event,
) -> None:
    """Until ``stop`` is set: on each change, load the site, ``prepare`` it, then ``install`` it.

    Loading and ``prepare`` (rendering every page, say) run in a thread, so the
    old site keeps answering while the new one is built.
    """
    from watchfiles import awatch

    async for changes in awatch(
        *watched_paths(settings), watch_filter=_relevant, stop_event=stop, debounce=200
    ):
        names = sorted({Path(path).name for _, path in changes})
        logger.info("changed: %s; reloading the site", ", ".join(names))
        website = await run_in_threadpool(load_or_report, settings)
        if website is None:
            continue
        install(website, await run_in_threadpool(prepare, website))
        logger.info("reloaded: %d pages", len(website.registry))
