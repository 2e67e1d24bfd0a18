"""Unit tests: pure code and in-memory collaborators only."""
