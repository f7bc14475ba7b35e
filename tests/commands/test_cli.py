"""The command line: exit codes and messages, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.cli import main
from tests.utils import Ran, edit_yaml, nearme


def run(*args: str) -> Ran:
    return nearme(*args)


def test_check_default_site_passes_and_reports_the_doorway_rule() -> None:
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert "warning: content/sources.yaml: the clinic's facts were last confirmed on" in (
        result.stdout
    )
    assert "582 pages" in result.stdout
    assert "87 indexable, 495 noindex" in result.stdout
    for kind, count in (("condition", 11), ("area", 15), ("condition_area", 0)):
        for code in ("en", "es", "zh-Hans"):
            line = next(
                line for line in result.stdout.splitlines() if line.split()[:2] == [kind, code]
            )
            assert line.split()[2].startswith(f"{count}/"), line
    assert "% own: /" in result.stdout  # the weakest indexed page of each kind and locale
    assert "495 noindex: no text of its own" in result.stdout
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
    # 3 locales x (3 hubs + 3 conditions + 3 areas + 9 combined): the 27 combined pages have
    # no text of their own, and area-2 has too little in every locale.
    assert "54 pages" in result.stdout
    assert "24 indexable, 30 noindex" in result.stdout
    assert "27 noindex: no text of its own" in result.stdout
    assert "3 noindex: too little main content" in result.stdout


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
    content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def break_two_fields(data: dict) -> None:  # type: ignore[type-arg]
        del data["en"]["description"]
        data["updated_on"] = "not a date"

    edit_yaml(content_dir / "conditions" / "condition-0.yaml", break_two_fields)
    monkeypatch.setenv("NEARME_ENV", "production")
    result = run("serve", "--content", str(content_dir))
    assert result.returncode == 2
    assert "condition-0.yaml: en.description" in result.stderr
    assert "condition-0.yaml: updated_on" in result.stderr
    assert "nothing was served" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_serve_refuses_placeholder_facts_naming_file_and_field(
    content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_yaml(content_dir / "clinic.yaml", lambda d: d.update(telephone="+1-310-555-0142"))
    monkeypatch.setenv("NEARME_ENV", "production")
    result = run("serve", "--content", str(content_dir))
    assert result.returncode == 2
    assert "clinic.yaml: telephone: '555-0142' is a fictional 555-01xx telephone number" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_production_export_refuses_placeholder_facts(content_dir: Path, tmp_path: Path) -> None:
    edit_yaml(content_dir / "clinic.yaml", lambda d: d.update(email="front-desk@example.com"))
    code = main(
        [
            "export",
            "--base-url",
            "https://clinic.example",
            "--out",
            str(tmp_path / "out"),
            "--content",
            str(content_dir),
        ]
    )
    assert code == 2
    assert not (tmp_path / "out").exists()
