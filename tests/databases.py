"""The history databases tests run against: SQLite always, PostgreSQL when a server answers.

The server is ``postgresql://postgres@127.0.0.1:5432`` (trust auth), or the one
``NEARME_TEST_POSTGRES`` names. Each test session creates a database of its own
through the ``postgres`` maintenance database and drops it at the end, so runs
never meet; each test leaves it empty. No server: those tests skip, except under
CI (``CI=true``, as .ci/run sets it) or ``NEARME_REQUIRE_POSTGRES=1``, where they fail.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

SERVER = os.environ.get("NEARME_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
BACKENDS = ("sqlite", "postgresql")


def postgres_required() -> bool:
    return (
        os.environ.get("CI", "").lower() in {"true", "1"}
        or os.environ.get("NEARME_REQUIRE_POSTGRES") == "1"
    )


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh, uniquely named database on the server, for this test session."""
    try:
        admin = psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        reason = f"no PostgreSQL at {SERVER}: {str(exc).strip().splitlines()[0]}"
        if postgres_required():
            pytest.fail(f"{reason} (required: CI=true or NEARME_REQUIRE_POSTGRES=1)")
        pytest.skip(reason)
    name = f"nearme_test_{os.getpid()}_{secrets.token_hex(4)}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield f"{SERVER}/{name}"
        finally:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def empty(url: str) -> None:
    """Drop every table (the history's and Alembic's): the test starts from nothing."""
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


@pytest.fixture(params=BACKENDS)
def history_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A history database URL, empty: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'history' / 'audits.sqlite3'}"
        return
    url: str = request.getfixturevalue("postgres_database")
    empty(url)  # what the test before left; the last test's goes with the database
    yield url
