"""Integration tests: the real filesystem and real processes."""
