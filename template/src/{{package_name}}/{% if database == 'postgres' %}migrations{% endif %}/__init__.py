"""Alembic migrations of the database schema (``env.py``, ``versions/``)."""

__all__: list[str] = []
