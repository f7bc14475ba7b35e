"""Bounded connections against a real `nearme serve`: head limits, time limits, and memory
under 20 endless 50 MB headers and 200 slowloris connections."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest

from service.web.connections import IDLE_SECONDS, MAX_HEAD_BYTES, MAX_HEADERS, REQUEST_SECONDS
from tests.utils import free_port

pytestmark = pytest.mark.slow  # a server in a subprocess, and seconds of waiting

PAGE = "/conditions/sciatica/"
MAX_RSS_MB = 200
MAX_LATENCY_SECONDS = 0.1


@dataclass
class Server:
    pid: int
    port: int

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=REQUEST_SECONDS + 10)

    def memory_mb(self) -> tuple[float, float]:
        """(VmRSS, VmHWM): resident now, and the peak so far."""
        fields = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) / 1024
        return fields["VmRSS"], fields["VmHWM"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("connections")
    env = {**os.environ, "NEARME_ENV": "production", "NEARME_BASE_URL": base}
    command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port)]
    with (logs / "out").open("wb") as out, (logs / "err").open("wb") as err:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=err)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx2.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx2.HTTPError:
                pass
            assert process.poll() is None, (logs / "err").read_text()
            assert time.monotonic() < deadline, "not ready"
            time.sleep(0.3)
        yield Server(process.pid, port)
    finally:
        process.terminate()
        process.wait(timeout=60)


def read_until_closed(sock: socket.socket) -> bytes:
    chunks = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except ConnectionResetError:
        pass
    return b"".join(chunks)


def timed_get(server: Server) -> float:
    """Seconds from connecting to the whole page received (raw sockets: an HTTP client's own
    set-up, an SSL context and all, would cost more than the request)."""
    started = time.perf_counter()
    with server.connect() as sock:
        sock.sendall(request_with(["Accept-Encoding: br"]))
        response = read_until_closed(sock)
    elapsed = time.perf_counter() - started
    assert response.startswith(b"HTTP/1.1 200 ")
    return elapsed


# -- head limits ------------------------------------------------------------------------------


def request_with(headers: list[str]) -> bytes:
    lines = [f"GET {PAGE} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *headers, "", ""]
    return "\r\n".join(lines).encode()


def test_a_head_within_the_limits_is_served(server: Server) -> None:
    headers = [f"X-Tracking-{n}: {'v' * 200}" for n in range(MAX_HEADERS - 3)]
    with server.connect() as sock:
        sock.sendall(request_with(headers))
        assert read_until_closed(sock).startswith(b"HTTP/1.1 200 ")


def test_more_header_fields_than_the_limit_are_431(server: Server) -> None:
    headers = [f"X-{n}: 1" for n in range(MAX_HEADERS + 1)]
    with server.connect() as sock:
        sock.sendall(request_with(headers))
        assert read_until_closed(sock).startswith(b"HTTP/1.1 431 ")


def test_a_head_over_the_size_limit_is_431_even_if_complete(server: Server) -> None:
    with server.connect() as sock:
        sock.sendall(request_with([f"Cookie: {'c' * MAX_HEAD_BYTES}"]))
        assert read_until_closed(sock).startswith(b"HTTP/1.1 431 ")


def test_an_unfinished_head_is_refused_once_it_passes_the_limit(server: Server) -> None:
    with server.connect() as sock:
        sock.sendall(f"GET {PAGE} HTTP/1.1\r\nX-Big: ".encode() + b"a" * (MAX_HEAD_BYTES + 1000))
        # No end of head is ever sent; the answer comes anyway, and the connection closes.
        answer = read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 431 ")
    assert b"connection: close" in answer


# -- time limits ------------------------------------------------------------------------------


def test_a_connection_that_sends_nothing_is_closed(server: Server) -> None:
    with server.connect() as sock:
        started = time.monotonic()
        assert read_until_closed(sock) == b""
        assert REQUEST_SECONDS - 1 < time.monotonic() - started < REQUEST_SECONDS + 5


def test_an_idle_keep_alive_connection_is_closed(server: Server) -> None:
    with server.connect() as sock:
        sock.sendall(f"HEAD {PAGE} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        head = sock.recv(65536)
        assert head.startswith(b"HTTP/1.1 200 ") and head.endswith(b"\r\n\r\n")
        answered = time.monotonic()
        assert read_until_closed(sock) == b""
        assert IDLE_SECONDS - 1 < time.monotonic() - answered < IDLE_SECONDS + 5


# -- under attack -----------------------------------------------------------------------------


def endless_header(server: Server, sent: list[int]) -> None:
    """Start a request and send a 50 MB header, never finishing it; note the bytes it got out."""
    total = 0
    chunk = b"a" * (1024 * 1024)
    try:
        with server.connect() as sock:
            sock.sendall(f"GET {PAGE} HTTP/1.1\r\nHost: x\r\nX-Endless: ".encode())
            for _ in range(50):
                sock.sendall(chunk)
                total += len(chunk)
            time.sleep(REQUEST_SECONDS + 2)  # still unfinished, the connection held open
    except OSError:
        pass  # the server hung up, as it should
    sent.append(total)


def test_endless_headers_and_slow_clients_leave_memory_and_speed_alone(server: Server) -> None:
    """20 clients each sending an endless 50 MB header, then 200 slowloris clients: the server
    stays under 200 MB, answers everyone else within 100 ms, and closes the slow ones."""
    sent: list[int] = []
    attackers = [
        threading.Thread(target=endless_header, args=(server, sent), daemon=True) for _ in range(20)
    ]
    for attacker in attackers:
        attacker.start()
    for attacker in attackers:  # each is refused once it is past the limit, and gives up
        attacker.join(timeout=REQUEST_SECONDS + 20)
    assert len(sent) == 20 and max(sent) < 10 * 1024 * 1024, f"bytes got out before refusal: {sent}"
    after_headers, _ = server.memory_mb()
    slow = []
    for number in range(200):
        sock = server.connect()
        sock.sendall(f"GET {PAGE} HTTP/1.1\r\nHost: x\r\n".encode())
        slow.append((number, sock))
    opened = time.monotonic()
    latencies = []
    peak_rss = after_headers
    # A header line a second on every slow connection, as slowloris does, while others browse.
    while time.monotonic() - opened < REQUEST_SECONDS - 2:
        for number, sock in slow:
            sock.sendall(f"X-Slow-{number}: {int(time.monotonic())}\r\n".encode())
        latencies += [timed_get(server) for _ in range(3)]
        peak_rss = max(peak_rss, server.memory_mb()[0])
        time.sleep(1)
    answers = []
    for _, sock in slow:
        answers.append(read_until_closed(sock))
        sock.close()
    rss, hwm = server.memory_mb()
    assert max(peak_rss, rss, hwm) < MAX_RSS_MB, (after_headers, peak_rss, rss, hwm)
    assert max(latencies) < MAX_LATENCY_SECONDS, sorted(latencies)[-5:]
    # Every slowloris connection got 408 once its request was REQUEST_SECONDS old, then closed.
    assert {answer.split(b"\r\n", 1)[0] for answer in answers} == {b"HTTP/1.1 408 Request Timeout"}
    assert timed_get(server) < MAX_LATENCY_SECONDS
