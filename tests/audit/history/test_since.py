"""What the HTML report is given of the past: the change since the last run, a trend."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from service.audit.history.database import locate, open_database
from service.audit.history.since import TrendRun, history_since
from service.audit.history.store import save_run
from service.audit.model import Severity
from tests.audit.history.reports import finding, report


@pytest.fixture
def engine(history_url: str) -> sa.Engine:
    return open_database(locate(history_url), create=True)


def test_no_history_without_an_earlier_run_of_the_same_target(engine: sa.Engine) -> None:
    assert history_since(engine, report()) is None
    save_run(engine, report(target="https://other.example"))
    assert history_since(engine, report()) is None


def test_the_change_is_against_the_last_stored_run(engine: sa.Engine) -> None:
    save_run(engine, report(finding("h1-missing", "/a/"), finding("h1-missing", "/b/")))
    last = save_run(engine, report(finding("h1-missing", "/a/"), started="2025-03-08T09:00:00Z"))
    now = report(finding("h1-missing", "/a/"), finding("thin-content", "/c/"))
    history = history_since(engine, now)
    assert history is not None
    assert history.previous.id == last
    assert [f["check"] for f in history.diff.new] == ["thin-content"]
    assert history.diff.fixed == ()
    assert len(history.diff.unchanged) == 1


def test_the_trend_counts_each_check_over_the_stored_runs_and_this_one(engine: sa.Engine) -> None:
    save_run(engine, report(finding("h1-missing", "/a/"), started="2025-03-01T09:00:00Z"))
    save_run(
        engine,
        report(
            finding("h1-missing", "/a/"),
            finding("h1-missing", "/b/"),
            started="2025-03-08T09:00:00Z",
        ),
    )
    now = report(
        finding("thin-content", "/a/", severity=Severity.notice),
        finding("thin-content", "/b/", severity=Severity.notice),
        finding("thin-content", "/c/", severity=Severity.notice),
    )
    history = history_since(engine, now)
    assert history is not None
    assert history.runs == (
        TrendRun("#1", "2025-03-01 09:00:00"),
        TrendRun("#2", "2025-03-08 09:00:00"),
        TrendRun("this run", ""),
    )
    assert [(c.check, c.counts) for c in history.checks] == [
        ("thin-content", (0, 0, 3)),  # the most findings now first
        ("h1-missing", (1, 2, 0)),
    ]


def test_the_trend_keeps_to_the_last_runs(engine: sa.Engine) -> None:
    for _ in range(5):
        save_run(engine, report())
    history = history_since(engine, report(), runs=3)
    assert history is not None
    assert [run.label for run in history.runs] == ["#4", "#5", "this run"]
