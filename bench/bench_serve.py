#!/usr/bin/env python3
"""Serving speed of a landing page against a bare Starlette app, and serving memory.

    python bench/bench_serve.py [--rounds 3] [--seconds 10] [--connections 64]
                                [--path /conditions/sciatica/santa-monica/] [--pin]

Starts `nearme serve` (production, one worker) and bench/bare_app.py (a
Starlette hello-world run with the very ``uvicorn.run`` options `nearme serve`
passes; the bench reports which event loop and HTTP parser each loaded and
that both write access lines). Warms both up, then runs
``wrk -t2 -c64 -d10s --latency -H "Accept-Encoding: gzip, br"`` against the
landing page and against the bare app, alternating (nearme first in odd
rounds, bare first in even ones). The figure that matters is the ratio of
requests/s within a round; the median over rounds is reported.

wrk shares the 2-core machine with the servers; by default the kernel places
all of them. --pin puts the servers on CPU 0 and wrk on CPU 1 (both apps
alike); on this shared machine that was no steadier, and at 256 connections
it gave even the bare app 1-2 s stalls while uvloop accepted connections.
Memory is the serving process's VmRSS and VmHWM (peak) from /proc.
Needs wrk (`apt-get install -y wrk`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
WRK_SCRIPTS = ROOT / "bench" / "wrk"
ACCEPT_ENCODING = "gzip, br"
SERVER_CPU, WRK_CPU = 0, 1
TARGET_RATIO, TARGET_P99_MS, TARGET_RSS_MB = 0.85, 25.0, 150.0
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


# ---------------------------------------------------------------- processes


def require_wrk() -> str:
    """The path of wrk, or exit with how to install it."""
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = Path(folder) / "wrk"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise SystemExit("error: wrk is not installed (apt-get update && apt-get install -y wrk)")


def require_free_port(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            raise SystemExit(
                f"error: port {port} is taken; pick others with --port/--bare-port"
            ) from None


def raise_open_files_limit() -> int:
    """Raise this process's (and so its children's) open-file limit to the hard limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def pin_to(cpu: int | None):
    """A preexec_fn pinning the child to one CPU (None: leave it to the kernel)."""
    if cpu is None:
        return None
    return lambda: os.sched_setaffinity(0, {cpu})


def can_pin() -> bool:
    return len(os.sched_getaffinity(0)) >= 2 and {SERVER_CPU, WRK_CPU} <= os.sched_getaffinity(0)


class Server:
    """A server subprocess on a loopback port: started, awaited, always terminated."""

    def __init__(self, name: str, command: list[str], port: int, cpu: int | None) -> None:
        self.name, self.command, self.port, self.cpu = name, command, port, cpu
        self.base = f"http://127.0.0.1:{port}"
        self.logs = Path()  # a temporary folder for its stdout and stderr, once started
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        require_free_port(self.port)
        self.logs = Path(tempfile.mkdtemp(prefix=f"bench-{self.name}-"))
        env = {**os.environ, "NEARME_ENV": "production", "NEARME_BASE_URL": self.base}
        with (self.logs / "stdout").open("wb") as out, (self.logs / "stderr").open("wb") as err:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=env, stdout=out, stderr=err, preexec_fn=pin_to(self.cpu)
            )
        try:
            self._wait_until_up()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.logs, ignore_errors=True)

    def _wait_until_up(self, probe: str = "/healthz", timeout: float = 60) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"error: {self.name} exited with {self.process.returncode} on start:\n"
                    f"{self.stderr_tail()}"
                )
            try:
                urllib.request.urlopen(self.base + probe, timeout=1).read()
            except OSError as exc:
                if getattr(exc, "code", None) == 404:  # up, without a /healthz route
                    return
                time.sleep(0.2)
            else:
                return
        raise SystemExit(f"error: {self.name} did not answer on {self.base} within {timeout:.0f} s")

    def stderr_line(self, prefix: str) -> str:
        """The first line of the server's stderr that starts with ``prefix``, or ''."""
        for line in (self.logs / "stderr").read_text("utf-8", "replace").splitlines():
            if line.startswith(prefix):
                return line
        return ""

    def stderr_tail(self, lines: int = 20) -> str:
        text = (self.logs / "stderr").read_text("utf-8", "replace")
        return "\n".join(text.splitlines()[-lines:])

    @property
    def pid(self) -> int:
        """The process that serves: ours, or its only child if it spawned workers."""
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        kids = children.read_text().split() if children.exists() else []
        return int(kids[-1]) if kids else self.process.pid

    def memory_mb(self) -> tuple[float, float]:
        """(VmRSS, VmHWM) of the serving process, in MB."""
        return read_memory_mb(self.pid)

    def log_summary(self) -> tuple[int, list[str]]:
        """Access-log lines written, and the problem lines (errors, tracebacks) logged."""
        access = 0
        with (self.logs / "stdout").open("rb") as out:
            for line in out:  # uvicorn's access lines, or nearme's JSON ones
                access += b'HTTP/1.1"' in line or line.startswith(b'{"time":')
        problems = [
            line
            for line in (self.logs / "stderr").read_text("utf-8", "replace").splitlines()
            if re.search(r"ERROR|CRITICAL|Traceback|Exception", line)
        ]
        return access, problems

    def loaded(self, library: str) -> bool:
        """Whether a shared library whose path contains ``library`` is mapped in the server."""
        return library in Path(f"/proc/{self.pid}/maps").read_text()


def read_memory_mb(pid: int) -> tuple[float, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def nearme_server(port: int, cpu: int | None) -> Server:
    return Server("nearme", [str(BIN / "nearme"), "serve", "--port", str(port)], port, cpu)


def bare_server(port: int, cpu: int | None) -> Server:
    command = [str(BIN / "python"), str(ROOT / "bench" / "bare_app.py"), "--port", str(port)]
    return Server("bare", command, port, cpu)


# ---------------------------------------------------------------- wrk


@dataclass
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    socket_errors: dict[str, int]
    status_errors: int  # wrk's "Non-2xx or 3xx responses"
    extra: dict[str, int]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def errors(self) -> int:
        return sum(self.socket_errors.values()) + self.status_errors

    def summary(self) -> str:
        return (
            f"{self.rps:,.0f} req/s, p50/p99/max {self.p50_ms:.1f}/{self.p99_ms:.1f}/"
            f"{self.max_ms:.0f} ms, errors: {self.describe_errors()}"
        )

    def describe_errors(self) -> str:
        parts = [f"{n} {kind}" for kind, n in self.socket_errors.items() if n]
        if self.status_errors:
            parts.append(f"{self.status_errors} non-2xx/3xx")
        return ", ".join(parts) or "none"


def wrk_command(
    url: str, connections: int, seconds: float, script: Path, args: list[str]
) -> list[str]:
    command = [
        require_wrk(),
        "-t2",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--latency",
        "-H",
        f"Accept-Encoding: {ACCEPT_ENCODING}",
        "-s",
        str(script),
        url,
    ]
    if args:
        command += ["--", *args]
    return command


def run_wrk(
    url: str,
    connections: int,
    seconds: float,
    cpu: int | None,
    script: Path = WRK_SCRIPTS / "report.lua",
    args: list[str] | None = None,
) -> WrkResult:
    command = wrk_command(url, connections, seconds, script, args or [])
    done = subprocess.run(command, capture_output=True, text=True, preexec_fn=pin_to(cpu))
    found = re.search(r"^WRK_JSON (\{.*\})$", done.stdout, re.MULTILINE)
    if done.returncode != 0 or not found:
        raise SystemExit(
            f"error: wrk failed ({done.returncode}): {shlex.join(command)}\n{done.stdout}{done.stderr}"
        )
    data = json.loads(found.group(1))
    socket_errors = {kind: data.pop(f"{kind}_errors") for kind in ("connect", "read", "write")} | {
        "timeout": data.pop("timeouts")
    }
    base = ("requests", "duration_us", "bytes", "p50_us", "p90_us", "p99_us", "max_us")
    return WrkResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        socket_errors=socket_errors,
        status_errors=data.pop("status_errors"),
        extra={k: v for k, v in data.items() if k not in base},
    )


# ---------------------------------------------------------------- the site


def fetch(url: str, accept_encoding: str = "identity") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept_encoding})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, lower_keys(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, lower_keys(error.headers), error.read()


def lower_keys(headers: Message) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def sitemap_paths(base: str) -> list[str]:
    """Every page path the sitemaps list: the index's children, then their <loc>s."""
    paths = []
    for child in locs(base + "/sitemap.xml"):
        for page in locs(child):
            paths.append(page.removeprefix(base) or "/")
    return paths


def locs(url: str) -> list[str]:
    status, headers, body = fetch(url)
    if status != 200:
        raise SystemExit(f"error: {url} answered {status}")
    if headers.get("content-encoding") == "gzip" or url.endswith(".gz"):
        body = gzip.decompress(body)
    return [loc.text.strip() for loc in ET.fromstring(body).iter(SITEMAP_NS + "loc") if loc.text]


def encoding_report(url: str) -> str:
    """How the page comes back when asked with Accept-Encoding: gzip, br."""
    status, headers, body = fetch(url, ACCEPT_ENCODING)
    _, _, plain = fetch(url)
    encoding = headers.get("content-encoding")
    if status != 200:
        return f"status {status}"
    if not encoding or encoding == "identity":
        return f"NOT compressed ({len(body):,} bytes)"
    return f"{encoding}, {len(body):,} bytes ({len(plain):,} uncompressed)"


# ---------------------------------------------------------------- the bench


@dataclass
class Round:
    nearme: WrkResult
    bare: WrkResult

    @property
    def ratio(self) -> float:
        return self.nearme.rps / self.bare.rps


def run_rounds(
    page_url: str, bare_url: str, args: argparse.Namespace, cpu: int | None
) -> list[Round]:
    rounds = []
    for number in range(1, args.rounds + 1):
        order = ["nearme", "bare"] if number % 2 else ["bare", "nearme"]
        results = {}
        for name in order:
            url = page_url if name == "nearme" else bare_url
            results[name] = run_wrk(url, args.connections, args.seconds, cpu)
        rounds.append(Round(results["nearme"], results["bare"]))
        print_round(number, rounds[-1])
    return rounds


def print_round(number: int, result: Round) -> None:
    n, b = result.nearme, result.bare
    print(
        f"round {number}:              ratio {result.ratio:.2f} | nearme {n.summary()}"
        f" | bare {b.summary()}",
        flush=True,
    )


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def warn_if_busy(threshold: float = 1.0) -> None:
    """Say so when other work already keeps a core busy: figures will be noisier."""
    one_minute = float(load_average().split()[0])
    if one_minute > threshold:
        print(f"note:                 the machine is busy (load {one_minute:.1f} before we start)")


def access_log_report(nearme_lines: int, bare_lines: int) -> str:
    """Whether both servers wrote access lines (uvicorn's default), to a file each."""
    if bool(nearme_lines) != bool(bare_lines):
        return f"DIFFERS: {nearme_lines:,} lines by nearme, {bare_lines:,} by bare"
    state = "on" if nearme_lines else "off"
    return f"{state} for both ({nearme_lines:,} lines by nearme, {bare_lines:,} by bare, to files)"


def verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10, help="per wrk run")
    parser.add_argument("--warmup", type=float, default=5, help="seconds of wrk per app first")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--path", default="/conditions/sciatica/santa-monica/")
    parser.add_argument("--port", type=int, default=8781, help="nearme serve")
    parser.add_argument("--bare-port", type=int, default=8782, help="the bare app")
    parser.add_argument("--pin", action="store_true", help="servers on CPU 0, wrk on CPU 1")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    require_wrk()
    raise_open_files_limit()
    pin = args.pin and can_pin()
    server_cpu, wrk_cpu = (SERVER_CPU, WRK_CPU) if pin else (None, None)
    command = shlex.join([".venv/bin/python", "bench/bench_serve.py", *sys.argv[1:]])
    print(f"command:              {command}", flush=True)
    print(f"load before start:    {load_average()} (1/5/15 min; other work on the machine)")
    warn_if_busy()
    with (
        nearme_server(args.port, server_cpu) as nearme,
        bare_server(args.bare_port, server_cpu) as bare,
    ):
        started_rss, _ = nearme.memory_mb()
        page_url, bare_url = nearme.base + args.path, bare.base + "/"
        listed = args.path in sitemap_paths(nearme.base)
        status, _, _ = fetch(page_url)
        if status != 200:
            raise SystemExit(f"error: {page_url} answered {status}; pick another --path")
        print_setup(args, nearme, bare, page_url, bare_url, listed, pin)
        for url in (page_url, bare_url):
            run_wrk(url, args.connections, args.warmup, wrk_cpu)
        warm_rss, _ = nearme.memory_mb()
        rounds = run_rounds(page_url, bare_url, args, wrk_cpu)
        end_rss, peak_rss = nearme.memory_mb()
        bare_rss, bare_peak = bare.memory_mb()
        logs = {server.name: server.log_summary() for server in (nearme, bare)}
    print_summary(rounds)
    print(f"access log:           {access_log_report(logs['nearme'][0], logs['bare'][0])}")
    print(
        f"nearme serve RSS:     {started_rss:.0f} MB started, {warm_rss:.0f} MB warmed, "
        f"{end_rss:.0f} MB after the rounds; peak (VmHWM) {peak_rss:.0f} MB "
        f"(target <= {TARGET_RSS_MB:.0f} MB) - {verdict(peak_rss <= TARGET_RSS_MB)}"
    )
    print(
        f"bare app RSS:         {bare_rss:.0f} MB, peak {bare_peak:.0f} MB "
        "(it loads the site once, to learn nearme serve's options)"
    )
    print(f"load after the run:   {load_average()} (1/5/15 min; other work on the machine)")
    for name, (_, problems) in logs.items():
        if problems:
            print(f"{name} logged {len(problems)} problem lines, e.g.: {problems[0]}")
    return 0


def print_setup(
    args: argparse.Namespace,
    nearme: Server,
    bare: Server,
    page_url: str,
    bare_url: str,
    listed: bool,
    pin: bool,
) -> None:
    import uvicorn

    libs = {
        lib: "/".join("yes" if s.loaded(lib) else "no" for s in (nearme, bare))
        for lib in ("uvloop/loop", "httptools/parser")
    }
    print(
        f"page:                 {page_url} ({'in' if listed else 'NOT in'} the sitemaps; "
        f"{encoding_report(page_url)} with Accept-Encoding: {ACCEPT_ENCODING})"
    )
    print(f'bare app:             {bare_url} (Starlette PlainTextResponse "Hello, world!")')
    print(
        f"uvicorn:              {uvicorn.__version__}, one worker each; uvloop loaded "
        f"{libs['uvloop/loop']}, httptools loaded {libs['httptools/parser']} (nearme/bare)"
    )
    options = bare.stderr_line("bare_app: uvicorn.run(")
    print(f"  both run with:      {options.removeprefix('bare_app: ') or '(options not found)'}")
    print(
        f"wrk:                  -t2 -c{args.connections} -d{args.seconds:g}s --latency "
        f'-H "Accept-Encoding: {ACCEPT_ENCODING}", {args.warmup:g} s warm-up per app, '
        f"{args.rounds} rounds alternating"
    )
    placement = (
        f"servers pinned to CPU {SERVER_CPU}, wrk to CPU {WRK_CPU} (both apps alike)"
        if pin
        else "not pinned (the kernel places servers and wrk)"
    )
    print(f"CPUs:                 {placement}", flush=True)


def print_summary(rounds: list[Round]) -> None:
    ratio = statistics.median(r.ratio for r in rounds)
    p99 = statistics.median(r.nearme.p99_ms for r in rounds)
    worst = max(r.nearme.p99_ms for r in rounds)
    errors = sum(r.nearme.errors + r.bare.errors for r in rounds)
    print(
        f"median ratio:         {ratio:.2f} of the bare app's requests/s "
        f"(target >= {TARGET_RATIO}) - {verdict(ratio >= TARGET_RATIO)}"
    )
    print(
        f"nearme p99:           {p99:.1f} ms median, {worst:.1f} ms worst round "
        f"(target <= {TARGET_P99_MS:.0f} ms) - {verdict(p99 <= TARGET_P99_MS)}"
    )
    print(f"errors:               {errors} (socket errors, timeouts, non-2xx/3xx)")


if __name__ == "__main__":
    sys.exit(main())
