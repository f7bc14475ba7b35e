from tests.databases import history_url, postgres_database

__all__ = ["history_url", "postgres_database"]
