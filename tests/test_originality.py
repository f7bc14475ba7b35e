"""Our sentences are our own: no nine-word run copied from the clinic's article."""

from __future__ import annotations

import subprocess
import sys

import pytest

from service.paths import PROJECT_ROOT

REFERENCE = PROJECT_ROOT.parent / "shared" / "reference" / "nerve-pain-article.txt"


@pytest.mark.skipif(not REFERENCE.is_file(), reason="the reference article is not beside the repo")
def test_no_copied_runs_in_content_templates_or_catalogs() -> None:
    files = [
        *PROJECT_ROOT.glob("content/**/*.yaml"),
        *PROJECT_ROOT.glob("templates/**/*.html"),
        *PROJECT_ROOT.glob("locales/*/LC_MESSAGES/*.po"),
    ]
    assert len(files) > 30
    result = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "tools" / "originality.py"),
            str(REFERENCE),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_the_checker_catches_a_copied_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    reference = tmp_path / "ref.txt"
    reference.write_text("one two three four five six seven eight nine ten", "utf-8")
    copied = tmp_path / "copy.txt"
    copied.write_text("Intro: One two three four five six seven eight nine!", "utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "tools" / "originality.py"),
            str(reference),
            str(copied),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "copied run" in result.stdout
