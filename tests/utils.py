"""Helpers for asserting on parsed HTML and on content folders."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from bs4 import BeautifulSoup, Tag

if TYPE_CHECKING:
    from service.pages.registry import Page

Parsed = list[tuple["Page", BeautifulSoup, str]]


def check_all(parsed: Parsed, check: Any) -> None:
    """Run ``check(page, doc, html)`` over every page; fail once, listing every problem."""
    failures = []
    for page, doc, html in parsed:
        failures += [f"{page.path}: {problem}" for problem in check(page, doc, html)]
    assert not failures, "\n".join(failures[:40])


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def meta(doc: BeautifulSoup, name: str) -> str | None:
    tag = doc.find("meta", attrs={"name": name}) or doc.find("meta", attrs={"property": name})
    return tag.get("content") if isinstance(tag, Tag) else None  # type: ignore[return-value]


def jsonld(doc: BeautifulSoup) -> dict[str, Any]:
    scripts = doc.find_all("script", attrs={"type": "application/ld+json"})
    assert len(scripts) == 1, f"expected one JSON-LD script, found {len(scripts)}"
    return json.loads(scripts[0].string)


def graph_nodes(data: dict[str, Any], type_name: str) -> list[dict[str, Any]]:
    return [node for node in data["@graph"] if node.get("@type") == type_name]


def edit_yaml(path: Path, change: Any) -> None:
    """Load a YAML file, let ``change`` mutate the data, write it back."""
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(app: Any, *, lifespan: str = "auto") -> Iterator[str]:
    """Serve an ASGI app with uvicorn on a free loopback port; yields its base URL.

    ``lifespan="off"`` skips the app's start-up (rendering every page ahead).
    """
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", lifespan=lifespan)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass
class Ran:
    """What a command printed and returned, like ``subprocess.CompletedProcess``."""

    returncode: int
    stdout: str
    stderr: str


def nearme(*args: str, cwd: Path | None = None, timeout: int = 300, isolated: bool = False) -> Ran:
    """Run the `nearme` command line as a user would: in this process through ``main(argv)``,
    or, ``isolated``, in a subprocess of its own (for what forks workers or must not share
    this process's state)."""
    if isolated:
        import subprocess
        import sys

        done = subprocess.run(
            [sys.executable, "-m", "service.cli", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=cwd,
        )
        return Ran(done.returncode, done.stdout, done.stderr)
    import contextlib
    import io
    import os

    from service.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit:  # argparse's own usage errors
                code = int(exit.code or 0)
    finally:
        os.chdir(previous)
    return Ran(code, out.getvalue(), err.getvalue())
