"""The access log: one JSON object per request, on stdout, written in batches.

    {"time":"2026-11-25T10:04:31.207Z","method":"GET","path":"/conditions/sciatica/",
     "status":200,"bytes":6041,"ms":0.41,"crawler":"Googlebot"}

``time`` is UTC with milliseconds; ``bytes`` the body bytes sent (compressed,
as they went out); ``ms`` the time from the request reaching the app to the
last byte handed to the server; ``crawler`` the crawler the User-Agent claims
to be (``service.web.crawlers``), or null. The query string is left out: it
makes no other page, and it is where tracking parameters and e-mail addresses
end up.

uvicorn's own access log formats every line through the ``logging`` module,
which halved the requests a worker could serve. Here a line is one f-string,
lines are kept in memory and written together at most ``FLUSH_SECONDS``
after the first of them (or as soon as a batch fills). Each ``os.write`` is
at most ``PIPE_BUF`` bytes and ends at a line end, so lines from several
worker processes sharing one stdout pipe never interleave.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable
from functools import lru_cache

FLUSH_SECONDS = 0.25
PIPE_BUF = 4096  # POSIX: writes up to this size to a pipe are atomic
STDOUT = 1


def _write_all(fd: int) -> Callable[[bytes], None]:
    def write(data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]

    return write


@lru_cache(maxsize=4096)  # the same few paths, over and over
def _request_fields(method: str, path: str) -> str:
    return f'"method":{json_string(method)},"path":{json_string(path)}'


def json_string(text: str) -> str:
    """``text`` as a JSON string; the common case (a plain ASCII path) without json.dumps."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return json.dumps(text)  # non-ASCII escaped: no reader can take U+2028 for a line end


class AccessLog:
    """Collects access lines and writes them in batches of whole lines."""

    def __init__(
        self,
        write: Callable[[bytes], None] | None = None,
        *,
        flush_seconds: float = FLUSH_SECONDS,
        batch_bytes: int = PIPE_BUF,
    ) -> None:
        self._write = write or _write_all(STDOUT)
        self.flush_seconds = flush_seconds
        self.batch_bytes = batch_bytes
        self._lines: list[str] = []
        self._size = 0
        self._timer: asyncio.TimerHandle | None = None
        self._second = -1
        self._second_text = ""

    def record(
        self,
        method: str,
        path: str,
        status: int,
        sent: int,
        seconds: float,
        crawler: str | None,
    ) -> None:
        now = time.time()
        second = int(now)
        if second != self._second:
            self._second = second
            self._second_text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        line = (
            f'{{"time":"{self._second_text}.{int((now - second) * 1000):03d}Z",'
            f'{_request_fields(method, path)},"status":{status},'
            f'"bytes":{sent},"ms":{seconds * 1000:.2f},'
            f'"crawler":{"null" if crawler is None else json_string(crawler)}}}\n'
        )
        self._lines.append(line)
        self._size += len(line)
        if self._size >= self.batch_bytes:
            self.flush()
        elif self._timer is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # called outside a server (a script, a test): write now
                self.flush()
            else:
                self._timer = loop.call_later(self.flush_seconds, self.flush)

    def flush(self) -> None:
        """Write every line kept, in writes of at most ``batch_bytes`` that end at a line end."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        lines, self._lines, self._size = self._lines, [], 0
        batch: list[bytes] = []
        size = 0
        try:
            for line in lines:
                data = line.encode("utf-8")
                if batch and size + len(data) > self.batch_bytes:
                    self._write(b"".join(batch))
                    batch, size = [], 0
                batch.append(data)
                size += len(data)
            if batch:
                self._write(b"".join(batch))
        except OSError:
            pass  # stdout is gone (a closed pipe): losing log lines must not stop serving
