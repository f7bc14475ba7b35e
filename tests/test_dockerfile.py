"""The Dockerfile: lint-clean, and its final stage holds everything the service reads.

No Docker engine runs here, so the image is checked two ways: hadolint, and a
copy of exactly the files the final stage COPYs, run the way its CMD runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from service.paths import PROJECT_ROOT

DOCKERFILE = PROJECT_ROOT / "Dockerfile"


def final_stage() -> list[str]:
    lines = DOCKERFILE.read_text().splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("FROM ")]
    return lines[starts[-1] :]


def test_hadolint_is_clean() -> None:
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    result = subprocess.run(
        [hadolint, str(DOCKERFILE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_multi_stage_slim_non_root_with_a_healthcheck() -> None:
    text = DOCKERFILE.read_text()
    stages = [line for line in text.splitlines() if line.startswith("FROM ")]
    assert len(stages) >= 2 and all("python:3.11-slim" in line for line in stages)
    stage = "\n".join(final_stage())
    assert "USER 10001" in stage and "useradd" in stage
    assert "HEALTHCHECK" in stage and "/healthz" in stage
    assert "pybabel compile" in text
    assert "NEARME_ENV=production" in stage


@pytest.mark.slow
def test_the_final_stage_files_are_enough_to_serve(tmp_path: Path) -> None:
    """Lay out /app as the final stage does, then render every page from it (an export)."""
    app = tmp_path / "app"
    app.mkdir()
    for line in final_stage():
        parts = line.split()
        if parts[:1] != ["COPY"] or parts[1].startswith("--from"):
            continue
        source, target = PROJECT_ROOT / parts[1], app / parts[2]
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    # The build stage compiles the catalogs; `make install` did the same here.
    compiled = list((PROJECT_ROOT / "locales").glob("*/LC_MESSAGES/*.mo"))
    if not compiled:
        pytest.skip("catalogs are not compiled (make install compiles them)")
    for mo in compiled:
        target = app / mo.relative_to(PROJECT_ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(mo, target)
    env = {**os.environ, "PYTHONPATH": str(app), "NEARME_ENV": "production"}
    export = ["export", "--out", str(tmp_path / "site"), "--base-url", "https://clinic.example"]
    result = subprocess.run(
        [sys.executable, "-m", "service.cli", *export, "--workers", "1"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "exported 582 pages" in result.stdout
    assert (tmp_path / "site" / "static" / "clinic.png").exists()
