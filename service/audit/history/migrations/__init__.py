"""Alembic migrations of the history database, run by ``database.open_database``."""
