#!/usr/bin/env python3
"""Sustained load over every page of the sitemaps: errors and memory growth.

    python bench/bench_load.py [--seconds 30] [--connections 256] [--cold] [--no-control]
                               [--pin]

Starts `nearme serve` (production, one worker), reads every page path its
sitemaps list (/sitemap.xml is an index of child sitemaps), and runs
``wrk -t2 -c256 -d30s --latency -H "Accept-Encoding: gzip, br"`` with
bench/wrk/rotate.lua, which walks that list in a circle and counts every
response by status class. Any socket error (connect, read, write), timeout
(wrk's default 2 s) or response other than 2xx is a failure.

The serving process's RSS is sampled every second during the run; the mean
and the peak of the first half are compared with those of the second half
(target: growth under 20%). By default every page is requested once before
the run, so filling the page cache is not counted as growth; --cold skips it.
The listening socket's accept queue is watched too (the most connections
waiting to be accepted in each second), as all 256 connections open at once.
Then, as a control, the same load runs against bench/bare_app.py (a
hello-world on the same uvicorn options), to tell the server's errors and
latency from those of uvicorn and the machine. The kernel places servers and
wrk unless --pin (servers on CPU 0, wrk on CPU 1). Needs wrk.
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench_serve import (
    ACCEPT_ENCODING,
    SERVER_CPU,
    WRK_CPU,
    WRK_SCRIPTS,
    Server,
    WrkResult,
    bare_server,
    can_pin,
    fetch,
    load_average,
    nearme_server,
    raise_open_files_limit,
    read_memory_mb,
    require_wrk,
    run_wrk,
    sitemap_paths,
    verdict,
    warn_if_busy,
)

TARGET_GROWTH = 0.20


@dataclass
class Sample:
    seconds: float  # since the start of the run
    rss_mb: float


def accept_queue(port: int) -> int:
    """Connections waiting in the listening socket's accept queue (its rx_queue in /proc)."""
    local = f":{port:04X}"
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[1].endswith(local) and fields[3] == "0A":  # LISTEN
                return int(fields[4].split(":")[1], 16)
    return 0


class Sampler(threading.Thread):
    """Until stopped: the server's VmRSS every ``interval`` seconds, and the most
    connections waiting in its accept queue in each second (looked at every 0.1 s)."""

    def __init__(self, pid: int, port: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.port, self.interval = pid, port, interval
        self.samples: list[Sample] = []
        self.queue_per_second: list[int] = []
        self._stop_event = threading.Event()

    def run(self) -> None:
        start = time.monotonic()
        next_rss = start
        while not self._stop_event.is_set():
            now = time.monotonic()
            if now >= next_rss:
                self.samples.append(Sample(now - start, read_memory_mb(self.pid)[0]))
                next_rss += self.interval
            second = int(now - start)
            while len(self.queue_per_second) <= second:
                self.queue_per_second.append(0)
            queued = accept_queue(self.port)
            self.queue_per_second[second] = max(self.queue_per_second[second], queued)
            self._stop_event.wait(0.1)

    def stop(self) -> Sampler:
        self._stop_event.set()
        self.join()
        return self


def warm(base: str, paths: list[str]) -> list[str]:
    """Request every path once; return those that did not answer 200."""
    return [path for path in paths if fetch(base + path, ACCEPT_ENCODING)[0] != 200]


def halves(samples: list[Sample], seconds: float) -> tuple[list[float], list[float]]:
    first = [s.rss_mb for s in samples if s.seconds < seconds / 2]
    second = [s.rss_mb for s in samples if seconds / 2 <= s.seconds <= seconds]
    if not first or not second:
        raise SystemExit("error: too few memory samples; run longer")
    return first, second


def growth(before: float, after: float) -> str:
    return f"{(after - before) / before:+.1%}"


def print_wrk(result: WrkResult, paths: int) -> None:
    counts = result.extra
    others = {k: v for k, v in counts.items() if k.startswith("status_") and v}
    print(
        f"requests:             {result.requests:,} in {result.seconds:.1f} s = "
        f"{result.rps:,.0f} req/s over {counts.get('paths', paths)} paths"
    )
    print(
        f"latency:              p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms, "
        f"max {result.max_ms:.0f} ms"
    )
    print(f"responses:            {', '.join(f'{v:,} {k[7:]}' for k, v in others.items())}")
    bad = result.errors + sum(v for k, v in others.items() if k != "status_2xx")
    print(
        f"errors:               {bad} ({result.describe_errors()}; every non-2xx counted) "
        f"(target 0) - {verdict(bad == 0)}"
    )


def print_memory(samples: list[Sample], seconds: float, before: float, peak: float) -> None:
    first, second = halves(samples, seconds)
    mean1, mean2 = statistics.mean(first), statistics.mean(second)
    peak1, peak2 = max(first), max(second)
    worst = max((mean2 - mean1) / mean1, (peak2 - peak1) / peak1)
    print(f"RSS before the run:   {before:.0f} MB")
    print(f"RSS first half:       mean {mean1:.0f} MB, peak {peak1:.0f} MB ({len(first)} samples)")
    print(f"RSS second half:      mean {mean2:.0f} MB, peak {peak2:.0f} MB ({len(second)} samples)")
    print(
        f"RSS growth:           mean {growth(mean1, mean2)}, peak {growth(peak1, peak2)} "
        f"(target < {TARGET_GROWTH:.0%}) - {verdict(worst < TARGET_GROWTH)}"
    )
    print(f"RSS peak (VmHWM):     {peak:.0f} MB")
    trace = " ".join(f"{s.rss_mb:.0f}" for s in samples)
    print(f"RSS each second (MB): {trace}")


@dataclass
class LoadRun:
    result: WrkResult
    samples: list[Sample]
    queue_per_second: list[int]
    rss_before: float
    rss_peak: float
    access_lines: int
    problems: list[str]
    not_ok: list[str]


def load(server: Server, paths: list[str], args: argparse.Namespace, cpu: int | None) -> LoadRun:
    """Warm the server up (unless --cold), then run wrk over ``paths`` sampling its RSS."""
    not_ok = [] if args.cold else warm(server.base, paths)
    before, _ = server.memory_mb()
    sampler = Sampler(server.pid, server.port, args.interval)
    with tempfile.TemporaryDirectory() as tmp:
        paths_file = Path(tmp) / "paths.txt"
        paths_file.write_text("".join(f"{p}\n" for p in paths))
        sampler.start()
        try:
            result = run_wrk(
                server.base,
                args.connections,
                args.seconds,
                cpu,
                script=WRK_SCRIPTS / "rotate.lua",
                args=[str(paths_file)],
            )
        finally:
            sampler.stop()
    _, peak = server.memory_mb()
    access, problems = server.log_summary()
    return LoadRun(
        result, sampler.samples, sampler.queue_per_second, before, peak, access, problems, not_ok
    )


def print_run(run: LoadRun, args: argparse.Namespace, paths: int) -> None:
    print_wrk(run.result, paths)
    if run.not_ok:
        print(
            f"warm-up:              {len(run.not_ok)} paths did not answer 200, e.g. {run.not_ok[0]}"
        )
    print_memory(run.samples, args.seconds, run.rss_before, run.rss_peak)
    print(f"accept queue, max/s:  {queue_trace(run.queue_per_second)}")
    print(
        f"server log:           {run.access_lines:,} access lines, {len(run.problems)} error lines"
    )
    for line in run.problems[:5]:
        print(f"  {line}")


def queue_trace(per_second: list[int]) -> str:
    """'236 170 90 0 x27': connections not yet accepted, at most, in each second."""
    last = max((i for i, n in enumerate(per_second) if n), default=-1)
    head = " ".join(str(n) for n in per_second[: last + 1])
    zeros = len(per_second) - last - 1
    return f"{head} 0 x{zeros}".strip() if zeros else head


def print_control(run: LoadRun) -> None:
    r = run.result
    print(
        f"bare app, same load:  {r.rps:,.0f} req/s, p50 {r.p50_ms:.1f} ms, p99 {r.p99_ms:.1f} ms, "
        f"max {r.max_ms:.0f} ms, errors: {r.describe_errors()}; "
        f"accept queue, max/s: {queue_trace(run.queue_per_second)}"
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--connections", type=int, default=256)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between samples")
    parser.add_argument("--port", type=int, default=8783)
    parser.add_argument("--bare-port", type=int, default=8784)
    parser.add_argument("--cold", action="store_true", help="do not request every page first")
    parser.add_argument(
        "--no-control", action="store_true", help="skip the same load on the bare app"
    )
    parser.add_argument("--pin", action="store_true", help="servers on CPU 0, wrk on CPU 1")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    require_wrk()
    open_files = raise_open_files_limit()
    if open_files < args.connections + 64:
        raise SystemExit(f"error: only {open_files} open files allowed; raise ulimit -n")
    pin = args.pin and can_pin()
    server_cpu, wrk_cpu = (SERVER_CPU, WRK_CPU) if pin else (None, None)
    command = shlex.join([".venv/bin/python", "bench/bench_load.py", *sys.argv[1:]])
    print(f"command:              {command}", flush=True)
    print(f"load before start:    {load_average()} (1/5/15 min; other work on the machine)")
    warn_if_busy()
    with nearme_server(args.port, server_cpu) as server:
        paths = sitemap_paths(server.base)
        print_setup(args, server, len(paths), pin, open_files)
        run = load(server, paths, args, wrk_cpu)
    print_run(run, args, len(paths))
    if not args.no_control:
        with bare_server(args.bare_port, server_cpu) as bare:
            print_control(load(bare, paths, args, wrk_cpu))
    print(f"load after the run:   {load_average()} (1/5/15 min)")
    return 0


def print_setup(
    args: argparse.Namespace, server: Server, paths: int, pin: bool, open_files: int
) -> None:
    print(f"site:                 {server.base}/ ({paths} distinct page paths from the sitemaps)")
    print(
        f"wrk:                  -t2 -c{args.connections} -d{args.seconds:g}s --latency "
        f'-H "Accept-Encoding: {ACCEPT_ENCODING}" -s bench/wrk/rotate.lua '
        f"(timeout 2 s, wrk's default); open files limit {open_files}"
    )
    placement = (
        f"server pinned to CPU {SERVER_CPU}, wrk to CPU {WRK_CPU}"
        if pin
        else "not pinned (--pin to pin)"
    )
    warmed = "none (--cold)" if args.cold else "every path requested once"
    print(f"CPUs:                 {placement}; warm-up: {warmed}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
