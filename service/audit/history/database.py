"""Where the history lives, and opening it: SQLite by default, PostgreSQL for a team.

``--db`` (or ``NEARME_AUDIT_DB``) takes a ``postgresql://`` URL (driven by
psycopg 3), a ``sqlite:///PATH`` URL or a plain file path; without one the
history is ``.nearme/audits.sqlite3`` in the working folder. Opening runs the
Alembic migrations up to the newest, so any nearme reads any older history.
Connections are not pooled: a command opens one for each step and closes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from service.errors import NearmeError

DEFAULT_PATH = Path(".nearme") / "audits.sqlite3"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
CONNECT_SECONDS = 10  # a server that does not answer is named, not waited on forever
_POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_SQLITE_SCHEMES = ("sqlite", "sqlite+pysqlite")
# Any fixed number: it names the lock that keeps two CI jobs from migrating at once.
_MIGRATION_LOCK = 7_305_861


class HistoryError(NearmeError):
    """The history database cannot be used as asked (bad URL, unreachable, no such run)."""


@dataclass(frozen=True)
class Database:
    """A history database, not yet opened."""

    url: URL

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        return Path(self.url.database or "") if self.is_sqlite else None

    @property
    def label(self) -> str:
        """How messages name it: the file, or the URL without its password."""
        if self.path is not None:
            return str(self.path)
        return self.url.set(drivername="postgresql").render_as_string(hide_password=True)

    def exists(self) -> bool:
        """False only for a SQLite file not written yet (a server is asked when opened)."""
        return self.path is None or self.path.is_file()


def locate(value: str | None) -> Database:
    """The database ``value`` names (None: the default), or ``HistoryError`` saying why not."""
    if not value:
        return Database(URL.create("sqlite+pysqlite", database=str(DEFAULT_PATH)))
    if "://" not in value:
        return Database(URL.create("sqlite+pysqlite", database=value))
    try:
        url = make_url(value)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise HistoryError(f"--db {value!r}: not a database URL") from None
    if url.drivername in _POSTGRES_SCHEMES:
        return Database(url.set(drivername="postgresql+psycopg"))
    if url.drivername in _SQLITE_SCHEMES:
        if not url.database or url.database == ":memory:":
            raise HistoryError(
                f"--db {value!r}: name a file (sqlite:///PATH); memory keeps nothing"
            )
        return Database(url.set(drivername="sqlite+pysqlite"))
    raise HistoryError(
        f"--db {url.render_as_string(hide_password=True)!r}: "
        "use postgresql://USER@HOST/DATABASE, sqlite:///PATH or a file path"
    )


def open_database(database: Database, *, create: bool) -> Engine:
    """An engine on ``database``, migrated to the newest schema.

    A SQLite file (and its folder) is made only when ``create``; otherwise a
    missing one is a ``HistoryError``, as is a server that cannot be reached.
    """
    if database.path is not None:
        if not database.path.is_file():
            if not create:
                raise HistoryError(
                    f"no audit history at {database.label} (nearme audit URL --save starts one)"
                )
            try:
                database.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise HistoryError(f"{database.label}: cannot create ({exc.strerror})") from None
        engine = sa.create_engine(database.url, poolclass=NullPool)
    else:
        given = "connect_timeout" in database.url.query
        connect_args = {} if given else {"connect_timeout": CONNECT_SECONDS}
        engine = sa.create_engine(database.url, poolclass=NullPool, connect_args=connect_args)
    try:
        migrate(engine)
    except SQLAlchemyError as exc:
        raise HistoryError(f"audit history {database.label}: {reason(exc)}") from None
    except CommandError as exc:  # a revision this nearme does not know: a newer one wrote it
        raise HistoryError(
            f"audit history {database.label}: written by a newer nearme ({exc}); upgrade nearme to read it"
        ) from None
    return engine


def migrate(engine: Engine) -> None:
    """Run every migration the database lacks, in one transaction where the server can."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # two CI jobs starting at once wait in turn
            connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_MIGRATION_LOCK)))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def reason(exc: SQLAlchemyError) -> str:
    """The driver's own first line (``connection refused``), not SQLAlchemy's wrapping."""
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return lines[0] if lines else type(original).__name__
