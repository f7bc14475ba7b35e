"""`nearme audit` from the command line: targets, options, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.audit.checks.test_page import CLEAN, DEFECTS, DISCLAIMER
from tests.utils import nearme


def write(tmp_path: Path, name: str, html: str) -> Path:
    path = tmp_path / name
    path.write_text(html, "utf-8")
    return path


@pytest.mark.slow
def test_our_own_site_passes_its_own_audit() -> None:
    result = nearme("audit", "--format", "json", isolated=True)  # it forks parse workers
    assert result.returncode == 0, result.stdout[-2000:]
    summary = json.loads(result.stdout)["summary"]
    assert summary["errors"] == 0 and summary["warnings"] == 0
    assert summary["pages"] == 583  # every registry page plus the 404 probe


def test_files_are_audited_as_one_site(tmp_path: Path) -> None:
    clean = write(tmp_path, "clean.html", CLEAN)
    broken = write(tmp_path, "broken.html", DEFECTS["h1-missing"](CLEAN))
    result = nearme(
        "audit", str(clean), str(broken), "--format", "json", "--disclaimer", DISCLAIMER
    )
    assert result.returncode == 1
    pages = {Path(p["url"]).name: p for p in json.loads(result.stdout)["pages"]}
    assert "h1-missing" in [f["check"] for f in pages["broken.html"]["findings"]]
    assert "h1-missing" not in [f["check"] for f in pages["clean.html"]["findings"]]
    # Two copies of one page: each one's content is all on the other.
    assert [f["check"] for f in pages["clean.html"]["findings"]] == ["duplicate-content-share"]


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    page = write(tmp_path, "p.html", DEFECTS["img-alt-missing"](CLEAN))
    assert nearme("audit", str(page)).returncode == 0
    assert nearme("audit", str(page), "--strict").returncode == 1


def test_output_file_in_every_format(tmp_path: Path) -> None:
    page = write(tmp_path, "p.html", DEFECTS["img-alt-missing"](CLEAN))
    for fmt in ("json", "jsonl", "csv", "junit", "html"):
        out = tmp_path / f"report.{fmt}"
        result = nearme("audit", str(page), "--format", fmt, "--output", str(out))
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 0
        assert f"wrote {out}" in result.stderr


def test_config_file_sets_thresholds_disclaimers_and_disabled_checks(tmp_path: Path) -> None:
    page = write(tmp_path, "p.html", DEFECTS["jsonld-missing"](CLEAN))
    (tmp_path / "nearme-audit.toml").write_text(
        '[thresholds]\nthin_content_words = 5000\n\n[disclaimer]\ntexts = ["Required words."]\n'
        '\n[checks]\ndisable = ["jsonld-missing"]\n',
        "utf-8",
    )
    result = nearme("audit", str(page), "--format", "json", cwd=tmp_path)
    checks = {f["check"] for p in json.loads(result.stdout)["pages"] for f in p["findings"]}
    assert checks == {"disclaimer-missing", "thin-content"}


def test_bad_config_is_a_usage_error(tmp_path: Path) -> None:
    page = write(tmp_path, "p.html", CLEAN)
    (tmp_path / "nearme-audit.toml").write_text("[thresholds]\ntitle_max_px = 'wide'\n", "utf-8")
    result = nearme("audit", str(page), cwd=tmp_path)
    assert result.returncode == 2
    assert "thresholds.title_max_px: must be a non-negative number" in result.stderr


def test_unknown_disabled_check_is_named(tmp_path: Path) -> None:
    page = write(tmp_path, "p.html", CLEAN)
    (tmp_path / "nearme-audit.toml").write_text('[checks]\ndisable = ["h7-missing"]\n', "utf-8")
    result = nearme("audit", str(page), cwd=tmp_path)
    assert result.returncode == 2 and "h7-missing" in result.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = nearme("audit", str(tmp_path / "nope.html"))
    assert result.returncode == 2 and "nope.html" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_html_is_audited_not_a_crash(tmp_path: Path) -> None:
    page = write(tmp_path, "broken.html", "<html><head><title>x</head><body><h1>half<p>open")
    result = nearme("audit", str(page), "--format", "json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert json.loads(result.stdout)["summary"]["errors"] > 0


def test_url_and_files_together_are_a_usage_error(tmp_path: Path) -> None:
    page = write(tmp_path, "p.html", CLEAN)
    result = nearme("audit", "https://x.example/", str(page))
    assert result.returncode == 2 and "not both" in result.stderr
