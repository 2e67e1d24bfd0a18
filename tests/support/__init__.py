"""Helpers shared by the test suites: real git template repositories built on the fly."""

__all__: list[str] = []
