#!/usr/bin/env python3
"""A bare Starlette hello-world, served on uvicorn exactly as `nearme serve` serves the site.

    python bench/bare_app.py [--host 127.0.0.1] [--port 8782]

The baseline of bench/bench_serve.py and bench/bench_load.py. ``app`` answers
every GET with a small ``PlainTextResponse`` ("Hello, world!").

Run as a script, it first runs `nearme serve --host H --port P` (one worker)
with ``uvicorn.run`` intercepted, to learn the keyword arguments `nearme
serve` passes (loop, HTTP implementation, logging, proxy headers, ...), drops
everything that built, then serves ``app`` with those very arguments. So the
two servers stay alike when service/cli.py changes. Learning them loads the
default site once, which costs start-up time and leaves this process's RSS
higher than a bare app's would be; it is not this benchmark's figure. The
options are printed to stderr.

``python -m uvicorn bench.bare_app:app`` also works, with uvicorn's own
defaults.
"""

from __future__ import annotations

import argparse
import gc
import sys
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

BODY = "Hello, world!"


async def hello(request: Request) -> Response:
    return PlainTextResponse(BODY)


app = Starlette(
    routes=[
        Route("/", hello, methods=["GET", "HEAD"]),
        # bench_load.py rotates over many paths; answer them all alike.
        Route("/{path:path}", hello, methods=["GET", "HEAD"]),
    ]
)


class _Intercepted(Exception):
    pass


def nearme_serve_options(host: str, port: int) -> dict[str, Any]:
    """The keyword arguments `nearme serve --host H --port P` passes to uvicorn.run."""
    from service import cli

    options: dict[str, Any] = {}
    real_run = uvicorn.run

    def intercept(target: object, **kwargs: Any) -> None:
        options.update(kwargs)
        raise _Intercepted

    uvicorn.run = intercept
    try:
        cli.main(["serve", "--host", host, "--port", str(port), "--workers", "1"])
    except _Intercepted:
        pass
    finally:
        uvicorn.run = real_run
    if not options:
        raise SystemExit("error: `nearme serve` did not call uvicorn.run")
    return options


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8782)
    args = parser.parse_args()
    options = nearme_serve_options(args.host, args.port)
    gc.collect()  # the site nearme serve loaded is no longer referenced
    shown = {k: ("..." if k == "log_config" else v) for k, v in options.items()}
    print(f"bare_app: uvicorn.run(app, **{shown})", file=sys.stderr, flush=True)
    uvicorn.run(app, **options)


if __name__ == "__main__":
    main()
