"""`nearme audit history` and `nearme audit diff`: stored runs listed and compared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.audit.history.database import locate, open_database
from service.audit.history.store import save_run
from tests.audit.history.reports import SITE, finding, report
from tests.utils import nearme

OTHER = "https://other.example"


@pytest.fixture
def stored(history_url: str) -> str:
    """Runs 1-3 of the site (an h1 lost on /b/ in run 3), run 4 of another target."""
    engine = open_database(locate(history_url), create=True)
    save_run(engine, report(finding("h1-missing", "/a/"), started="2025-03-01T09:00:00Z"))
    save_run(engine, report(finding("h1-missing", "/a/"), started="2025-03-08T09:00:00Z"))
    save_run(
        engine,
        report(
            finding("h1-missing", "/a/"),
            finding("h1-missing", "/b/"),
            started="2025-03-15T09:00:00Z",
        ),
    )
    save_run(engine, report(target=OTHER, started="2025-03-16T09:00:00Z"))
    return history_url


def _json(*args: str) -> object:
    result = nearme("audit", *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_history_lists_every_run_by_target(stored: str) -> None:
    runs = _json("history", "--db", stored)
    assert isinstance(runs, list)
    assert [(run["id"], run["target"], run["errors"]) for run in runs] == [
        (1, SITE, 1),
        (2, SITE, 1),
        (3, SITE, 2),
        (4, OTHER, 0),
    ]
    assert runs[0]["started"] == "2025-03-01T09:00:00Z"


def test_history_of_one_target(stored: str) -> None:
    runs = _json("history", "--db", stored, "--target", OTHER)
    assert [run["id"] for run in runs] == [4]  # type: ignore[index]


def test_history_as_a_table(stored: str) -> None:
    result = nearme("audit", "history", "--db", stored)
    assert result.returncode == 0, result.stderr
    assert "2025-03-15 09:00:00" in result.stdout
    assert "clinic.example" in result.stdout and "other.example" in result.stdout


def test_history_with_no_runs_is_a_clear_exit_2(history_url: str) -> None:
    open_database(locate(history_url), create=True)
    result = nearme("audit", "history", "--db", history_url)
    assert result.returncode == 2 and "no runs stored yet" in result.stderr


def test_history_of_a_missing_file_says_how_to_start_one(tmp_path: Path) -> None:
    result = nearme("audit", "history", "--db", str(tmp_path / "none.sqlite3"))
    assert result.returncode == 2
    assert "nearme audit URL --save starts one" in result.stderr
    assert not (tmp_path / "none.sqlite3").exists()


def test_diff_defaults_to_the_last_two_runs_of_the_latest_target(history_url: str) -> None:
    engine = open_database(locate(history_url), create=True)
    save_run(engine, report(target=OTHER))
    save_run(engine, report(finding("h1-missing", "/a/")))
    save_run(engine, report(finding("thin-content", "/a/")))
    diff = _json("diff", "--db", history_url)
    assert isinstance(diff, dict)
    assert (diff["from"]["label"], diff["to"]["label"]) == ("run 2", "run 3")
    assert diff["counts"] == {"new": 1, "fixed": 1, "unchanged": 0, "unchecked": 0}


def test_diff_of_two_named_runs(stored: str) -> None:
    diff = _json("diff", "1", "3", "--db", stored)
    assert isinstance(diff, dict)
    assert [(f["check"], f["url"]) for f in diff["new"]] == [("h1-missing", f"{SITE}/b/")]
    assert diff["fixed"] == []
    assert [f["url"] for f in diff["unchanged"]] == [f"{SITE}/a/"]


def test_diff_of_one_run_compares_it_with_its_targets_latest(stored: str) -> None:
    diff = _json("diff", "2", "--db", stored)
    assert isinstance(diff, dict)
    assert (diff["from"]["label"], diff["to"]["label"]) == ("run 2", "run 3")


def test_diff_of_the_latest_run_alone_asks_for_another(stored: str) -> None:
    result = nearme("audit", "diff", "3", "--db", stored)
    assert result.returncode == 2 and "run 3 is the latest of" in result.stderr


def test_diff_of_report_files_needs_no_history(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(report()), "utf-8")
    (tmp_path / "b.json").write_text(json.dumps(report(finding("h1-missing", "/a/"))), "utf-8")
    diff = _json(
        "diff", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--db", "/nonexistent/x"
    )
    assert isinstance(diff, dict) and diff["counts"]["new"] == 1


def test_diff_in_the_terminal_lists_new_and_fixed_by_check_and_page(stored: str) -> None:
    result = nearme("audit", "diff", "1", "3", "--db", stored)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "New: 1" in out and "clinic.example/b/" in out
    assert "Fixed: none" in out
    assert "Unchanged: 1 (h1-missing 1)" in out
    assert "1 new, 0 fixed, 1 unchanged" in out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("7", "1"), "no run 7 in the audit history"),
        (("1", "nope.json"), "'nope.json': neither a stored run's id nor a report file"),
    ],
)
def test_diff_of_something_not_stored_is_exit_2(
    stored: str, args: tuple[str, ...], said: str
) -> None:
    result = nearme("audit", "diff", *args, "--db", stored)
    assert result.returncode == 2 and said in result.stderr
    assert "Traceback" not in result.stderr


def test_diff_with_a_single_run_stored_has_nothing_to_compare(history_url: str) -> None:
    save_run(open_database(locate(history_url), create=True), report())
    result = nearme("audit", "diff", "--db", history_url)
    assert result.returncode == 2 and "only one run of" in result.stderr


def test_the_words_history_and_diff_are_commands_not_targets(tmp_path: Path) -> None:
    result = nearme("audit", "history", "--db", str(tmp_path / "none.sqlite3"))
    assert "no audit history at" in result.stderr  # not "history: no such file"
    usage = nearme("audit", "diff", "--help")
    assert usage.returncode == 0 and usage.stdout.startswith("usage: nearme audit diff")
