"""`nearme serve`: validate the site, then serve it with uvicorn.

Where it listens comes from --host/--port, else from the hosting platform's
``PORT`` (then on every interface, as platforms expect), else 127.0.0.1:8000;
how many processes from --workers, else ``WEB_CONCURRENCY``, else one.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from service.commands.options import add_base_url, add_content, positive, settings_from
from service.errors import SettingsError
from service.render.website import open_website
from service.settings import ServerSettings, Settings, load_server_settings
from service.web.connections import IDLE_SECONDS

GRACEFUL_SHUTDOWN_SECONDS = 30
WORKER_HEALTHCHECK_SECONDS = 30
# uvicorn's parser, with limits on request heads and time (service.web.connections).
HTTP_PROTOCOL = "service.web.connections:BoundedHttpToolsProtocol"
MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def port_number(value: str) -> int:
    number = int(value)
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError("must be from 0 to 65535")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", help="address to listen on (default: 127.0.0.1, or 0.0.0.0 when $PORT is set)"
    )
    parser.add_argument("--port", type=port_number, help="port (default: $PORT or 8000)")
    add_base_url(parser)
    add_content(parser)
    parser.add_argument(
        "--workers",
        type=positive,
        metavar="N",
        help="worker processes (default: $WEB_CONCURRENCY or 1)",
    )
    parser.add_argument(
        "--reload",
        action="store_true",
        help="rebuild the site when content, templates or catalogs change, and restart "
        "on code changes (development)",
    )
    parser.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        help="one JSON line per request on stdout (default: $NEARME_ACCESS_LOG, else on)",
    )
    parser.add_argument(
        "--metrics-port",
        type=port_number,
        metavar="PORT",
        help="serve Prometheus metrics at /metrics on this port of its own "
        "(default: $NEARME_METRICS_PORT; unset: no metrics)",
    )
    parser.add_argument(
        "--metrics-host",
        metavar="HOST",
        help="address the metrics port listens on (default: $NEARME_METRICS_HOST or 127.0.0.1)",
    )


def server_settings(args: argparse.Namespace, settings: Settings) -> ServerSettings:
    """The environment's ``PORT``/``WEB_CONCURRENCY``, overridden by the options given."""
    platform = load_server_settings()
    server = ServerSettings(
        host=args.host or platform.host,
        port=platform.port if args.port is None else args.port,
        workers=args.workers or platform.workers,
        metrics_host=args.metrics_host or platform.metrics_host,
    )
    if settings.metrics_port is not None and settings.metrics_port == server.port:
        raise SettingsError(
            f"metrics port {settings.metrics_port}: must differ from the site's port, "
            "so the metrics are never served to the public by accident"
        )
    return server


def uvicorn_options(server: ServerSettings) -> dict[str, Any]:
    import uvicorn

    log_config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    log_config["loggers"]["nearme"] = {"handlers": ["default"], "level": "INFO"}
    return {
        "host": server.host,
        "port": server.port,
        # X-Forwarded-For/-Proto from the proxies FORWARDED_ALLOW_IPS names (uvicorn reads
        # it; default 127.0.0.1 and ::1, a proxy on this host).
        "proxy_headers": True,
        "log_config": log_config,
        # Our access log (service.web.access_log) replaces uvicorn's, which cost half the
        # requests a worker could serve.
        "access_log": False,
        # On SIGTERM, stop accepting, let requests in flight finish, but never hang.
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
        # With --workers, the parent pings each worker and replaces one that does not
        # answer in time. A new worker starts a Python and imports the site's libraries
        # before it can answer: uvicorn's 5 s killed workers still starting on a busy
        # machine, over and over.
        "timeout_worker_healthcheck": WORKER_HEALTHCHECK_SECONDS,
        # asyncio's loop, not uvloop: under a burst of new connections (wrk opening 256
        # at once) uvloop drained the accept queue so slowly that requests waited over
        # 2 s; asyncio's emptied it within 0.1 s at the same requests/s (bench/RESULTS.md).
        "loop": "asyncio",
        "http": HTTP_PROTOCOL,
        "timeout_keep_alive": IDLE_SECONDS,
    }


def run(args: argparse.Namespace) -> int:
    import uvicorn

    settings = settings_from(args).with_overrides(
        reload=args.reload or None, access_log=args.access_log, metrics_port=args.metrics_port
    )
    server = server_settings(args, settings)
    website = open_website(settings)  # validate everything before binding a port
    for warning in website.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    options = uvicorn_options(server)
    in_subprocesses = server.workers > 1 or settings.reload
    with metrics_folder(settings.metrics_port is not None and in_subprocesses) as folder:
        if in_subprocesses:
            # Worker processes import the app themselves and read settings from the environment.
            os.environ.update(settings.as_environment())
            with metrics_served(settings, server, folder, None):
                uvicorn.run(
                    "service.web.app:app_from_environment",
                    factory=True,
                    # Always given: left out, uvicorn would read WEB_CONCURRENCY itself.
                    workers=1 if settings.reload else server.workers,
                    reload=settings.reload,
                    **options,
                )
        else:
            from service.web.app import create_app, observers

            app = create_app(website, **observers(settings))
            with metrics_served(settings, server, None, app.state.metrics):
                uvicorn.run(app, workers=1, **options)
    return 0


@contextmanager
def metrics_folder(wanted: bool) -> Iterator[Path | None]:
    """A private folder for the workers' metrics files (prometheus-client's multiprocess mode).

    It is named in the environment before any worker starts, as prometheus-client
    requires, and removed afterwards.
    """
    if not wanted:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="nearme-metrics-"))
    previous = os.environ.get(MULTIPROCESS_VARIABLE)
    os.environ[MULTIPROCESS_VARIABLE] = str(folder)
    try:
        yield folder
    finally:
        if previous is None:
            os.environ.pop(MULTIPROCESS_VARIABLE, None)
        else:
            os.environ[MULTIPROCESS_VARIABLE] = previous
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def metrics_served(
    settings: Settings, server: ServerSettings, folder: Path | None, metrics: Any
) -> Iterator[None]:
    """/metrics on the metrics port, from this process, while the site is served."""
    if settings.metrics_port is None:
        yield
        return
    from service.web.metrics import metrics_registry, serve_metrics

    try:
        stop = serve_metrics(
            server.metrics_host, settings.metrics_port, metrics_registry(folder, metrics)
        )
    except OSError as exc:
        raise SettingsError(
            f"metrics port {settings.metrics_port}: cannot listen on it ({exc.strerror or exc})"
        ) from None
    print(f"metrics: http://{server.metrics_host}:{settings.metrics_port}/metrics", file=sys.stderr)
    try:
        yield
    finally:
        stop()
