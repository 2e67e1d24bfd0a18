"""The one diagnostic model every source (ruff, basedpyright, the SQ rules) maps into.

Pure data and decisions: fingerprints that survive line shifts, the exit code of a
report, and the plain-dict form used by the result cache and the JSON report.
"""

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final, Literal

Severity = Literal["error", "warning", "info"]
FixAvailability = Literal["safe", "unsafe", "none"]

SEVERITIES: Final = ("error", "warning", "info")
FIX_AVAILABILITIES: Final = ("safe", "unsafe", "none")
FAILING_SEVERITIES: Final = frozenset({"error", "warning"})

TOOL_RUFF_FORMAT: Final = "ruff-format"
TOOL_RUFF_CHECK: Final = "ruff-check"
TOOL_BASEDPYRIGHT: Final = "basedpyright"
TOOL_SETSQUARE: Final = "setsquare"
TOOL_IMPORT_LINTER: Final = "import-linter"
TOOL_DEPTRY: Final = "deptry"
TOOLS: Final = (
    TOOL_RUFF_FORMAT,
    TOOL_RUFF_CHECK,
    TOOL_BASEDPYRIGHT,
    TOOL_SETSQUARE,
    TOOL_IMPORT_LINTER,
    TOOL_DEPTRY,
)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding, whatever reported it.

    Attributes:
        tool: Which source reported it (one of ``TOOLS``).
        code: The tool's rule code (``F401``, ``reportAny``, ``SQ001``, ...).
        severity: ``error``, ``warning`` or ``info``.
        path: The file, POSIX-style, relative to the checked project's root.
        line: 1-based line of the start.
        column: 1-based column of the start.
        message: The tool's message.
        end_line: 1-based line of the end, when the tool knows it.
        end_column: 1-based column of the end, when the tool knows it.
        fix: Whether the tool can fix it: ``safe``, ``unsafe`` or ``none``.
        url: The rule's documentation, when the tool gives one.
        fingerprint: A line-shift-robust identity (see ``assign_fingerprints``).
    """

    tool: str
    code: str
    severity: Severity
    path: str
    line: int
    column: int
    message: str
    end_line: int | None = None
    end_column: int | None = None
    fix: FixAvailability = "none"
    url: str | None = None
    fingerprint: str = ""

    @property
    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        """Order findings by file, position, then tool and code.

        Returns:
            A key for ``sorted``.
        """
        return (self.path, self.line, self.column, self.tool, self.code, self.message)


@dataclass(frozen=True, slots=True)
class ToolRun:
    """How one source ran.

    Attributes:
        tool: The source (one of ``TOOLS``).
        version: Its version.
        seconds: Its wall time.
        findings: How many findings it reported (before any baseline).
    """

    tool: str
    version: str
    seconds: float
    findings: int


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The outcome of one ``setsquare check``.

    Attributes:
        root: The project root, as an absolute POSIX path.
        diagnostics: The findings that remain after the baseline, sorted.
        tools: How each source ran.
        files: How many Python files were checked.
        seconds: The whole check's wall time.
        cached: Whether the findings came from the result cache.
        baselined: How many findings the baseline suppressed.
        stale_baseline: How many baseline entries no longer occur.
        notes: One-line remarks for the human summary.
    """

    root: str
    diagnostics: tuple[Diagnostic, ...]
    tools: tuple[ToolRun, ...]
    files: int
    seconds: float
    cached: bool = False
    baselined: int = 0
    stale_baseline: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def exit_code(self) -> int:
        """Return 1 when an error or warning remains, else 0.

        Returns:
            The exit code of the check.
        """
        failing = any(d.severity in FAILING_SEVERITIES for d in self.diagnostics)
        return 1 if failing else 0

    def counts(self) -> dict[str, int]:
        """Count the remaining findings per severity.

        Returns:
            ``{"error": n, "warning": n, "info": n}``.
        """
        counter = Counter(d.severity for d in self.diagnostics)
        return {severity: counter.get(severity, 0) for severity in SEVERITIES}


def _normalised(text: str) -> str:
    """Collapse all whitespace runs in a line to single spaces.

    Args:
        text: A source line.

    Returns:
        The line without leading, trailing or repeated whitespace.
    """
    return " ".join(text.split())


def assign_fingerprints(
    diagnostics: Iterable[Diagnostic], lines: Mapping[str, Sequence[str]]
) -> list[Diagnostic]:
    """Give every finding a fingerprint that survives unrelated edits.

    The fingerprint hashes the tool, the code, the path, the normalised text of the
    finding's line and its occurrence index among findings with those same four
    values, so lines moving up or down do not change it; the message is left out
    because type checkers put line-dependent details in it.

    Args:
        diagnostics: The findings.
        lines: Each file's lines by relative path (a missing file maps to nothing).

    Returns:
        The findings, sorted, with ``fingerprint`` set.
    """
    seen: Counter[tuple[str, str, str, str]] = Counter()
    result: list[Diagnostic] = []
    for d in sorted(diagnostics, key=lambda d: d.sort_key):
        file_lines = lines.get(d.path, ())
        text = file_lines[d.line - 1] if 0 < d.line <= len(file_lines) else ""
        key = (d.tool, d.code, d.path, _normalised(text))
        occurrence = seen[key]
        seen[key] = occurrence + 1
        digest = hashlib.blake2b(
            "\0".join((*key, str(occurrence))).encode(), digest_size=16
        ).hexdigest()
        result.append(replace(d, fingerprint=digest))
    return result


def diagnostic_to_dict(diagnostic: Diagnostic) -> dict[str, object]:
    """Turn a finding into the plain dict of the JSON report and the cache.

    Args:
        diagnostic: The finding.

    Returns:
        A JSON-ready dict with stable keys.
    """
    return {
        "tool": diagnostic.tool,
        "code": diagnostic.code,
        "severity": diagnostic.severity,
        "path": diagnostic.path,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "end_line": diagnostic.end_line,
        "end_column": diagnostic.end_column,
        "message": diagnostic.message,
        "fix": diagnostic.fix,
        "url": diagnostic.url,
        "fingerprint": diagnostic.fingerprint,
    }


__all__ = [
    "FAILING_SEVERITIES",
    "FIX_AVAILABILITIES",
    "SEVERITIES",
    "TOOLS",
    "TOOL_BASEDPYRIGHT",
    "TOOL_DEPTRY",
    "TOOL_IMPORT_LINTER",
    "TOOL_RUFF_CHECK",
    "TOOL_RUFF_FORMAT",
    "TOOL_SETSQUARE",
    "CheckReport",
    "Diagnostic",
    "FixAvailability",
    "Severity",
    "ToolRun",
    "assign_fingerprints",
    "diagnostic_to_dict",
]
