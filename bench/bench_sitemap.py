#!/usr/bin/env python3
"""Sitemap generation at scale: peak memory, and time against a bare write loop.

    python bench/bench_sitemap.py [--conditions 100 --neighborhoods 1000 --locales 5]

Both timings run in this one process, back to back, so machine noise hits them
alike; the figure that matters is their ratio. Peak memory is the maximum RSS
of a separate `sitemap_gen.py` process over the same content (content loading
included), measured by the kernel.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from service.content import load_site
from service.output.sitemap import write_sitemaps
from service.pages.registry import PageRegistry
from service.pages.urls import PageKind

ROOT = Path(__file__).resolve().parent.parent
BASE_URL = "https://clinic.example"
REPEATS = 3


def bare_loop(out: Path, count: int, locales: list[str]) -> float:
    """Write ``count`` entries shaped like ours (loc, lastmod, alternates) and nothing else."""
    start = time.perf_counter()
    with (out / "bare.xml").open("wb") as handle:
        handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset>\n')
        for i in range(count):
            links = "".join(
                f'<xhtml:link rel="alternate" hreflang="{code}" '
                f'href="{BASE_URL}/{code}/conditions/c-{i % 100}/n-{i}/"/>'
                for code in [*locales, "x-default"]
            )
            handle.write(
                f"<url><loc>{BASE_URL}/conditions/c-{i % 100}/n-{i}/</loc>"
                f"<lastmod>2026-01-15</lastmod>{links}</url>\n".encode()
            )
        handle.write(b"</urlset>\n")
    return time.perf_counter() - start


LOAD_ONLY = """
import sys
from pathlib import Path
from service.content import load_site
from service.pages.registry import PageRegistry
from service.pages.urls import PageKind
registry = PageRegistry(load_site(Path(sys.argv[1])).site, "https://clinic.example")
registry.indexability(next(registry.page_keys(PageKind.condition_area)))
"""


def peak_rss(command: list[str]) -> tuple[float, float]:
    """Peak RSS (MB) and wall time of one child process.

    RUSAGE_CHILDREN reports the largest child so far, so run the smaller one first.
    """
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conditions", type=int, default=100)
    parser.add_argument("--neighborhoods", type=int, default=1000)
    parser.add_argument("--locales", type=int, default=5)
    parser.add_argument("--content", type=Path, help="existing synthetic content to reuse")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="nearme-bench-") as tmp:
        work = Path(tmp)
        content = args.content
        if content is None:
            content = work / "content"
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "bench" / "make_content.py"),
                    "--conditions",
                    str(args.conditions),
                    "--neighborhoods",
                    str(args.neighborhoods),
                    "--locales",
                    str(args.locales),
                    "--out",
                    str(content),
                ],
                check=True,
            )
        load_mb, _ = peak_rss([sys.executable, "-c", LOAD_ONLY, str(content)])
        peak_mb, gen_seconds = peak_rss(
            [
                sys.executable,
                str(ROOT / "sitemap_gen.py"),
                "--base-url",
                BASE_URL,
                "--out",
                str(work / "gen"),
                "--content",
                str(content),
            ]
        )

        site = load_site(content).site
        registry = PageRegistry(site, BASE_URL)
        # Analysing the content for indexability belongs to building the registry,
        # which the bare loop does not do either: do it before the clock starts.
        registry.indexability(next(registry.page_keys(PageKind.condition_area)))
        (work / "ours").mkdir()
        (work / "bare").mkdir()
        # Interleaved repeats; the fastest of each is the least disturbed by other load.
        ours_runs, bare_runs = [], []
        for _ in range(REPEATS):
            start = time.perf_counter()
            written = write_sitemaps(registry, work / "ours")
            ours_runs.append(time.perf_counter() - start)
            codes = [loc.code for loc in site.locales]
            bare_runs.append(bare_loop(work / "bare", written.urls, codes))
        ours, bare = min(ours_runs), min(bare_runs)

    print(f"URLs written:                 {written.urls:,} in {len(written.children)} children")
    print(f"sitemap_gen.py peak RSS:      {peak_mb:.0f} MB (target <= 300 MB)")
    print(f"  of which content + registry: {load_mb:.0f} MB (same content, no sitemap written)")
    print(f"sitemap_gen.py wall time:     {gen_seconds:.1f} s (content loading included)")
    print(f"write_sitemaps:               {ours:.2f} s (fastest of {REPEATS})")
    print(f"bare write loop, same count:  {bare:.2f} s (fastest of {REPEATS})")
    print(f"ratio:                        {ours / bare:.2f}x (target <= 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
