#!/usr/bin/env python3
"""Static export speed: pages/s of `nearme export`, compression included.

    python bench/bench_export.py [--conditions 50 --neighborhoods 330 --locales 3]
                                 [--content DIR] [--out-root DIR] [--keep]

Exports two sites with ``nearme export --out DIR --base-url URL [--content DIR]``
(NEARME_ENV=production), each in its own process: the default (embedded)
site, and synthetic content from bench/make_content.py, by default
50 conditions x 330 neighborhoods x 3 locales = 50,649 pages. Pages are
counted as the index.html files written; the .gz and .br next to them, the
sitemaps, robots.txt and 404.html are checked for.

The export is timed from process start to exit (wall time), so content
loading is inside that figure. If the command prints its own timing ("... in
89.1 s (569 pages/s)", taken after it has opened the content), pages/s by that
clock is given too. As a second estimate of loading, the wall time of
``nearme check`` on the same content (loading, the registry, every page's
headings and indexability; nothing rendered or written) is subtracted.
Target: >= 1,000 pages/s on this 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
NEARME = str(BIN / "nearme")
BASE_URL = "https://clinic.example"
TARGET_PAGES_PER_S = 1000


@dataclass
class Timed:
    """One finished child process: wall time, CPU time, peak RSS and its output."""

    command: list[str]
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str

    def check(self) -> Timed:
        if self.returncode != 0:
            raise SystemExit(
                f"error: `{shlex.join(self.command)}` exited with {self.returncode}:\n"
                f"{self.stderr[-3000:] or self.stdout[-3000:]}"
            )
        return self


def timed(command: list[str], env: dict[str, str] | None = None) -> Timed:
    """Run ``command`` to the end; its CPU time and peak RSS come from wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Timed(
            command,
            seconds,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024,
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def require_export(nearme: str) -> None:
    """Exit with a clear message if this nearme has no `export` command (yet)."""
    done = subprocess.run([nearme, "export", "--help"], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(
            "error: `nearme export` does not exist in this checkout yet "
            f"(`nearme export --help` exited with {done.returncode}: "
            f"{done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'no message'})"
        )
    missing = [opt for opt in ("--out", "--base-url", "--content") if opt not in done.stdout]
    if missing:
        raise SystemExit(f"error: `nearme export --help` does not mention {', '.join(missing)}")


def make_content(folder: Path, conditions: int, neighborhoods: int, locales: int) -> str:
    done = timed(
        [
            str(BIN / "python"),
            str(ROOT / "bench" / "make_content.py"),
            f"--conditions={conditions}",
            f"--neighborhoods={neighborhoods}",
            f"--locales={locales}",
            f"--out={folder}",
        ]
    ).check()
    return done.stdout.strip().splitlines()[-1]


@dataclass
class Written:
    pages: int  # index.html files
    gz: int
    br: int
    missing: list[str]  # site-wide files that should be there and are not
    megabytes: float


def survey(out: Path) -> Written:
    """Count what the export wrote."""
    pages = gz = br = 0
    size = 0
    for folder, _, files in os.walk(out):
        for name in files:
            size += os.path.getsize(os.path.join(folder, name))
            pages += name == "index.html"
            gz += name == "index.html.gz"
            br += name == "index.html.br"
    wanted = ["index.html", "404.html", "robots.txt", "sitemap.xml"]
    missing = [name for name in wanted if not (out / name).exists()]
    return Written(pages, gz, br, missing, size / 1e6)


@dataclass
class SiteResult:
    name: str
    expected_pages: int | None
    check: Timed
    export: Timed
    written: Written

    @property
    def rate(self) -> float:
        return self.written.pages / self.export.seconds


def run_site(
    nearme: str, name: str, content: Path | None, out_root: Path, keep: bool
) -> SiteResult:
    env = {**os.environ, "NEARME_ENV": "production", "NEARME_BASE_URL": BASE_URL}
    content_args = ["--content", str(content)] if content else []
    check = timed([nearme, "check", *content_args], env).check()
    found = re.search(r"^(\d+) pages \(", check.stdout, re.MULTILINE)
    out = Path(tempfile.mkdtemp(prefix=f"nearme-export-{name.replace(' ', '-')}-", dir=out_root))
    try:
        command = [nearme, "export", "--out", str(out), "--base-url", BASE_URL, *content_args]
        export = timed(command, env).check()
        written = survey(out)
    finally:
        if not keep:
            shutil.rmtree(out, ignore_errors=True)
    if keep:
        print(f"kept {out}")
    return SiteResult(name, int(found.group(1)) if found else None, check, export, written)


def own_timing(stdout: str) -> tuple[float, float] | None:
    """Seconds and pages/s `nearme export` reports itself ("in 89.1 s (569 pages/s)"), if any."""
    found = re.search(r" in ([\d.]+) s \(([\d,]+) pages/s\)", stdout)
    return (float(found.group(1)), float(found.group(2).replace(",", ""))) if found else None


def verdict(rate: float) -> str:
    return "met" if rate >= TARGET_PAGES_PER_S else "NOT MET"


def print_site(site: SiteResult) -> None:
    w, export, check = site.written, site.export, site.check
    expected = f" of {site.expected_pages:,} `nearme check` lists" if site.expected_pages else ""
    missing = f"; MISSING {', '.join(w.missing)}" if w.missing else ""
    print(f"{site.name}:")
    print(
        f"  written:                  {w.pages:,} pages{expected}; {w.gz:,} .gz, {w.br:,} .br; "
        f"{w.megabytes:,.0f} MB in all{missing}"
    )
    print(
        f"  nearme export:            {export.seconds:.1f} s wall, {export.cpu_seconds:.1f} s CPU "
        f"({export.cpu_seconds / export.seconds:.1f} cores), peak RSS {export.peak_rss_mb:.0f} MB"
    )
    print(
        f"  pages/s, wall:            {site.rate:,.0f} (process start to exit, content loading "
        f"included; target >= {TARGET_PAGES_PER_S:,}) - {verdict(site.rate)}"
    )
    own = own_timing(export.stdout)
    if own:
        seconds, rate = own
        print(
            f"  pages/s, export's clock:  {rate:,.0f} ({seconds:.1f} s, timed by the command "
            f"itself from after it opened the content) - {verdict(rate)}"
        )
    rest = export.seconds - check.seconds
    without = f"{w.pages / rest:,.0f}" if rest > 0 else "n/a (export faster than check)"
    print(
        f"  nearme check:             {check.seconds:.1f} s wall (loading, registry, headings, "
        "indexability; nothing rendered)"
    )
    print(f"  pages/s, wall - check:    {without} (estimate without loading)")
    for line in [line for line in export.stdout.splitlines() if line.strip()][-2:]:
        print(f"  export printed:           {line}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conditions", type=int, default=50)
    parser.add_argument("--neighborhoods", type=int, default=330)
    parser.add_argument("--locales", type=int, default=3)
    parser.add_argument("--content", type=Path, help="existing synthetic content to reuse")
    parser.add_argument(
        "--out-root",
        type=Path,
        default=Path(tempfile.gettempdir()),
        help="where the exported folders go (default: the temp dir)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the exported folders")
    parser.add_argument("--skip-default", action="store_true", help="only the synthetic site")
    parser.add_argument("--nearme", default=NEARME, help="the nearme command to time")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    require_export(args.nearme)
    command = shlex.join([".venv/bin/python", "bench/bench_export.py", *sys.argv[1:]])
    print(f"command:              {command}", flush=True)
    print(f"base URL:             {BASE_URL} (NEARME_ENV=production)")
    with tempfile.TemporaryDirectory(prefix="nearme-bench-") as tmp:
        content = args.content
        if content is None:
            content = Path(tmp) / "content"
            print(make_content(content, args.conditions, args.neighborhoods, args.locales))
        if not args.skip_default:
            print_site(run_site(args.nearme, "default site", None, args.out_root, args.keep))
        print_site(run_site(args.nearme, "synthetic site", content, args.out_root, args.keep))
    return 0


if __name__ == "__main__":
    sys.exit(main())
