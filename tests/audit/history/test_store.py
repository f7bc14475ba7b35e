"""Runs saved and read back: the same report, listed per target, counted per check."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest
import sqlalchemy as sa

from service.audit.history import store
from service.audit.history.database import HistoryError, locate, open_database
from service.audit.history.store import (
    check_counts,
    latest_target,
    list_runs,
    load_run,
    recent_runs,
    save_run,
)
from service.audit.model import Severity
from tests.audit.history.reports import SITE, finding, report, site_finding

OTHER = "https://other.example"


@pytest.fixture
def engine(history_url: str) -> sa.Engine:
    return open_database(locate(history_url), create=True)


def _full_report() -> dict:
    return report(
        finding("h1-missing", "/a/"),
        finding("img-alt-missing", "/a/", severity=Severity.warning, selector="img.hero"),
        finding("thin-content", "/b/", severity=Severity.notice, message="only 180 words"),
        site=(site_finding("title-duplicate", "/a/", "/b/"),),
    )


def test_a_saved_run_reads_back_as_the_same_report(engine: sa.Engine) -> None:
    saved = _full_report()
    run_id = save_run(engine, saved)
    loaded = load_run(engine, run_id)
    assert loaded["meta"] == {**saved["meta"], "run_id": run_id}
    assert loaded["pages"] == saved["pages"]
    assert loaded["site"] == saved["site"]
    assert (
        loaded["summary"]
        == saved["summary"]
        == {
            "pages": 4,
            "errors": 1,
            "warnings": 2,
            "notices": 1,
        }
    )


def test_a_page_that_did_not_answer_keeps_its_missing_status(engine: sa.Engine) -> None:
    saved = report(finding("http-status", "/gone/"), audited=("/",))
    saved["pages"][1]["status"] = None
    loaded = load_run(engine, save_run(engine, saved))
    assert [page["status"] for page in loaded["pages"]] == [200, None]


def test_text_a_database_could_refuse_is_kept_readable(engine: sa.Engine) -> None:
    """PostgreSQL refuses NUL in text: every database keeps U+FFFD in its place."""
    saved = report(finding("title-length", "/a/", message="title “a\x00b” is 净 long"))
    saved["pages"][1]["title"] = "Acupuntura\x00 <script>"
    loaded = load_run(engine, save_run(engine, saved))
    assert loaded["pages"][1]["title"] == "Acupuntura\ufffd <script>"
    assert loaded["pages"][1]["findings"][0]["message"] == "title “a\ufffdb” is 净 long"


def test_large_runs_are_written_in_batches(engine: sa.Engine, monkeypatch) -> None:
    monkeypatch.setattr(store, "_BATCH", 2)
    saved = report(*(finding("h1-missing", f"/p{n}/") for n in range(7)))
    loaded = load_run(engine, save_run(engine, saved))
    assert loaded["pages"] == saved["pages"]


def test_an_unknown_run_is_named(engine: sa.Engine) -> None:
    with pytest.raises(HistoryError, match="no run 42 in the audit history"):
        load_run(engine, 42)


def test_runs_are_listed_by_target_then_oldest_first(engine: sa.Engine) -> None:
    save_run(engine, report(started="2025-03-01T09:00:00Z"))
    save_run(engine, report(target=OTHER, started="2025-03-02T09:00:00+01:00"))
    save_run(engine, report(finding("h1-missing", "/a/"), started="2025-03-03T09:00:00Z"))
    runs = list_runs(engine)
    assert [(run.id, run.target) for run in runs] == [(1, SITE), (3, SITE), (2, OTHER)]
    assert [run.errors for run in runs] == [0, 1, 0]
    assert runs[2].started == datetime(2025, 3, 2, 8, 0, 0)  # kept in UTC
    assert runs[2].when == "2025-03-02 08:00:00"
    assert [run.id for run in list_runs(engine, target=OTHER)] == [2]
    assert list_runs(engine, target="https://nowhere.example") == []


def test_recent_runs_are_the_last_ones_oldest_first(engine: sa.Engine) -> None:
    for _ in range(4):
        save_run(engine, report())
    save_run(engine, report(target=OTHER))
    assert [run.id for run in recent_runs(engine, SITE, count=2)] == [3, 4]
    assert [run.id for run in recent_runs(engine, SITE, count=10)] == [1, 2, 3, 4]


def test_the_latest_target_is_the_one_saved_last(engine: sa.Engine) -> None:
    assert latest_target(engine) is None
    save_run(engine, report(target=OTHER))
    save_run(engine, report())
    assert latest_target(engine) == SITE


def test_findings_are_counted_per_check_and_run(engine: sa.Engine) -> None:
    first = save_run(engine, report(finding("h1-missing", "/a/"), finding("h1-missing", "/b/")))
    second = save_run(engine, _full_report())
    empty = save_run(engine, report())
    counts = check_counts(engine, [first, second, empty])
    assert counts == {
        first: Counter({"h1-missing": 2}),
        second: Counter(
            {"h1-missing": 1, "img-alt-missing": 1, "thin-content": 1, "title-duplicate": 1}
        ),
        empty: Counter(),
    }
