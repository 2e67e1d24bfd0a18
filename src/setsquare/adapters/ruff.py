"""ruff, through ``process.run``: file discovery, format check, lint, and fixes.

Every call parses ruff's JSON output (``--output-format json``) into the common
``Diagnostic``; ruff's human text is only ever shown as an error message.
"""

import json
import os
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final, cast

from setsquare.adapters.process import Completed, find_executable, run
from setsquare.domain.diagnostics import (
    TOOL_RUFF_CHECK,
    TOOL_RUFF_FORMAT,
    Diagnostic,
    FixAvailability,
    Severity,
)
from setsquare.exceptions import ExternalServiceError

_ABORTED: Final = 2
_RUFF: Final = "ruff"
_GRAPH: Final = "ruff analyze graph"
_APPLICABILITY: Final[dict[str, FixAvailability]] = {"safe": "safe", "unsafe": "unsafe"}
_SEVERITY: Final[dict[str, Severity]] = {"warning": "warning", "info": "info"}


@dataclass(frozen=True, slots=True)
class ToolOutcome:
    """What one tool run produced.

    Attributes:
        diagnostics: Its findings, in the common model.
        seconds: Its wall time.
        version: The tool's version.
        notes: Warnings the tool printed besides its findings.
    """

    diagnostics: tuple[Diagnostic, ...]
    seconds: float
    version: str
    notes: tuple[str, ...] = ()


class ToolFailedError(ExternalServiceError):
    """A tool crashed, was killed, or rejected its configuration."""

    def __init__(self, name: str, completed: Completed) -> None:
        """Build a one-line message from the tool's own words.

        Args:
            name: The tool's display name.
            completed: The finished command.
        """
        super().__init__(_failure_message(name, completed))


def _failure_message(name: str, completed: Completed) -> str:
    """Describe how a tool failed, in one line.

    Args:
        name: The tool's display name.
        completed: The finished command.

    Returns:
        The signal that killed it, or its exit status and its own error text.
    """
    if completed.returncode < 0:
        number = -completed.returncode
        try:
            label = signal.Signals(number).name
        except ValueError:
            label = str(number)
        return f"{name} was killed by signal {label}"
    text = completed.stderr.strip() or completed.stdout.strip()
    lines = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.strip().startswith(("|", "^", "warning:"))
    ]
    detail = " / ".join(lines)[:400] or "no output"
    return f"{name} failed (exit status {completed.returncode}): {detail}"


@lru_cache(maxsize=65_536)
def relative(root: Path, filename: str) -> str:
    """Express a tool's file name relative to the project root, POSIX-style.

    Memoised: tools repeat the same file name for every finding in it.

    Args:
        root: The project root.
        filename: An absolute (or root-relative) path.

    Returns:
        The relative path (``../`` when outside the root).
    """
    return Path(os.path.relpath(Path(root, filename), root)).as_posix()


def _position(value: object) -> tuple[int, int] | None:
    """Read a ruff ``{"row", "column"}`` location.

    Args:
        value: The JSON value.

    Returns:
        ``(row, column)``, or None when absent.
    """
    if not isinstance(value, dict):
        return None
    location = cast("dict[str, object]", value)
    row, column = location.get("row"), location.get("column")
    if isinstance(row, int) and isinstance(column, int):
        return row, column
    return None


def _fix(value: object) -> FixAvailability:
    """Read a ruff fix's applicability.

    Args:
        value: The ``fix`` JSON value.

    Returns:
        ``safe``, ``unsafe``, or ``none`` (no fix, or a display-only one).
    """
    if not isinstance(value, dict):
        return "none"
    applicability = cast("dict[str, object]", value).get("applicability")
    return (
        _APPLICABILITY.get(applicability, "none")
        if isinstance(applicability, str)
        else "none"
    )


def _diagnostic(root: Path, tool: str, item: dict[str, object]) -> Diagnostic:
    """Map one entry of ruff's JSON output.

    Args:
        root: The project root.
        tool: ``ruff-check`` or ``ruff-format``.
        item: The JSON object.

    Returns:
        The diagnostic (file-level entries point at 1:1).
    """
    start = _position(item.get("location")) or (1, 1)
    end = _position(item.get("end_location"))
    code, name = item.get("code"), item.get("name")
    severity, url = item.get("severity"), item.get("url")
    return Diagnostic(
        tool=tool,
        code=code
        if isinstance(code, str)
        else name
        if isinstance(name, str)
        else "ruff",
        severity=_SEVERITY.get(severity, "error")
        if isinstance(severity, str)
        else "error",
        path=relative(root, str(item.get("filename", ""))),
        line=start[0],
        column=start[1],
        end_line=end[0] if end else None,
        end_column=end[1] if end else None,
        message=str(item.get("message", "")),
        fix=_fix(item.get("fix")),
        url=url if isinstance(url, str) else None,
    )


def parse_output(root: Path, tool: str, stdout: str) -> list[Diagnostic]:
    """Parse ruff's ``--output-format json`` output.

    Args:
        root: The project root.
        tool: ``ruff-check`` or ``ruff-format``.
        stdout: What ruff printed.

    Returns:
        The diagnostics.

    Raises:
        ValueError: When the output is not ruff's JSON list.
    """
    data = cast("object", json.loads(stdout or "[]"))
    if not isinstance(data, list):
        msg = "ruff's JSON output is not a list"
        raise ValueError(msg)  # noqa: TRY004 - malformed tool output, not a caller's type error
    items = cast("list[object]", data)
    return [
        _diagnostic(root, tool, cast("dict[str, object]", item))
        for item in items
        if isinstance(item, dict)
    ]


def version(executable: str) -> str:
    """Ask ruff for its version.

    Args:
        executable: The ruff executable.

    Returns:
        E.g. ``0.17.6``.
    """
    completed = run([executable, "--version"], check=False)
    return completed.stdout.strip().removeprefix("ruff ").strip() or "unknown"


def _run_json(
    executable: str, tool: str, root: Path, args: list[str], *, aborted_ok: bool
) -> ToolOutcome:
    """Run a ruff subcommand with JSON output and parse it.

    Args:
        executable: The ruff executable.
        tool: ``ruff-check`` or ``ruff-format``.
        root: The project root (the working directory).
        args: The subcommand and its arguments.
        aborted_ok: Whether exit status 2 with a JSON report is a normal result
            (``ruff format --check`` exits 2 when a file does not parse).

    Returns:
        The outcome.

    Raises:
        ToolFailedError: When ruff fails, is killed, or prints no JSON.
    """
    started = time.monotonic()
    completed = run(
        [executable, *args], cwd=root, check=False, background=True, spool=True
    )
    seconds = time.monotonic() - started
    if completed.returncode < 0 or completed.returncode > _ABORTED:
        raise ToolFailedError(tool, completed)
    if completed.returncode == _ABORTED and not (
        aborted_ok and completed.stdout.strip()
    ):
        raise ToolFailedError(tool, completed)
    try:
        found = parse_output(root, tool, completed.stdout)
    except ValueError as error:
        raise ToolFailedError(tool, completed) from error
    return ToolOutcome(tuple(found), seconds, version(executable))


def check(root: Path, targets: Sequence[str], config: Sequence[str]) -> ToolOutcome:
    """Lint with ``ruff check`` (never fixing, whatever the configuration says).

    Args:
        root: The project root.
        targets: Paths to check; empty for the whole project.
        config: Extra configuration arguments (``--config FILE`` for the canon).

    Returns:
        The outcome.
    """
    args = ["check", "--output-format", "json", "--no-fix", "--force-exclude"]
    return _run_json(
        find_executable(_RUFF),
        TOOL_RUFF_CHECK,
        root,
        [*args, *config, *targets],
        aborted_ok=False,
    )


def format_check(
    root: Path, targets: Sequence[str], config: Sequence[str]
) -> ToolOutcome:
    """Check formatting with ``ruff format --check``.

    Args:
        root: The project root.
        targets: Paths to check; empty for the whole project.
        config: Extra configuration arguments.

    Returns:
        The outcome; files that would be reformatted, or do not parse, are findings.
    """
    args = ["format", "--check", "--output-format", "json", "--force-exclude"]
    return _run_json(
        find_executable(_RUFF),
        TOOL_RUFF_FORMAT,
        root,
        [*args, *config, *targets],
        aborted_ok=True,
    )


def list_files(root: Path, targets: Sequence[str], config: Sequence[str]) -> list[Path]:
    """List the files ruff would check, honouring its excludes and ``.gitignore``.

    This is also where a broken configuration surfaces first.

    Args:
        root: The project root.
        targets: Paths to list; empty for the whole project.
        config: Extra configuration arguments.

    Returns:
        Absolute paths, sorted (``pyproject.toml`` files included).

    Raises:
        ToolFailedError: When ruff rejects its configuration or fails.
    """
    args = ["check", "--show-files", "--force-exclude", *config, *targets]
    completed = run([find_executable(_RUFF), *args], cwd=root, check=False)
    if completed.returncode != 0:
        raise ToolFailedError(_RUFF, completed)
    return sorted(Path(line) for line in completed.stdout.splitlines() if line.strip())


def importers_graph(root: Path, config: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Map every Python file to the files that import it directly.

    ``ruff analyze graph --direction dependents`` over the whole project, with
    imports under ``if TYPE_CHECKING:`` included (they carry types too).

    Args:
        root: The project root.
        config: Extra configuration arguments.

    Returns:
        Root-relative POSIX path to root-relative POSIX paths.

    Raises:
        ToolFailedError: When ruff fails or prints no JSON object.
    """
    args = ["analyze", "graph", "--direction", "dependents", "--type-checking-imports"]
    completed = run([find_executable(_RUFF), *args, *config], cwd=root, check=False)
    try:
        data = cast("object", json.loads(completed.stdout or "null"))
    except ValueError:
        data = None
    if completed.returncode != 0 or not isinstance(data, dict):
        raise ToolFailedError(_GRAPH, completed)
    graph = cast("dict[str, object]", data)
    return {
        relative(root, name): tuple(
            relative(root, str(item)) for item in cast("list[object]", importers)
        )
        for name, importers in graph.items()
        if isinstance(importers, list)
    }


def apply_fixes(
    root: Path, targets: Sequence[str], config: Sequence[str], *, unsafe: bool
) -> None:
    """Format, apply lint fixes, and format again (fixes can undo formatting).

    Args:
        root: The project root (ruff runs there and writes there).
        targets: Paths to fix; empty for the whole project.
        config: Extra configuration arguments.
        unsafe: Also apply ruff's unsafe fixes.

    Raises:
        ToolFailedError: When ruff fails or is killed.
    """
    executable = find_executable(_RUFF)
    fix = ["check", "--fix", "--exit-zero", "--force-exclude", "--quiet"]
    if unsafe:
        fix.append("--unsafe-fixes")
    steps = [
        ("ruff format", ["format", "--force-exclude", "--quiet"]),
        ("ruff check --fix", fix),
        ("ruff format", ["format", "--force-exclude", "--quiet"]),
    ]
    for name, args in steps:
        completed = run([executable, *args, *config, *targets], cwd=root, check=False)
        # Exit status 2 with files that do not parse is expected: check reports them.
        if completed.returncode < 0 or completed.returncode > _ABORTED:
            raise ToolFailedError(name, completed)
        if completed.returncode == _ABORTED and "ruff failed" in completed.stderr:
            raise ToolFailedError(name, completed)


__all__ = [
    "ToolFailedError",
    "ToolOutcome",
    "apply_fixes",
    "check",
    "format_check",
    "importers_graph",
    "list_files",
    "parse_output",
    "relative",
    "version",
]
