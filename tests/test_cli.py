"""The command line: exit codes and messages, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from service.cli import main
from tests.utils import edit_yaml


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_check_default_site_passes_with_placeholder_warnings() -> None:
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert "warning: content/clinic.yaml: telephone: +1-310-555-0142 is a fictional" in (
        result.stdout
    )
    assert "indexable" in result.stdout
    assert "0 errors" in result.stdout


def test_check_reports_every_problem_and_exits_2(content_dir: Path) -> None:
    edit_yaml(content_dir / "conditions" / "condition-1.yaml", lambda d: d["es"]["faq"][2].pop("a"))
    edit_yaml(content_dir / "neighborhoods" / "area-0.yaml", lambda d: d.pop("es"))
    result = run("check", "--content", str(content_dir))
    assert result.returncode == 2
    assert "condition-1.yaml: es.faq[2].a: missing" in result.stderr
    assert "area-0.yaml: es: missing translation" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_counts_indexable_pages_and_explains_the_rest(content_dir: Path) -> None:
    def thin(d: dict) -> None:
        for code in ("en", "es", "zh-Hans"):
            d[code].update(intro="Near.", getting_here="East.", transit=["Bus."], parking="Meters.")

    edit_yaml(content_dir / "neighborhoods" / "area-2.yaml", thin)
    result = run("check", "--content", str(content_dir))
    assert result.returncode == 0, result.stderr
    # 3 locales x (3 hubs + 3 conditions + 3 areas + 9 combined); area-2's 3 combined are noindex
    assert "54 pages" in result.stdout
    assert "45 indexable, 9 noindex" in result.stdout
    assert "9 noindex: too little neighborhood-specific text" in result.stdout


def test_serve_refuses_invalid_content(tmp_path: Path) -> None:
    result = run("serve", "--content", str(tmp_path / "missing"), "--port", "0")
    assert result.returncode == 2
    assert "content folder not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_base_url_is_a_usage_error(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["serve", "--base-url", "/relative"]) == 2
    assert "must be an absolute http:// or https:// URL" in capsys.readouterr().err


def test_unknown_command_exits_2() -> None:
    assert run("frobnicate").returncode == 2


def test_production_serve_refuses_broken_content_listing_every_problem(
    content_dir: Path,
) -> None:
    def break_two_fields(data: dict) -> None:  # type: ignore[type-arg]
        del data["en"]["title"]
        data["reviewed_on"] = "not a date"

    edit_yaml(content_dir / "conditions" / "condition-0.yaml", break_two_fields)
    result = subprocess.run(
        [sys.executable, "-m", "service.cli", "serve", "--content", str(content_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "NEARME_ENV": "production"},
    )
    assert result.returncode == 2
    assert "condition-0.yaml: en.title" in result.stderr
    assert "condition-0.yaml: reviewed_on" in result.stderr
    assert "nothing was served" in result.stderr
    assert "Traceback" not in result.stderr
