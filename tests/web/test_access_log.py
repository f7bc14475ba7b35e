"""The access log: JSON lines with the fields an operator reads, written in whole-line batches."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from service.render.website import Website
from service.web.access_log import AccessLog
from service.web.app import create_app
from tests.web.test_crawlers import GOOGLEBOT_SMARTPHONE


class Collected:
    """A stand-in for stdout: every write kept apart."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []

    def __call__(self, data: bytes) -> None:
        self.writes.append(data)

    def lines(self) -> list[dict[str, Any]]:
        text = b"".join(self.writes).decode("ascii")  # non-ASCII is escaped
        return [json.loads(line) for line in text.split("\n") if line]


def test_a_line_has_every_field() -> None:
    out = Collected()
    log = AccessLog(out)
    log.record("GET", "/conditions/sciatica/", 200, 6041, 0.000412, "Googlebot")
    (line,) = out.lines()
    assert line == {
        "time": line["time"],
        "method": "GET",
        "path": "/conditions/sciatica/",
        "status": 200,
        "bytes": 6041,
        "ms": 0.41,
        "crawler": "Googlebot",
    }
    moment = dt.datetime.fromisoformat(line["time"])
    assert moment.utcoffset() == dt.timedelta(0)
    assert abs((dt.datetime.now(dt.UTC) - moment).total_seconds()) < 5


@pytest.mark.parametrize(
    "path", ['/a"b/', "/back\\slash/", "/línea/", "/tab\there/", "/\u2028/", "/中文/"]
)
def test_any_path_is_valid_json(path: str) -> None:
    out = Collected()
    AccessLog(out).record("GET", path, 404, 0, 0.001, None)
    assert out.lines()[0]["path"] == path
    assert out.lines()[0]["crawler"] is None


def test_lines_wait_for_the_timer_then_go_out_together() -> None:
    out = Collected()

    async def serve_three() -> None:
        log = AccessLog(out, flush_seconds=0.05)
        for number in range(3):
            log.record("GET", f"/{number}/", 200, 10, 0.001, None)
        assert out.writes == []  # nothing written per request
        await asyncio.sleep(0.2)

    asyncio.run(serve_three())
    assert len(out.writes) == 1
    assert [line["path"] for line in out.lines()] == ["/0/", "/1/", "/2/"]


def test_writes_are_whole_lines_within_the_atomic_size() -> None:
    out = Collected()

    async def serve_many() -> None:
        log = AccessLog(out, batch_bytes=4096)
        for number in range(500):
            log.record("GET", f"/conditions/{number}/" + "x" * 50, 200, 10, 0.001, None)
        log.flush()

    asyncio.run(serve_many())
    assert len(out.writes) > 1
    for write in out.writes:
        assert len(write) <= 4096 and write.endswith(b"\n")
    assert len(out.lines()) == 500


def test_a_closed_stdout_does_not_stop_serving() -> None:
    def broken(data: bytes) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    log = AccessLog(broken)
    log.record("GET", "/", 200, 1, 0.001, None)  # written at once outside a loop, and lost


@pytest.fixture(scope="module")
def logged(website: Website) -> Iterator[tuple[TestClient, Collected, AccessLog]]:
    out = Collected()
    log = AccessLog(out)
    app = create_app(website, access_log=log)
    yield TestClient(app), out, log
    app.state.sitemaps.close()


def test_the_app_logs_what_each_client_got(logged: tuple[TestClient, Collected, AccessLog]) -> None:
    client, out, log = logged
    out.writes.clear()
    page = client.get(
        "/es/conditions/sciatica/?utm_source=x", headers={"user-agent": GOOGLEBOT_SMARTPHONE}
    )
    with client.stream("GET", "/areas/", headers={"accept-encoding": "br"}) as compressed:
        wire = b"".join(compressed.iter_raw())
    client.get("/Conditions", follow_redirects=False)
    client.get("/nope/")
    client.get("/" + "x" * 5000)
    client.head("/healthz")
    log.flush()
    lines = out.lines()
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("GET", "/es/conditions/sciatica/", 200),  # no query string
        ("GET", "/areas/", 200),
        ("GET", "/Conditions", 301),
        ("GET", "/nope/", 404),
        ("GET", "/" + "x" * 5000, 414),  # refused by the security middleware: still logged
        ("HEAD", "/healthz", 200),
    ]
    assert lines[0]["crawler"] == "Googlebot" and lines[1]["crawler"] is None
    assert lines[0]["bytes"] == int(page.headers["content-length"])
    assert lines[1]["bytes"] == len(wire)  # as sent: compressed
    assert lines[5]["bytes"] == 0
    assert all(line["ms"] >= 0 for line in lines)


def test_without_an_access_log_nothing_is_observed(website: Website) -> None:
    app = create_app(website)
    assert not [m for m in app.user_middleware if m.cls.__name__ == "RequestObserver"]
    app.state.sitemaps.close()
