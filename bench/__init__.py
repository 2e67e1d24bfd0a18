"""Benchmarks of setsquare against the raw tools (``make bench``)."""

__all__: list[str] = []
