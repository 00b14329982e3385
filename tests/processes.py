"""Helpers for tests that start other processes on the test database."""

from django.db import connection


def database_url():
    """The test database as a DATABASE_URL another process can open (a file for SQLite)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
