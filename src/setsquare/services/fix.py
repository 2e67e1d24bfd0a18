"""``setsquare fix``: ruff format, ruff check --fix, then a check of what remains.

Every file the fixes modify is reported, so nothing changes silently. With
``diff`` the fixes run on a temporary mirror of the checked files (same relative
layout, same configuration) and only the unified diff comes back.
"""

import difflib
import hashlib
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from setsquare.adapters import ruff
from setsquare.adapters.canon_config import tool_arguments
from setsquare.domain.diagnostics import CheckReport
from setsquare.services.check import CheckRequest, run_check
from setsquare.services.check_scope import PYTHON_SUFFIXES, resolve_scope

_CONFIG_FILES = ("pyproject.toml", "ruff.toml", ".ruff.toml")


@dataclass(frozen=True, slots=True)
class FixRequest:
    """What to fix and how.

    Attributes:
        paths: Files or directories; empty for the whole project.
        canon: Use the canonical configuration instead of the project's.
        unsafe: Also apply ruff's unsafe fixes.
        diff: Show the changes as a diff instead of writing them.
        use_cache: Let the closing check use the result cache.
        cwd: The directory relative paths start from; the process's by default.
    """

    paths: tuple[Path, ...] = ()
    canon: bool = False
    unsafe: bool = False
    diff: bool = False
    use_cache: bool = True
    cwd: Path | None = None


@dataclass(frozen=True, slots=True)
class FixResult:
    """What ``fix`` did.

    Attributes:
        modified: The files it changed (or would change, with ``diff``),
            relative to the project root.
        diff: The unified diff (only with ``diff``).
        report: The check of what remains (not with ``diff``).
    """

    modified: tuple[str, ...]
    diff: str
    report: CheckReport | None


def _digests(files: Sequence[Path]) -> dict[Path, str]:
    """Hash files so changes can be detected.

    Args:
        files: The files.

    Returns:
        A digest per readable file.
    """
    return {
        path: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in files
        if path.is_file()
    }


def _mirror(root: Path, files: Sequence[Path], mirror: Path) -> dict[str, Path]:
    """Copy the files (and the root's configuration) into a mirror directory.

    Args:
        root: The project root.
        files: The files ruff would touch (absolute).
        mirror: An empty directory.

    Returns:
        The mirrored files by root-relative path.
    """
    copies: dict[str, Path] = {}
    extra = [root / name for name in _CONFIG_FILES if (root / name).is_file()]
    for path in [*files, *extra]:
        relpath = ruff.relative(root, str(path))
        if relpath.startswith("../"):
            continue
        target = mirror / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        _ = shutil.copy2(path, target)
        copies[relpath] = target
    return copies


def _unified(root: Path, copies: Mapping[str, Path]) -> tuple[list[str], str]:
    """Diff each mirrored Python file against its original.

    Args:
        root: The project root.
        copies: Mirrored files by root-relative path.

    Returns:
        The changed paths and the unified diff.
    """
    changed: list[str] = []
    chunks: list[str] = []
    for relpath, copy in sorted(copies.items()):
        if not relpath.endswith(PYTHON_SUFFIXES):
            continue
        before = (root / relpath).read_text(encoding="utf-8", errors="replace")
        after = copy.read_text(encoding="utf-8", errors="replace")
        if before != after:
            changed.append(relpath)
            chunks.extend(
                difflib.unified_diff(
                    before.splitlines(keepends=True),
                    after.splitlines(keepends=True),
                    fromfile=f"a/{relpath}",
                    tofile=f"b/{relpath}",
                )
            )
    return changed, "".join(chunks)


def run_fix(request: FixRequest) -> FixResult:
    """Format and fix, report each modified file, then check what remains.

    Args:
        request: What to fix and how.

    Returns:
        The modified files, the diff (with ``diff``), and the closing check.
    """
    cwd = request.cwd or Path.cwd()
    scope = resolve_scope(request.paths, cwd)
    with tool_arguments(scope.root, canon=request.canon) as config:
        files = ruff.list_files(scope.root, scope.targets, config.ruff_args)
        if request.diff:
            with tempfile.TemporaryDirectory(prefix="setsquare-fix-") as folder:
                copies = _mirror(scope.root, files, Path(folder))
                ruff.apply_fixes(
                    Path(folder), scope.targets, config.ruff_args, unsafe=request.unsafe
                )
                changed, diff = _unified(scope.root, copies)
            return FixResult(tuple(changed), diff, None)
        before = _digests(files)
        ruff.apply_fixes(
            scope.root, scope.targets, config.ruff_args, unsafe=request.unsafe
        )
        after = _digests(files)
    modified = sorted(
        ruff.relative(scope.root, str(path))
        for path, digest in before.items()
        if after.get(path) != digest
    )
    check = CheckRequest(
        paths=request.paths, canon=request.canon, use_cache=request.use_cache, cwd=cwd
    )
    return FixResult(tuple(modified), "", run_check(check))


__all__ = ["FixRequest", "FixResult", "run_fix"]
