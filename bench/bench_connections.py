#!/usr/bin/env python3
"""Which HTTP implementation `nearme serve` runs on: speed, and what hostile connections do.

    python bench/bench_connections.py [--rounds 3] [--seconds 10] [--connections 64]

Serves the default site (production, one worker, no access log) three ways at
once, everything else as `nearme serve` has it:

- ``httptools``: uvicorn's httptools protocol as it comes;
- ``h11``: uvicorn's pure-Python h11 protocol (its 16 KiB head limit);
- ``bounded``: ``service.web.connections.BoundedHttpToolsProtocol``, what
  `nearme serve` runs.

Speed: requests/s from ``wrk -t2 -c64 -d10s`` against a landing page, 3 rounds
with the three servers alternating, median reported. Then, one server at a
time: its resident memory while 20 clients each send a 50 MB request header
that never ends, and, while 200 slowloris clients send one header line a
second for 15 s, how long other requests take and how many slow connections
the server still holds at the end. Needs wrk.
"""

from __future__ import annotations

import argparse
import contextlib
import select
import shlex
import socket
import statistics
import sys
import threading
import time

from bench_serve import (
    BIN,
    ROOT,
    Server,
    load_average,
    raise_open_files_limit,
    require_wrk,
    run_wrk,
    warn_if_busy,
)

PAGE = "/conditions/sciatica/santa-monica/"
IMPLEMENTATIONS = {
    "httptools": "httptools",
    "h11": "h11",
    "bounded": "service.web.connections:BoundedHttpToolsProtocol",
}
# `nearme serve` with another HTTP implementation: the command as is, one constant changed.
LAUNCHER = (
    "import sys, service.commands.serve as serve; serve.HTTP_PROTOCOL = sys.argv[1]; "
    "from service.cli import main; "
    "sys.exit(main(['serve', '--port', sys.argv[2], '--no-access-log']))"
)
ENDLESS_CLIENTS, ENDLESS_MB = 20, 50
SLOW_CLIENTS, SLOW_SECONDS = 200, 15


def launch(name: str, port: int) -> Server:
    command = [str(BIN / "python"), "-c", LAUNCHER, IMPLEMENTATIONS[name], str(port)]
    return Server(name, command, port, None)


def endless_header(port: int, accepted: list[int]) -> None:
    sent = 0
    chunk = b"a" * (1024 * 1024)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(f"GET {PAGE} HTTP/1.1\r\nHost: x\r\nX-Endless: ".encode())
            for _ in range(ENDLESS_MB):
                sock.sendall(chunk)
                sent += len(chunk)
            time.sleep(3)  # held open, the header never finished
    except OSError:
        pass
    accepted.append(sent)


def endless_headers(server: Server) -> tuple[float, float, int]:
    """(RSS before, peak RSS while 20 endless headers come in, MB the server took in)."""
    before, _ = server.memory_mb()
    accepted: list[int] = []
    threads = [
        threading.Thread(target=endless_header, args=(server.port, accepted), daemon=True)
        for _ in range(ENDLESS_CLIENTS)
    ]
    for thread in threads:
        thread.start()
    peak = before
    while any(thread.is_alive() for thread in threads):
        peak = max(peak, server.memory_mb()[0])
        time.sleep(0.05)
    return before, peak, sum(accepted) // (1024 * 1024)


def timed_get(port: int) -> float:
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(f"GET {PAGE} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        while sock.recv(65536):
            pass
    return time.perf_counter() - started


def slowloris(server: Server) -> tuple[list[float], int]:
    """(latencies of other requests meanwhile, slow connections still open at the end)."""
    slow: list[socket.socket] = []
    for _ in range(SLOW_CLIENTS):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        sock.sendall(f"GET {PAGE} HTTP/1.1\r\nHost: x\r\n".encode())
        slow.append(sock)
    latencies = []
    started = time.monotonic()
    open_ones = slow
    while time.monotonic() - started < SLOW_SECONDS:
        still = []
        for number, sock in enumerate(open_ones):
            try:
                sock.sendall(f"X-Slow-{number}: 1\r\n".encode())
                answered, _, _ = select.select([sock], [], [], 0)  # a 408, or the close
            except OSError:
                answered = [sock]
            if answered:
                sock.close()
            else:
                still.append(sock)
        open_ones = still
        latencies += [timed_get(server.port) for _ in range(3)]
        time.sleep(1)
    for sock in open_ones:
        sock.close()
    return latencies, len(open_ones)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10, help="per wrk run")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--port", type=int, default=8785)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    require_wrk()
    raise_open_files_limit()
    command = shlex.join([".venv/bin/python", "bench/bench_connections.py", *sys.argv[1:]])
    print(f"command:              {command}  (from {ROOT.name}/)", flush=True)
    print(f"load before start:    {load_average()} (1/5/15 min; other work on the machine)")
    warn_if_busy()
    names = list(IMPLEMENTATIONS)
    with contextlib.ExitStack() as stack:
        servers = {
            name: stack.enter_context(launch(name, args.port + number))
            for number, name in enumerate(names)
        }
        for server in servers.values():
            server._wait_until_up("/readyz")
            run_wrk(server.base + PAGE, args.connections, 3, None)  # warm-up
        speeds: dict[str, list[float]] = {name: [] for name in names}
        for number in range(args.rounds):  # alternating, so drift on the machine hits all alike
            for name in names[number % 3 :] + names[: number % 3]:
                speed = run_wrk(servers[name].base + PAGE, args.connections, args.seconds, None)
                speeds[name].append(speed.rps)
        baseline = statistics.median(speeds["httptools"])
        for name in names:
            median = statistics.median(speeds[name])
            rounds = " / ".join(f"{rps:,.0f}" for rps in speeds[name])
            print(
                f"{name + ':':<22}{median:,.0f} req/s median ({rounds}), "
                f"{median / baseline:.2f} of httptools",
                flush=True,
            )
        for name in names:
            server = servers[name]
            before, peak, taken = endless_headers(server)
            latencies, still_open = slowloris(server)
            print(
                f"{name + ':':<22}{ENDLESS_CLIENTS} endless {ENDLESS_MB} MB headers: RSS "
                f"{before:.0f} -> peak {peak:.0f} MB, {taken:,} MB sent before refusal | "
                f"{SLOW_CLIENTS} slowloris for {SLOW_SECONDS} s: other requests median "
                f"{statistics.median(latencies) * 1000:.1f} ms, max {max(latencies) * 1000:.0f} "
                f"ms; {still_open} slow connections still open",
                flush=True,
            )
    print(f"load after the run:   {load_average()} (1/5/15 min; other work on the machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
