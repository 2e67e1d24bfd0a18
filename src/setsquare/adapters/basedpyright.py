"""basedpyright, through ``process.run``: type checking parsed from ``--outputjson``."""

import json
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Final, cast

from setsquare.adapters.process import find_executable, run
from setsquare.adapters.ruff import ToolFailedError, ToolOutcome, relative
from setsquare.domain.diagnostics import TOOL_BASEDPYRIGHT, Diagnostic, Severity

_SEVERITY: Final[dict[str, Severity]] = {
    "error": "error",
    "warning": "warning",
    "information": "info",
}
_FINDINGS: Final = 1
NO_RULE: Final = "no-rule"
_CONFIG_ERROR: Final = re.compile(
    r"could not be parsed|^invalid |^unknown config|error:", re.IGNORECASE
)


def _position(value: object) -> tuple[int, int] | None:
    """Read an LSP ``{"line", "character"}`` position (0-based) as 1-based.

    Args:
        value: The JSON value.

    Returns:
        ``(line, column)`` 1-based, or None when absent.
    """
    if not isinstance(value, dict):
        return None
    position = cast("dict[str, object]", value)
    line, character = position.get("line"), position.get("character")
    if isinstance(line, int) and isinstance(character, int):
        return line + 1, character + 1
    return None


def _diagnostic(root: Path, item: dict[str, object]) -> Diagnostic:
    """Map one of basedpyright's ``generalDiagnostics``.

    Args:
        root: The project root.
        item: The JSON object.

    Returns:
        The diagnostic; findings without a rule (syntax errors) get ``no-rule``.
    """
    span = item.get("range")
    bounds = cast("dict[str, object]", span) if isinstance(span, dict) else {}
    start = _position(bounds.get("start")) or (1, 1)
    end = _position(bounds.get("end"))
    rule, severity = item.get("rule"), item.get("severity")
    code = rule if isinstance(rule, str) and rule else NO_RULE
    return Diagnostic(
        tool=TOOL_BASEDPYRIGHT,
        code=code,
        severity=_SEVERITY.get(severity, "error")
        if isinstance(severity, str)
        else "error",
        path=relative(root, str(item.get("file", ""))),
        line=start[0],
        column=start[1],
        end_line=end[0] if end else None,
        end_column=end[1] if end else None,
        message=str(item.get("message", "")),
    )


def parse_output(root: Path, stdout: str) -> tuple[list[Diagnostic], str]:
    """Parse basedpyright's ``--outputjson`` report.

    Args:
        root: The project root.
        stdout: What basedpyright printed.

    Returns:
        The diagnostics and basedpyright's version.

    Raises:
        ValueError: When the output is not basedpyright's JSON report.
    """
    data = cast("object", json.loads(stdout))
    if not isinstance(data, dict):
        msg = "basedpyright's JSON output is not an object"
        raise ValueError(msg)  # noqa: TRY004 - malformed tool output, not a caller's type error
    report = cast("dict[str, object]", data)
    items = report.get("generalDiagnostics")
    if not isinstance(items, list):
        msg = "basedpyright's JSON output has no generalDiagnostics"
        raise ValueError(msg)  # noqa: TRY004 - malformed tool output, not a caller's type error
    found = [
        _diagnostic(root, cast("dict[str, object]", item))
        for item in cast("list[object]", items)
        if isinstance(item, dict)
    ]
    reported_version = report.get("version")
    return found, reported_version if isinstance(reported_version, str) else "unknown"


def project_python(root: Path) -> Path | None:
    """Find the interpreter of the project's own ``.venv``.

    Args:
        root: The project root.

    Returns:
        Its path, or None when the project has no ``.venv``.
    """
    for candidate in (
        root / ".venv" / "bin" / "python",
        root / ".venv" / "Scripts" / "python.exe",
    ):
        if candidate.exists():
            return candidate
    return None


def check(
    root: Path,
    targets: Sequence[str],
    *,
    project: Path | None = None,
    python: Path | None = None,
) -> ToolOutcome:
    """Type-check with basedpyright.

    Args:
        root: The project root (the working directory).
        targets: Paths to check; empty for the configuration's ``include``.
        project: A configuration file to use instead of the project's own.
        python: The interpreter whose environment resolves imports (the
            project's ``.venv``), when there is one.

    Returns:
        The outcome.

    Raises:
        ToolFailedError: When basedpyright crashes, is killed, prints no JSON, or
            rejects its configuration on stderr.
    """
    args = [find_executable("basedpyright"), "--outputjson"]
    if project is not None:
        args += ["--project", str(project)]
    if python is not None:
        args += ["--pythonpath", str(python)]
    started = time.monotonic()
    completed = run([*args, *targets], cwd=root, check=False, spool=True)
    seconds = time.monotonic() - started
    name = TOOL_BASEDPYRIGHT
    # basedpyright reports configuration problems on stderr yet exits 0 or 1;
    # other stderr lines (an ``include`` entry that does not exist) are warnings.
    warnings = [line.strip() for line in completed.stderr.splitlines() if line.strip()]
    if completed.returncode not in {0, _FINDINGS} or any(
        _CONFIG_ERROR.search(line) for line in warnings
    ):
        raise ToolFailedError(name, completed)
    try:
        found, reported_version = parse_output(root, completed.stdout)
    except ValueError as error:
        raise ToolFailedError(name, completed) from error
    notes = tuple(f"{name}: {line}" for line in warnings)
    return ToolOutcome(tuple(found), seconds, reported_version, notes)


__all__ = ["NO_RULE", "check", "parse_output", "project_python"]
