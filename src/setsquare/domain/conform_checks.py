"""The checks ``setsquare conform`` can run, named once.

The CLI's repeatable ``--check`` option takes this type (typer lists the names in
``--help`` and refuses any other), the service dispatches on it, and every finding
carries the check that produced it. No imports beyond the standard library: the CLI
needs it at import time.
"""

from enum import StrEnum


class ConformCheck(StrEnum):
    """One independent check of ``conform`` (see ``services/conform.py``)."""

    VERSION = "version"
    OWNED = "owned"
    STRICTNESS = "strictness"
    DEBT = "debt"


__all__ = ["ConformCheck"]
