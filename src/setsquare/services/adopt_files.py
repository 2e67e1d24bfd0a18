"""Bring the canon's files into an adopted project without overwriting any.

A file the project lacks is added. ``.gitignore`` and ``.dockerignore`` gain the
canon's missing lines. Any other file that clashes (the same path with other content,
a README in another format, the project's own CI workflow) is kept, and the canon's
version is written beside it as ``<file>.rej``, a unified diff.
"""

import difflib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from setsquare.domain.adoption import role_partner

_IGNORE_FILES: Final = (".gitignore", ".dockerignore")
_IGNORE_HEADER: Final = "# setsquare canon (added by `setsquare adopt`)"


@dataclass(frozen=True, slots=True)
class Conflict:
    """A project file kept where the canon has its own version.

    Attributes:
        kept: The project's file.
        rej: The canon's version of it, as a patch beside it.
    """

    kept: str
    rej: str


def offer_beside(project: Path, kept: str | None, canonical: str, text: str) -> str:
    """Write the canon's version beside a kept file as a unified diff.

    Args:
        project: The project.
        kept: The project's file with the same path, or None when the file
            clashes under another name (the patch then creates ``canonical``).
        canonical: The canon's path.
        text: The canon's content.

    Returns:
        The ``.rej`` file's relative path.
    """
    old = (project / kept).read_text(encoding="utf-8", errors="replace") if kept else ""
    diff = difflib.unified_diff(
        old.splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=f"a/{kept}" if kept else "/dev/null",
        tofile=f"b/{canonical}",
    )
    rej = f"{canonical}.rej"
    (project / rej).parent.mkdir(parents=True, exist_ok=True)
    _ = (project / rej).write_text("".join(diff), encoding="utf-8")
    return rej


def _merge_ignore(target: Path, canon: str) -> bool:
    """Append the canon's ignore patterns the project's file lacks.

    Args:
        target: The project's ``.gitignore`` or ``.dockerignore``.
        canon: The canon's version.

    Returns:
        True when lines were added.
    """
    text = target.read_text(encoding="utf-8", errors="replace")
    present = {line.strip() for line in text.splitlines()}
    missing = [
        line
        for line in canon.splitlines()
        if line.strip() and not line.startswith("#") and line.strip() not in present
    ]
    if not missing:
        return False
    separator = "" if text.endswith("\n") or not text else "\n"
    block = "\n".join([_IGNORE_HEADER, *missing])
    _ = target.write_text(f"{text}{separator}\n{block}\n", encoding="utf-8")
    return True


@dataclass(slots=True)
class Outcome:
    """Files added, merged and kept while bringing the canon in.

    Attributes:
        added: Files added.
        merged: Files merged into.
        conflicts: Files kept with a ``.rej``.
    """

    added: list[str]
    merged: list[str]
    conflicts: list[Conflict]


def _bring(
    project: Path, rendered: Path, relative: str, target: str, outcome: Outcome
) -> None:
    """Bring one rendered file into the project without overwriting anything.

    Args:
        project: The project.
        rendered: The rendered tree.
        relative: The file's path in the render.
        target: Where it belongs in the project.
        outcome: Collects what happened (changed in place).
    """
    text = (rendered / relative).read_text(encoding="utf-8", errors="replace")
    existing = project / target
    partner = (
        role_partner(target, [p.name for p in project.iterdir()])
        if "/" not in target
        else None
    )
    if target in _IGNORE_FILES and existing.is_file():
        if _merge_ignore(existing, text):
            outcome.merged.append(target)
    elif existing.exists():
        if existing.read_bytes() != (rendered / relative).read_bytes():
            outcome.conflicts.append(
                Conflict(target, offer_beside(project, target, target, text))
            )
    elif partner is not None:
        outcome.conflicts.append(
            Conflict(partner, offer_beside(project, None, target, text))
        )
    else:
        existing.parent.mkdir(parents=True, exist_ok=True)
        _ = shutil.copy2(rendered / relative, existing)
        outcome.added.append(target)


def own_workflows(project: Path) -> list[str]:
    """List the project's own GitHub workflows.

    Args:
        project: The project.

    Returns:
        Their relative paths.
    """
    folder = project / ".github" / "workflows"
    return (
        sorted(
            path.relative_to(project).as_posix()
            for path in folder.glob("*")
            if path.suffix in {".yml", ".yaml"}
        )
        if folder.is_dir()
        else []
    )


def bring_all(
    project: Path,
    rendered: Path,
    files: list[str],
    package_dir: str,
) -> Outcome:
    """Bring the chosen rendered files in (``src/<pkg>/`` files go to the package).

    Args:
        project: The project.
        rendered: The render.
        files: The files to bring, as rendered.
        package_dir: Where the package lives.

    Returns:
        What was added, merged and kept.
    """
    outcome = Outcome([], [], [])
    for relative in files:
        if relative == "pyproject.toml":
            continue
        parts = relative.split("/")
        target = f"{package_dir}/{parts[-1]}" if parts[0] == "src" else relative
        _bring(project, rendered, relative, target, outcome)
    return outcome


__all__ = ["Conflict", "Outcome", "bring_all", "offer_beside", "own_workflows"]
