"""deptry, through ``process.run``: imports the project does not declare, and the reverse.

deptry scans the code that ships (``src/`` in a src layout, else the root, with its
own default excludes such as ``tests``) and reads the dependencies from the project's
configuration. Its ``--json-output`` report becomes findings: DEP001 missing, DEP002
unused, DEP003 transitive, DEP004 a development dependency used by shipped code,
DEP005 a standard-library module declared as a dependency.
"""

import json
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Final, cast

from setsquare.adapters.import_linter import PROBE
from setsquare.adapters.process import run
from setsquare.adapters.ruff import ToolFailedError, ToolOutcome, relative
from setsquare.domain.diagnostics import TOOL_DEPTRY, Diagnostic
from setsquare.exceptions import ExternalServiceError

URL: Final = "https://deptry.com/rules-violations/"
_FINDINGS: Final = frozenset({0, 1})


def site_packages(root: Path) -> list[str]:
    """List the project environment's ``site-packages`` (deptry reads metadata there).

    Args:
        root: The project root.

    Returns:
        The directories of ``.venv`` (POSIX and Windows layouts), possibly none.
    """
    venv = root / ".venv"
    found = [*venv.glob("lib/python*/site-packages"), venv / "Lib" / "site-packages"]
    return [str(path) for path in sorted(found) if path.is_dir()]


def _located(root: Path, item: dict[str, object]) -> tuple[str, int, int]:
    """Read a violation's location; one without a line is found in the configuration.

    Args:
        root: The project root.
        item: One violation of deptry's JSON report.

    Returns:
        The root-relative path, line and column.
    """
    location = cast("dict[str, object]", item.get("location") or {})
    path = str(location.get("file") or "pyproject.toml")
    line, column = location.get("line"), location.get("column")
    if isinstance(line, int):
        return relative(root, path), line, column if isinstance(column, int) else 1
    return relative(root, path), _declaration_line(root / path, item), 1


def _declaration_line(path: Path, item: dict[str, object]) -> int:
    """Find where a dependency is declared (unused ones have no location of their own).

    Args:
        path: The configuration file deptry named.
        item: The violation.

    Returns:
        The 1-based line quoting the dependency's name, or 1.
    """
    name = str(item.get("module", ""))
    if not name or not path.is_file():
        return 1
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return next(
        (number for number, line in enumerate(lines, 1) if f'"{name}' in line), 1
    )


def parse_output(root: Path, text: str) -> list[Diagnostic]:
    """Parse deptry's ``--json-output`` report.

    Args:
        root: The project root.
        text: The report.

    Returns:
        The findings, all errors.

    Raises:
        ValueError: When the report is not deptry's list of violations.
    """
    data = cast("object", json.loads(text))
    if not isinstance(data, list):
        msg = "deptry's JSON output is not a list"
        raise ValueError(msg)  # noqa: TRY004 - malformed tool output, not a caller's type error
    found: list[Diagnostic] = []
    for entry in cast("list[object]", data):
        item = cast("dict[str, object]", entry)
        error = cast("dict[str, object]", item.get("error") or {})
        path, line, column = _located(root, item)
        found.append(
            Diagnostic(
                tool=TOOL_DEPTRY,
                code=str(error.get("code", "DEP")),
                severity="error",
                path=path,
                line=line,
                column=column,
                message=str(error.get("message", "")),
                url=URL,
            )
        )
    return found


def check(root: Path) -> ToolOutcome:
    """Check the project's declared dependencies against its imports.

    Args:
        root: The project root (the working directory).

    Returns:
        The outcome.

    Raises:
        ToolFailedError: When deptry cannot run (e.g. a configuration it rejects).
        ExternalServiceError: When its report is unusable.
    """
    scanned = "src" if (root / "src").is_dir() else "."
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="setsquare-deptry-") as folder:
        output = Path(folder) / "deptry.json"
        arguments = [scanned, "--json-output", str(output), "--no-ansi"]
        command = [sys.executable, "-m", PROBE, "deptry", *site_packages(root), "--"]
        completed = run([*command, *arguments], cwd=root, check=False, background=True)
        if completed.returncode not in _FINDINGS or not output.is_file():
            raise ToolFailedError(TOOL_DEPTRY, completed)
        try:
            found = parse_output(root, output.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            msg = f"{TOOL_DEPTRY} failed: {error}"
            raise ExternalServiceError(msg) from error
    return ToolOutcome(tuple(found), time.monotonic() - started, version("deptry"))


__all__ = ["check", "parse_output", "site_packages"]
