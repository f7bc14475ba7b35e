"""`nearme serve --reload`: content edits show up, broken edits never take the site down."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest

from service.content.synthetic import write_synthetic_site
from tests.utils import edit_yaml, free_port

pytestmark = pytest.mark.slow  # whole-site renders, servers or subprocesses

PAGE = "/conditions/condition-0/"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """A dev server with --reload over a small content folder: (base URL, content, its log)."""
    content = write_synthetic_site(tmp_path / "content", conditions=2, neighborhoods=2, locales=1)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    env = {**os.environ, "NEARME_ENV": "development", "NEARME_BASE_URL": base}
    command = [sys.executable, "-m", "service.cli", "serve", "--reload", "--port", str(port)]
    with log.open("w") as out:
        server = subprocess.Popen(
            [*command, "--content", str(content)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until(lambda: _status(base + "/healthz") == 200, "the server did not start", log)
        yield base, content, log
    finally:
        server.terminate()
        server.wait(timeout=20)


def _status(url: str) -> int | None:
    try:
        return httpx2.get(url, timeout=2).status_code
    except httpx2.HTTPError:
        return None


def wait_until(condition: Callable[[], Any], what: str, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}; server log:\n{log.read_text()}")
        time.sleep(0.2)


def test_a_content_edit_is_served_with_a_new_etag(served: tuple[str, Path, Path]) -> None:
    base, content, log = served
    before = httpx2.get(base + PAGE)
    assert before.status_code == 200 and "Rewritten by the test" not in before.text

    def retitle(data: dict[str, Any]) -> None:
        data["en"]["phrase"] = "Rewritten by the test, condition zero"

    edit_yaml(content / "conditions" / "condition-0.yaml", retitle)
    wait_until(
        lambda: "Rewritten by the test" in httpx2.get(base + PAGE).text,
        "the edit was not served",
        log,
    )
    after = httpx2.get(base + PAGE)
    assert after.headers["etag"] != before.headers["etag"]
    stale = httpx2.get(base + PAGE, headers={"if-none-match": before.headers["etag"]})
    assert stale.status_code == 200  # the old validator no longer matches


def test_a_broken_edit_keeps_the_last_good_site_and_logs_every_error(
    served: tuple[str, Path, Path],
) -> None:
    base, content, log = served
    good = httpx2.get(base + PAGE)

    def break_two_fields(data: dict[str, Any]) -> None:
        del data["en"]["description"]
        data["updated_on"] = "not a date"

    edit_yaml(content / "conditions" / "condition-0.yaml", break_two_fields)
    wait_until(lambda: "still serving the last good version" in log.read_text(), "no report", log)
    text = log.read_text()
    assert "condition-0.yaml: en.description" in text
    assert "condition-0.yaml: updated_on" in text
    still = httpx2.get(base + PAGE)
    assert still.status_code == 200
    assert still.headers["etag"] == good.headers["etag"]
