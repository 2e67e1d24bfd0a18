"""The result cache's key and payload for ``setsquare check``.

The key covers everything a check's outcome depends on: the checked files'
contents, the configuration files (``pyproject.toml``, ruff and pyright files,
basedpyright's own baseline), the lock file, the ignore files and Dockerfile the
project rules read, the tools' and setsquare's installed files, and the project
environment's ``site-packages``. With ``--changed`` it also covers which files
changed, their importers, and the content of every Python file of the project, so an
edit to a file they import (or a moved base) is not answered from the cache. Files
basedpyright analyses beyond ruff's file list (a wider ``include``, or the modules a
path-limited check imports) are not part of the key.
"""

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Final, cast

import setsquare
from setsquare.adapters.basedpyright import project_python
from setsquare.adapters.process import find_executable
from setsquare.domain.diagnostics import (
    FIX_AVAILABILITIES,
    SEVERITIES,
    Diagnostic,
    ToolRun,
)
from setsquare.services.check_scope import PROJECT_WIDE_FILES

CACHE_FORMAT: Final = "check-cache-2"
# setsquare's own files whose content shapes a result (besides rules/): hashed, so
# editing them invalidates the cache while touching unrelated modules does not.
RESULT_MODULES: Final = (
    "canon.toml",
    "domain/diagnostics.py",
    "domain/dockerfile.py",
    "domain/importers.py",
    "adapters/ruff.py",
    "adapters/basedpyright.py",
    "adapters/canon_config.py",
    "adapters/deptry.py",
    "adapters/import_linter.py",
    "adapters/project_probe.py",
    "services/check.py",
    "services/check_cache.py",
    "services/check_scope.py",
)
KEY_FILES: Final = (
    *PROJECT_WIDE_FILES,
    ".basedpyright/baseline.json",
    ".gitignore",
    ".dockerignore",
    "Dockerfile",
)


@dataclass(frozen=True, slots=True)
class Collected:
    """What a check collected: the cacheable part of its report.

    Attributes:
        diagnostics: Every finding, fingerprinted.
        tools: How each source ran.
        files: How many Python files were checked.
        notes: Remarks for the human summary.
    """

    diagnostics: tuple[Diagnostic, ...]
    tools: tuple[ToolRun, ...]
    files: int
    notes: tuple[str, ...] = field(default=())


def _stat_identity(path: Path) -> str:
    """Describe a file or directory by size and modification time.

    Args:
        path: The path.

    Returns:
        ``path:size:mtime``, or ``path:missing``.
    """
    try:
        status = path.stat()
    except OSError:
        return f"{path}:missing"
    return f"{path}:{status.st_size}:{status.st_mtime_ns}"


def _environment_identity(root: Path) -> list[str]:
    """Describe the tools, setsquare itself and the project's environment.

    Args:
        root: The project root.

    Returns:
        Lines that change when any of them is upgraded or reinstalled.
    """
    package = Path(setsquare.__file__).parent
    identities = [
        _stat_identity(Path(find_executable(tool))) for tool in ("ruff", "basedpyright")
    ]
    identities += [f"{name}:{version(name)}" for name in ("import-linter", "deptry")]
    own = [package / name for name in RESULT_MODULES]
    own += sorted((package / "rules").glob("*.py"))
    identities += [
        f"{path.name}:{hashlib.sha256(path.read_bytes()).hexdigest()}"
        for path in own
        if path.is_file()
    ]
    python = project_python(root)
    if python is not None:
        identities += [
            _stat_identity(site)
            for site in sorted((root / ".venv").glob("lib/python*/site-packages"))
        ]
    return identities


def cache_key(
    root: Path,
    targets: Sequence[str],
    *,
    whole_project: bool,
    config_identity: str,
    sources: Mapping[Path, bytes],
) -> str:
    """Fingerprint every input of a check.

    Args:
        root: The project root.
        targets: The checked paths (empty for the whole project).
        whole_project: Whether the project-level rules run.
        config_identity: Identifies the tools' configuration (project or canon).
        sources: The checked files' contents.

    Returns:
        A hex digest.
    """
    digest = hashlib.sha256()
    header = [CACHE_FORMAT, setsquare.__version__, str(root), config_identity]
    header += [json.dumps(list(targets)), str(whole_project)]
    for line in [*header, *_environment_identity(root)]:
        digest.update(line.encode() + b"\0")
    for name in KEY_FILES:
        path = root / name
        content = path.read_bytes() if path.is_file() else b"-"
        digest.update(name.encode() + b"\0" + content)
    if whole_project and (root / "src").is_dir():
        layout = sorted(
            p.relative_to(root).as_posix() for p in (root / "src").glob("*/*")
        )
        digest.update("\0".join(layout).encode())
    for path, data in sorted(sources.items()):
        digest.update(str(path).encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def encode(result: Collected) -> dict[str, object]:
    """Turn a result into the cache's JSON.

    Args:
        result: The result.

    Returns:
        A JSON-ready dict.
    """
    return {
        "diagnostics": [
            [
                d.tool,
                d.code,
                d.severity,
                d.path,
                d.line,
                d.column,
                d.message,
                d.end_line,
                d.end_column,
                d.fix,
                d.url,
                d.fingerprint,
            ]
            for d in result.diagnostics
        ],
        "tools": [[t.tool, t.version, t.seconds, t.findings] for t in result.tools],
        "files": result.files,
        "notes": list(result.notes),
    }


def _diagnostic(item: object) -> Diagnostic:
    """Rebuild a cached diagnostic from its row (fields in declaration order).

    Rows instead of objects keep a cache of tens of thousands of findings quick to
    write and read.

    Args:
        item: The row.

    Returns:
        The diagnostic.

    Raises:
        TypeError: When the row has another shape.
    """
    row = cast("list[object]", item) if isinstance(item, list) else []
    match row:
        case [
            str(tool),
            str(code),
            str(severity),
            str(path),
            int(line),
            int(column),
            str(message),
            int() | None as end_line,
            int() | None as end_column,
            str(fix),
            str() | None as url,
            str(fingerprint),
        ] if severity in SEVERITIES and fix in FIX_AVAILABILITIES:
            return Diagnostic(
                tool,
                code,
                severity,
                path,
                line,
                column,
                message,
                end_line,
                end_column,
                fix,
                url,
                fingerprint,
            )
        case _:
            msg = "cached diagnostic is malformed"
            raise TypeError(msg)


def _tool_run(item: object) -> ToolRun:
    """Rebuild a cached ``ToolRun``.

    Args:
        item: ``[tool, version, seconds, findings]``.

    Returns:
        The run.

    Raises:
        TypeError: When the item has another shape.
    """
    values = cast("list[object]", item) if isinstance(item, list) else []
    match values:
        case [str(tool), str(version), float(seconds), int(findings)]:
            return ToolRun(tool, version, seconds, findings)
        case _:
            msg = "cached tool run is malformed"
            raise TypeError(msg)


def decode(payload: Mapping[str, object]) -> Collected | None:
    """Rebuild a result from the cache's JSON.

    Args:
        payload: The stored dict.

    Returns:
        The result, or None when the entry is malformed.
    """
    items, tools, files = (
        payload.get("diagnostics"),
        payload.get("tools"),
        payload.get("files"),
    )
    if not (
        isinstance(items, list) and isinstance(tools, list) and isinstance(files, int)
    ):
        return None
    try:
        diagnostics = tuple(_diagnostic(item) for item in cast("list[object]", items))
        runs = tuple(_tool_run(item) for item in cast("list[object]", tools))
    except (TypeError, ValueError):
        return None
    raw_notes = payload.get("notes")
    notes = cast("list[object]", raw_notes) if isinstance(raw_notes, list) else []
    return Collected(diagnostics, runs, files, tuple(str(note) for note in notes))


__all__ = [
    "CACHE_FORMAT",
    "KEY_FILES",
    "RESULT_MODULES",
    "Collected",
    "cache_key",
    "decode",
    "encode",
]
