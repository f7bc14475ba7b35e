"""Alembic's entry point, run by ``alembic.command.upgrade`` from ``database.migrate``.

There is no alembic.ini: the caller builds the Config in code and hands over the
open connection (``config.attributes["connection"]``), so the migration runs in
its transaction. Offline (SQL script) mode is not offered: nearme migrates the
database it opens, nothing else.
"""

from __future__ import annotations

from alembic import context

from service.audit.history.tables import METADATA

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=METADATA, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
