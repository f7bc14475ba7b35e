#!/usr/bin/env python3
"""What the access log costs: `nearme serve --access-log` against `--no-access-log`.

    python bench/bench_access_log.py [--rounds 3] [--seconds 10] [--connections 64]
                                     [--path /conditions/sciatica/santa-monica/]

Starts both servers (production, one worker each, stdout to a file), warms
them up, then runs ``wrk -t2 -c64 -d10s --latency -H "Accept-Encoding: gzip, br"``
against the same landing page on each, alternating which goes first. The
figure is requests/s with the log on divided by requests/s with it off, per
round and the median; target >= 0.85. It also checks the log was really
written: one JSON line per request wrk made (warm-up included), each one
parsing. Needs wrk (`apt-get install -y wrk`).
"""

from __future__ import annotations

import argparse
import json
import shlex
import statistics
import sys
import time

from bench_serve import (
    BIN,
    ROOT,
    Server,
    WrkResult,
    load_average,
    raise_open_files_limit,
    require_wrk,
    run_wrk,
    verdict,
    warn_if_busy,
)

TARGET_RATIO = 0.85


def server(name: str, port: int, flag: str) -> Server:
    return Server(name, [str(BIN / "nearme"), "serve", "--port", str(port), flag], port, None)


def log_lines(logged: Server) -> tuple[int, int]:
    """(JSON lines on the server's stdout, lines that did not parse)."""
    lines = bad = 0
    with (logged.logs / "stdout").open("rb") as out:
        for line in out:
            lines += 1
            try:
                json.loads(line)
            except ValueError:
                bad += 1
    return lines, bad


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10, help="per wrk run")
    parser.add_argument("--warmup", type=float, default=5, help="seconds of wrk per server first")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--path", default="/conditions/sciatica/santa-monica/")
    parser.add_argument("--port", type=int, default=8783, help="the server with the log on")
    parser.add_argument("--quiet-port", type=int, default=8784, help="the one with it off")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    require_wrk()
    raise_open_files_limit()
    command = shlex.join([".venv/bin/python", "bench/bench_access_log.py", *sys.argv[1:]])
    print(f"command:              {command}  (from {ROOT.name}/)", flush=True)
    print(f"load before start:    {load_average()} (1/5/15 min; other work on the machine)")
    warn_if_busy()
    print(
        f"wrk:                  -t2 -c{args.connections} -d{args.seconds:g}s --latency, "
        f"{args.warmup:g} s warm-up each, {args.rounds} rounds alternating, page {args.path}",
        flush=True,
    )
    requests = 0
    rounds: list[tuple[WrkResult, WrkResult]] = []
    with (
        server("logged", args.port, "--access-log") as logged,
        server("quiet", args.quiet_port, "--no-access-log") as quiet,
    ):
        for started in (logged, quiet):
            started._wait_until_up("/readyz")  # every page rendered
        urls = {"logged": logged.base + args.path, "quiet": quiet.base + args.path}
        for name, url in urls.items():
            warmed = run_wrk(url, args.connections, args.warmup, None)
            requests += warmed.requests if name == "logged" else 0
        for number in range(1, args.rounds + 1):
            order = ["logged", "quiet"] if number % 2 else ["quiet", "logged"]
            results = {
                name: run_wrk(urls[name], args.connections, args.seconds, None) for name in order
            }
            requests += results["logged"].requests
            rounds.append((results["logged"], results["quiet"]))
            on, off = results["logged"], results["quiet"]
            print(
                f"round {number}:              ratio {on.rps / off.rps:.2f} | log on "
                f"{on.summary()} | log off {off.summary()}",
                flush=True,
            )
        time.sleep(1)  # lines are written at most a quarter of a second after their request
        lines, bad = log_lines(logged)
        quiet_lines, _ = log_lines(quiet)
    ratio = statistics.median(on.rps / off.rps for on, off in rounds)
    print(
        f"median ratio:         {ratio:.2f} of the requests/s with the log off "
        f"(target >= {TARGET_RATIO}) - {verdict(ratio >= TARGET_RATIO)}"
    )
    print(
        f"log written:          {lines:,} JSON lines for {requests:,} requests by wrk "
        f"({bad} unparsable); {quiet_lines} with --no-access-log"
    )
    print(f"load after the run:   {load_average()} (1/5/15 min; other work on the machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
