"""The report formats ``check`` and ``conform`` write, each set named once.

The CLI's ``--format`` options take these types, so typer lists them in ``--help`` and
refuses any other value; the writers in ``check_output`` and ``conform_output`` match
on them. This module imports nothing heavy: ``api/cli.py`` needs it at import time.
"""

from typing import Literal

CheckFormat = Literal["human", "json", "github", "sarif", "junit"]
ConformFormat = Literal["human", "json", "github"]

__all__ = ["CheckFormat", "ConformFormat"]
