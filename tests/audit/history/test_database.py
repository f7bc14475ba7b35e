"""Finding and opening the history: URLs, the default file, migrations, clear failures."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from service.audit.history.database import (
    DEFAULT_PATH,
    HistoryError,
    locate,
    migrate,
    open_database,
)
from service.audit.history.tables import METADATA
from tests.utils import free_port


def test_no_url_is_the_default_file_in_the_working_folder() -> None:
    database = locate(None)
    assert database.path == DEFAULT_PATH == Path(".nearme/audits.sqlite3")


def test_a_plain_path_is_a_sqlite_file() -> None:
    database = locate("history/runs.db")
    assert database.is_sqlite and database.path == Path("history/runs.db")


@pytest.mark.parametrize(
    "given",
    ["postgresql://ci@db.example/audits", "postgres://ci@db.example/audits"],
)
def test_postgresql_urls_are_driven_by_psycopg(given: str) -> None:
    database = locate(given)
    assert database.url.drivername == "postgresql+psycopg"
    assert database.label == "postgresql://ci@db.example/audits"


def test_the_label_never_shows_a_password() -> None:
    label = locate("postgresql://ci:s3cret@db.example/audits").label
    assert "s3cret" not in label and label.startswith("postgresql://ci:")


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("mysql://u@h/db", "use postgresql://"),
        ("sqlite://", "memory keeps nothing"),
        ("postgresql://h:notaport/db", "not a database URL"),
    ],
)
def test_urls_it_cannot_use_are_refused_with_a_reason(given: str, said: str) -> None:
    with pytest.raises(HistoryError, match=said):
        locate(given)


def test_a_missing_file_is_created_only_when_asked(tmp_path: Path) -> None:
    database = locate(str(tmp_path / "new" / "audits.sqlite3"))
    with pytest.raises(HistoryError, match="no audit history at"):
        open_database(database, create=False)
    assert not (tmp_path / "new").exists()
    open_database(database, create=True)
    assert database.exists()


def test_a_file_that_is_not_a_database_is_named(tmp_path: Path) -> None:
    path = tmp_path / "audits.sqlite3"
    path.write_text("not a database, only text " * 100, "utf-8")
    with pytest.raises(HistoryError, match=r"audits\.sqlite3: file is not a database"):
        open_database(locate(str(path)), create=False)


def test_an_unreachable_server_is_named_without_waiting_long() -> None:
    database = locate(f"postgresql://postgres@127.0.0.1:{free_port()}/audits")
    with pytest.raises(HistoryError, match=r"127\.0\.0\.1:\d+/audits: .*refused"):
        open_database(database, create=False)


def _schema_differences(engine: sa.Engine) -> list[object]:
    with engine.connect() as connection:
        return list(compare_metadata(MigrationContext.configure(connection), METADATA))


def _revision(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_the_migrations_build_exactly_the_tables_the_code_uses(history_url: str) -> None:
    engine = open_database(locate(history_url), create=True)
    assert _schema_differences(engine) == []
    assert _revision(engine) == "0001"


def test_opening_again_migrates_nothing_and_keeps_the_runs(history_url: str) -> None:
    from service.audit.history.store import list_runs, save_run
    from tests.audit.history.reports import report

    database = locate(history_url)
    save_run(open_database(database, create=True), report())
    engine = open_database(database, create=False)
    assert _revision(engine) == "0001"
    assert [run.id for run in list_runs(engine)] == [1]


def test_the_migrations_go_down_and_up_again(history_url: str) -> None:
    from alembic import command
    from alembic.config import Config

    from service.audit.history.database import MIGRATIONS_DIR

    engine = open_database(locate(history_url), create=True)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(sa.inspect(engine).get_table_names()) == {"alembic_version"}
    migrate(engine)
    assert _schema_differences(engine) == []


def test_a_history_from_a_newer_nearme_is_refused_clearly(history_url: str) -> None:
    database = locate(history_url)
    engine = open_database(database, create=True)
    version = sa.table("alembic_version", sa.column("version_num"))
    with engine.begin() as connection:
        connection.execute(sa.update(version).values(version_num="9999"))
    with pytest.raises(HistoryError, match="written by a newer nearme"):
        open_database(database, create=False)


def test_the_migrations_ship_in_the_wheel() -> None:
    """Alembic reads the migrations folder at run time: its packages and files are listed."""
    import tomllib

    from service.audit.history.database import MIGRATIONS_DIR
    from service.paths import PROJECT_ROOT

    setuptools = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text("utf-8"))["tool"][
        "setuptools"
    ]
    packages = set(setuptools["packages"])
    assert {"service.audit.history.migrations", "service.audit.history.migrations.versions"} <= (
        packages
    )
    data = setuptools["package-data"]["service.audit.history.migrations"]
    others = {p.name for p in MIGRATIONS_DIR.iterdir() if p.is_file() and p.suffix != ".py"}
    assert others == set(data) == {"script.py.mako"}
