"""`nearme export`: the whole site as static files, for any CDN, object store or file server.

Every page becomes ``…/index.html`` with precompressed ``index.html.gz`` and
``index.html.br`` beside it: the very bytes the app sends for each encoding
(``service.output.encoded``), so a file server with ``gzip_static``/``brotli_static``
answers as the app would. The sitemaps, robots.txt, the static assets and a
404 page per locale go alongside, each text file precompressed too.

The export is built in a temporary folder beside the destination and swapped
in only once complete, so a failed export never leaves a half site. A folder
is only ever replaced if it is empty or a previous export (it carries
``MARKER``), so a mistyped ``--out`` cannot wipe anything else.

An exported site is the production site: robots.txt allows crawling. The
headers and canonical 301s the app sends go into ``_headers`` and
``_redirects`` (Netlify, Cloudflare Pages) and an nginx snippet
(``service.output.hosting``).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from multiprocessing.queues import SimpleQueue
from pathlib import Path

from service.errors import NearmeError
from service.output.encoded import Rendered, encode_not_found, encode_page, precompress
from service.output.hosting import write_hosting_files
from service.output.robots import robots_txt
from service.output.sitemap import write_sitemaps
from service.render.assets import static_assets
from service.render.website import Website
from service.settings import Environment

MARKER = ".nearme-export"
# Worth precompressing: text. Images such as PNG are compressed already.
COMPRESSIBLE = {".html", ".xml", ".txt", ".svg", ".css", ".js", ".json", ".webmanifest"}


class ExportError(NearmeError):
    """The export cannot be written where it was asked for."""


@dataclass
class ExportResult:
    pages: int
    files: int
    bytes: int
    seconds: float


def page_file(out: Path, path: str) -> Path:
    """Where a page's HTML goes: ``/conditions/sciatica/`` -> ``conditions/sciatica/index.html``."""
    return out / path.strip("/") / "index.html"


def write_encodings(target: Path, rendered: Rendered) -> int:
    """``target`` and its ``.gz`` and ``.br`` twins; the bytes written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(rendered.identity)
    target.with_name(target.name + ".gz").write_bytes(rendered.gzip)
    target.with_name(target.name + ".br").write_bytes(rendered.br)
    return rendered.size


@dataclass
class Written:
    pages: int = 0
    files: int = 0
    bytes: int = 0

    def add(self, other: Written) -> Written:
        return Written(self.pages + other.pages, self.files + other.files, self.bytes + other.bytes)


def _export_share(website: Website, out: Path, share: int, shares: int) -> Written:
    """Render and write every ``shares``-th page, starting at ``share``."""
    registry = website.registry
    written = Written()
    # Shared out by key, so a worker builds only its own pages (in every locale).
    for key in islice(registry.page_keys(), share, None, shares):
        for locale in website.site.locales:
            page = registry.page(key, locale)
            written.bytes += write_encodings(page_file(out, page.path), encode_page(website, page))
            written.pages += 1
            written.files += 3
    return written


def _prepare(website: Website) -> None:
    """Do, once and before forking, the work every worker would otherwise repeat.

    Rendering one page of each kind in each locale compiles the templates, runs
    the indexability analysis and fills the per-locale caches; the forked
    workers inherit all of it.
    """
    for kind in website.registry.kinds:
        key = next(website.registry.page_keys(kind), None)
        if key is None:
            continue
        for locale in website.site.locales:
            website.render(website.registry.page(key, locale))


def _share_in_child(
    website: Website, out: Path, share: int, shares: int, results: SimpleQueue[Written | str]
) -> None:
    try:
        results.put(_export_share(website, out, share, shares))
    except Exception as exc:  # reported by the parent, once, without a traceback
        results.put(f"{exc.__class__.__name__}: {exc}")


def _write_pages(
    website: Website, out: Path, workers: int, meanwhile: Callable[[], Written]
) -> Written:
    """Every page, in ``workers`` processes, while this one does ``meanwhile``."""
    if workers <= 1:
        return meanwhile().add(_export_share(website, out, 0, 1))
    _prepare(website)
    # Forked children inherit the loaded site, so nothing is pickled but the counts.
    context = multiprocessing.get_context("fork")
    results: SimpleQueue[Written | str] = context.SimpleQueue()
    children = [
        context.Process(target=_share_in_child, args=(website, out, share, workers, results))
        for share in range(workers)
    ]
    for child in children:
        child.start()
    try:
        total = meanwhile()
    finally:
        for child in children:
            child.join()
    answers = [results.get() for child in children if child.exitcode == 0]
    errors = sorted({a for a in answers if isinstance(a, str)})
    if errors or len(answers) < len(children):
        raise ExportError(f"writing pages failed: {'; '.join(errors) or 'a worker process died'}")
    for answer in answers:
        if isinstance(answer, Written):
            total = total.add(answer)
    return total


def _write_site_files(website: Website, out: Path, static_dir: Path) -> Written:
    """Sitemaps, robots.txt, static assets and a 404 page per locale."""
    written = Written()
    sitemaps = write_sitemaps(website.registry, out)
    sitemap_names = [child.name for child in [sitemaps.index, *sitemaps.children]]
    text_files = [out / name for name in sitemap_names]
    robots = out / "robots.txt"
    robots.write_text(robots_txt(website), "utf-8")
    text_files.append(robots)
    if static_dir.is_dir():
        shutil.copytree(static_dir, out / "static")
        # Pages link the fingerprinted names (service.render.assets): a copy under each.
        for plain, fingerprinted in static_assets(static_dir).names.items():
            shutil.copyfile(static_dir / plain, out / "static" / fingerprinted)
        for path in (out / "static").rglob("*"):
            if path.suffix in COMPRESSIBLE:
                text_files.append(path)
            elif path.is_file():
                written.files += 1
                written.bytes += path.stat().st_size
    for path in text_files:
        written.bytes += precompress(path)
        written.files += 3
    # The app's headers and canonical 301s, for Netlify, Cloudflare Pages and nginx.
    for path in write_hosting_files(out, website, sitemap_names, static_assets(static_dir)):
        written.files += 1
        written.bytes += path.stat().st_size
    for locale in website.site.locales:
        folder = out / locale.prefix if locale.prefix else out
        written.bytes += write_encodings(folder / "404.html", encode_not_found(website, locale))
        written.files += 3
    return written


def _replaceable(out: Path) -> bool:
    return not out.exists() or (
        out.is_dir() and (not any(out.iterdir()) or (out / MARKER).exists())
    )


def export_site(website: Website, out: Path, *, static_dir: Path, workers: int = 1) -> ExportResult:
    """Write the whole site to ``out``, replacing a previous export there in one step."""
    started = time.perf_counter()
    website = website.in_environment(Environment.production)
    out = out.resolve()
    if not _replaceable(out):
        raise ExportError(
            f"{out}: exists and is not a nearme export (no {MARKER} file); "
            "choose an empty or new folder"
        )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as exc:
        raise ExportError(f"{out}: cannot write there ({exc.strerror or exc})") from None
    try:
        (staging / MARKER).write_text("Written by `nearme export`; replaced by the next one.\n")
        written = _write_pages(
            website, staging, workers, lambda: _write_site_files(website, staging, static_dir)
        )
        staging.chmod(0o755)  # mkdtemp makes it private; a file server must read it
        _swap_in(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ExportError(
            f"{out}: export failed ({exc.strerror or exc}); nothing was replaced"
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ExportResult(
        pages=written.pages,
        files=written.files,
        bytes=written.bytes,
        seconds=time.perf_counter() - started,
    )


def _swap_in(staging: Path, out: Path) -> None:
    """Put the finished export at ``out``; the previous one is removed afterwards."""
    previous = None
    if out.exists():
        previous = out.with_name(f".{out.name}.previous-{os.getpid()}")
        out.rename(previous)
    staging.rename(out)
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)
