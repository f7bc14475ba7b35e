#!/usr/bin/env python3
"""Live-crawl audit speed against python-seo-analyzer, on the same local site, in one run.

    python bench/bench_crawl.py [--seo-python PATH]

Serves the default site with `nearme serve` (production, one worker) on a
loopback port, warms its page cache so neither crawler pays for first
renders, then times, each inside its own process from crawl start to results:
python-seo-analyzer's ``analyze(url, follow_links=True)`` and our
``nearme audit URL``. pyseoanalyzer lives in its own virtual environment
(it pins old libraries); by default one is made under bench/out/.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PORT = 8765

SEO_RUN = """
import json, sys, time
from pyseoanalyzer import analyze
start = time.perf_counter()
out = analyze(sys.argv[1], follow_links=True)
print(json.dumps({"pages": len(out["pages"]), "seconds": time.perf_counter() - start}))
"""

OURS_RUN = """
import asyncio, json, sys, time
import datasketch  # imported before the clock starts, as pyseoanalyzer's libraries are
import httpx2
from service.audit.config import AuditConfig
from service.audit.runner import run_audit
from service.audit.crawl.live import crawl_url

async def main(url):
    config = AuditConfig(max_pages=5000)
    return run_audit(await crawl_url(url, config), config)

start = time.perf_counter()
report = asyncio.run(main(sys.argv[1]))
seconds = time.perf_counter() - start
print(json.dumps({"pages": len(report.pages) - 1, "seconds": seconds,
                  "summary": report.summary()}))
"""


def seo_python(given: str | None) -> str:
    if given:
        return given
    venv = OUT / "seo-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "pyseoanalyzer", "lxml_html_clean"],
            check=True,
        )
    return str(python)


def wait_for(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not start")


def run(python: str, code: str, url: str) -> dict:
    done = subprocess.run(
        [python, "-c", code, url], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seo-python", help="a Python with pyseoanalyzer installed")
    args = parser.parse_args()
    python = seo_python(args.seo_python)
    base = f"http://127.0.0.1:{PORT}"
    env = {**os.environ, "NEARME_ENV": "production", "NEARME_BASE_URL": base}
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "nearme"), "serve", "--port", str(PORT)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"{base}/healthz")
        warm = run(sys.executable, OURS_RUN, f"{base}/")  # renders and caches every page
        seo = run(python, SEO_RUN, f"{base}/")
        ours = run(sys.executable, OURS_RUN, f"{base}/")
    finally:
        server.terminate()
        server.wait(timeout=10)
    seo_rate, our_rate = seo["pages"] / seo["seconds"], ours["pages"] / ours["seconds"]
    print(f"site:                   {base}/ ({warm['pages']} pages, cache warmed first)")
    print(
        f"python-seo-analyzer:    {seo['pages']} pages in {seo['seconds']:.2f} s = "
        f"{seo_rate:.0f} pages/s"
    )
    print(
        f"nearme audit:           {ours['pages']} pages in {ours['seconds']:.2f} s = "
        f"{our_rate:.0f} pages/s ({ours['summary']['errors']} errors, "
        f"{ours['summary']['warnings']} warnings)"
    )
    print(f"ratio:                  {our_rate / seo_rate:.1f}x (target >= 10x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
