"""`nearme audit --save/--db/--baseline/--fail-on`: runs stored, compared and gated on.

Fast tests audit local files (the target is the file's name, as given); the slow
ones crawl a small live site whose page changes between runs. Each stored-history
test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from service.commands.audit_history import Session, open_session
from service.errors import UsageError
from tests.audit.checks.test_page import CLEAN, DEFECTS, DISCLAIMER
from tests.audit.planted_site import variant
from tests.utils import Ran, free_port, nearme, serve

PAGE = "page.html"
# The page's standing error, there in every run: its JSON-LD does not parse.
WITH_OLD_ERROR = DEFECTS["jsonld-invalid"](CLEAN)
WITH_NEW_ERROR = DEFECTS["h1-missing"](WITH_OLD_ERROR)


def audit(folder: Path, *args: str) -> Ran:
    return nearme("audit", PAGE, "--disclaimer", DISCLAIMER, *args, cwd=folder)


def plant(folder: Path, html: str) -> None:
    (folder / PAGE).write_text(html, "utf-8")


def diff_json(db: str, *args: str) -> dict:
    result = nearme("audit", "diff", *args, "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def new_and_fixed(diff: dict) -> tuple[list[str], list[str]]:
    return [f["check"] for f in diff["new"]], [f["check"] for f in diff["fixed"]]


def test_a_defect_planted_between_saved_runs_is_the_only_new_finding(
    tmp_path: Path, history_url: str
) -> None:
    plant(tmp_path, WITH_OLD_ERROR)
    first = audit(tmp_path, "--save", "--db", history_url, "--format", "json")
    assert first.returncode == 1, first.stderr
    assert "saved run 1 to " in first.stderr
    plant(tmp_path, WITH_NEW_ERROR)
    second = audit(tmp_path, "--save", "--db", history_url, "--format", "json")
    assert "saved run 2 to " in second.stderr
    diff = diff_json(history_url)
    assert (diff["from"]["label"], diff["to"]["label"]) == ("run 1", "run 2")
    assert new_and_fixed(diff) == (["h1-missing"], [])
    assert "jsonld-invalid" in [f["check"] for f in diff["unchanged"]]


def test_fail_on_new_passes_errors_the_baseline_run_had(tmp_path: Path, history_url: str) -> None:
    plant(tmp_path, WITH_OLD_ERROR)
    audit(tmp_path, "--save", "--db", history_url)
    gate = ("--db", history_url, "--baseline", "1", "--fail-on", "new")
    unchanged = audit(tmp_path, *gate)
    assert unchanged.returncode == 0, unchanged.stderr
    assert "against run 1: 0 new, 0 fixed" in unchanged.stderr
    plant(tmp_path, WITH_NEW_ERROR)
    worse = audit(tmp_path, *gate)
    assert worse.returncode == 1
    assert "against run 1: 1 new, 0 fixed" in worse.stderr


def test_fail_on_any_fails_on_old_errors_too(tmp_path: Path, history_url: str) -> None:
    plant(tmp_path, WITH_OLD_ERROR)
    audit(tmp_path, "--save", "--db", history_url)
    result = audit(tmp_path, "--db", history_url, "--baseline", "1", "--fail-on", "any")
    assert result.returncode == 1
    assert "against run 1: 0 new" in result.stderr  # the baseline only informs


def test_a_json_report_is_a_baseline_too(tmp_path: Path) -> None:
    plant(tmp_path, WITH_OLD_ERROR)
    assert audit(tmp_path, "--report", "json:base.json").returncode == 1
    gate = ("--baseline", "base.json", "--fail-on", "new")
    assert audit(tmp_path, *gate).returncode == 0
    plant(tmp_path, WITH_NEW_ERROR)
    result = audit(tmp_path, *gate, "--format", "junit")
    assert result.returncode == 1
    assert 'failures="1"' in result.stdout  # JUnit agrees: one page fails, for its new error
    assert not (tmp_path / ".nearme").exists()  # a file baseline needs no history


def test_fail_on_new_needs_a_baseline(tmp_path: Path) -> None:
    plant(tmp_path, CLEAN)
    result = audit(tmp_path, "--fail-on", "new")
    assert result.returncode == 2
    assert "--fail-on new needs --baseline" in result.stderr


def test_an_unknown_baseline_run_is_named_before_the_crawl(
    tmp_path: Path, history_url: str
) -> None:
    plant(tmp_path, CLEAN)
    audit(tmp_path, "--save", "--db", history_url)
    result = audit(tmp_path, "--db", history_url, "--baseline", "7", "--format", "json")
    assert result.returncode == 2
    assert "no run 7 in the audit history" in result.stderr
    assert result.stdout == ""  # nothing was audited


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("{not json", "base.json: not JSON"),
        ('{"pages": 3}', "base.json: not an audit report"),
        ('["a list"]', "base.json: not an audit report"),
    ],
)
def test_a_baseline_file_that_is_not_a_report_is_a_usage_error(
    tmp_path: Path, content: str, said: str
) -> None:
    plant(tmp_path, CLEAN)
    (tmp_path / "base.json").write_text(content, "utf-8")
    result = audit(tmp_path, "--baseline", "base.json")
    assert result.returncode == 2 and said in result.stderr
    assert "Traceback" not in result.stderr


def test_a_baseline_that_is_neither_a_run_nor_a_file(tmp_path: Path) -> None:
    plant(tmp_path, CLEAN)
    result = audit(tmp_path, "--baseline", "last-week.json")
    assert result.returncode == 2
    assert "'last-week.json': neither a stored run's id nor a report file" in result.stderr


@pytest.mark.parametrize(
    ("db", "said"),
    [
        ("mysql://u@h/db", "use postgresql://"),
        (f"postgresql://postgres@127.0.0.1:{free_port()}/audits", "refused"),
    ],
)
def test_a_database_it_cannot_use_exits_2_before_the_crawl(
    tmp_path: Path, db: str, said: str
) -> None:
    plant(tmp_path, CLEAN)
    result = audit(tmp_path, "--save", "--db", db, "--format", "json")
    assert result.returncode == 2
    assert said in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_the_default_history_is_in_the_working_folder(tmp_path: Path) -> None:
    plant(tmp_path, CLEAN)
    result = audit(tmp_path, "--save")
    assert "saved run 1 to .nearme/audits.sqlite3" in result.stderr
    assert (tmp_path / ".nearme" / "audits.sqlite3").is_file()


def test_the_environment_can_name_the_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEARME_AUDIT_DB", str(tmp_path / "team.sqlite3"))
    plant(tmp_path, CLEAN)
    result = audit(tmp_path, "--save")
    assert f"saved run 1 to {tmp_path / 'team.sqlite3'}" in result.stderr
    assert not (tmp_path / ".nearme").exists()


def test_an_audit_that_asks_nothing_of_the_history_leaves_none(tmp_path: Path) -> None:
    plant(tmp_path, CLEAN)
    assert audit(tmp_path, "--format", "json").returncode == 0
    assert not (tmp_path / ".nearme").exists()


def _args(**given: object) -> argparse.Namespace:
    defaults: dict[str, object] = {
        "save": False,
        "db": None,
        "baseline": None,
        "fail_on": "any",
        "report": None,
        "format": None,
    }
    return argparse.Namespace(**{**defaults, **given})


def test_a_session_asked_nothing_opens_no_database() -> None:
    session = open_session(_args(), environ={"NEARME_AUDIT_DB": "mysql://not/used"})
    assert session.engine is None


def test_open_session_refuses_fail_on_new_without_a_baseline() -> None:
    with pytest.raises(UsageError):
        open_session(_args(fail_on="new"), environ={})


def test_an_html_report_reads_an_existing_history_only(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite3"
    session = open_session(_args(format="html"), environ={"NEARME_AUDIT_DB": str(missing)})
    assert isinstance(session, Session) and session.engine is None
    assert not missing.exists()


# --- Slow: a live site, crawled twice with a defect planted in between -------------------


def _changing_site(state: dict[str, bool]) -> Starlette:
    """Three pages and a link to a missing one (an error every run); /b/ loses its <h1>
    while ``state["defect"]``."""

    async def endpoint(request: Request) -> Response:
        base = str(request.base_url).rstrip("/")
        path = request.url.path
        if path == "/robots.txt":
            return PlainTextResponse("User-agent: *\nAllow: /\n")
        nav = '<nav><a href="/a/">a</a> <a href="/b/">b</a> <a href="/missing/">gone</a></nav>'
        pages = {"/": variant(base, "/", main_extra=nav), "/a/": variant(base, "/a/")}
        pages["/b/"] = variant(base, "/b/")
        if state["defect"]:
            pages["/b/"] = DEFECTS["h1-missing"](pages["/b/"])
        if path in pages:
            return HTMLResponse(pages[path])
        return HTMLResponse("<html><body><h1>Not found</h1></body></html>", status_code=404)

    return Starlette(routes=[Route("/{path:path}", endpoint)])


@pytest.fixture
def changing_site() -> Iterator[tuple[str, dict[str, bool]]]:
    state = {"defect": False}
    with serve(_changing_site(state)) as url:
        yield f"{url}/", state


def _live(url: str, *args: str, cwd: Path) -> Ran:
    return nearme("audit", url, "--disclaimer", DISCLAIMER, *args, cwd=cwd)


@pytest.mark.slow
def test_live_site_saved_twice_then_diffed_and_gated(
    tmp_path: Path, history_url: str, changing_site: tuple[str, dict[str, bool]]
) -> None:
    url, state = changing_site
    first = _live(url, "--save", "--db", history_url, "--report", "json:first.json", cwd=tmp_path)
    assert first.returncode == 1, first.stderr  # the link to /missing/ is an error each run
    gate_on_run = ("--db", history_url, "--baseline", "1", "--fail-on", "new")
    gate_on_file = ("--baseline", "first.json", "--fail-on", "new")
    assert _live(url, *gate_on_run, cwd=tmp_path).returncode == 0
    assert _live(url, *gate_on_file, cwd=tmp_path).returncode == 0

    state["defect"] = True
    second = _live(url, "--save", "--db", history_url, "--report", "html:report.html", cwd=tmp_path)
    assert second.returncode == 1 and "saved run 2 to " in second.stderr
    diff = diff_json(history_url)
    assert new_and_fixed(diff) == (["h1-missing"], [])
    assert [f["url"] for f in diff["new"]] == [f"{url}b/"]
    assert _live(url, *gate_on_run, cwd=tmp_path).returncode == 1
    assert _live(url, *gate_on_file, cwd=tmp_path).returncode == 1
    html = (tmp_path / "report.html").read_text("utf-8")
    assert 'id="since-last-run"' in html and "h1-missing" in html
