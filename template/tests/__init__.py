"""The project's tests: ``unit/`` (no I/O) and ``integration/`` (real files, processes)."""
