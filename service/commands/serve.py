"""`nearme serve`: validate the site, then serve it with uvicorn."""

from __future__ import annotations

import argparse
import copy
import os
import sys
from typing import Any

from service.commands.options import add_base_url, add_content, settings_from
from service.render.website import open_website

GRACEFUL_SHUTDOWN_SECONDS = 30


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    add_base_url(parser)
    add_content(parser)
    parser.add_argument("--workers", type=int, default=1, help="worker processes")
    parser.add_argument(
        "--reload",
        action="store_true",
        help="rebuild the site when content, templates or catalogs change, and restart "
        "on code changes (development)",
    )


def run(args: argparse.Namespace) -> int:
    import uvicorn

    settings = settings_from(args).with_overrides(reload=args.reload or None)
    website = open_website(settings)  # validate everything before binding a port
    for warning in website.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    log_config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    log_config["loggers"]["nearme"] = {"handlers": ["default"], "level": "INFO"}
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "proxy_headers": True,  # X-Forwarded-For/-Proto from a proxy on this host only
        "log_config": log_config,
        # On SIGTERM, stop accepting, let requests in flight finish, but never hang.
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
        # asyncio's loop, not uvloop: under a burst of new connections (wrk opening 256
        # at once) uvloop drained the accept queue so slowly that requests waited over
        # 2 s; asyncio's emptied it within 0.1 s at the same requests/s (bench/RESULTS.md).
        "loop": "asyncio",
        "http": "httptools",
    }
    if args.workers > 1 or args.reload:
        # Worker processes import the app themselves and read settings from the environment.
        os.environ.update(settings.as_environment())
        uvicorn.run(
            "service.web.app:app_from_environment",
            factory=True,
            workers=None if args.reload else args.workers,
            reload=args.reload,
            **options,
        )
    else:
        from service.web.app import create_app

        uvicorn.run(create_app(website), **options)
    return 0
