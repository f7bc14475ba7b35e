"""SIGTERM: the server stops accepting, lets the requests in flight finish, then exits."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest

from service.content.synthetic import write_synthetic_site
from tests.utils import edit_yaml, free_port

pytestmark = pytest.mark.slow  # whole-site renders, servers or subprocesses


def read_response(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_response_in_flight_completes_after_sigterm(tmp_path: Path) -> None:
    # A page of several megabytes: more than the kernel's socket buffers hold, so
    # sending it to a client that reads slowly keeps the request in flight in the server.
    content = write_synthetic_site(tmp_path / "content", conditions=2, neighborhoods=2, locales=1)
    words = " ".join(f"word{i % 9973}" for i in range(700_000))
    edit_yaml(
        content / "conditions" / "condition-0.yaml",
        lambda d: d["en"].update(summary=d["en"]["summary"] + "\n\n" + words),
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "NEARME_ENV": "production", "NEARME_BASE_URL": base}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "service.cli",
            "serve",
            "--port",
            str(port),
            "--content",
            str(content),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                index = httpx2.get(f"{base}/sitemap.xml", timeout=5)
                break
            except httpx2.HTTPError:
                assert server.poll() is None and time.monotonic() < deadline, "did not start"
                time.sleep(0.3)
        assert index.status_code == 200
        child = f"{base}/conditions/condition-0/"
        expected = httpx2.get(child, headers={"accept-encoding": "identity"}).content
        assert len(expected) > 5_000_000, len(expected)

        with socket.socket() as slow:
            # A tiny receive window, set before connecting so it is the one negotiated.
            slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            slow.connect(("127.0.0.1", port))
            path = child.removeprefix(base)
            slow.sendall(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\n"
                "Connection: close\r\n\r\n".encode()
            )
            time.sleep(0.5)  # the server has started answering and is waiting on us
            server.send_signal(signal.SIGTERM)
            time.sleep(1.0)
            assert server.poll() is None, "the server quit with a response half sent"
            with pytest.raises(httpx2.ConnectError):
                httpx2.get(f"{base}/healthz", timeout=2)  # ...but takes no new requests
            response = read_response(slow)
        head, _, body = response.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200")
        assert body == expected
        # uvicorn exits by re-raising the signal once it has shut down cleanly.
        assert server.wait(timeout=20) in (0, -signal.SIGTERM)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
