"""Where ``setsquare check`` runs: the project root, the paths, and ``--changed``'s files.

``--changed`` checks the files changed against the base ref (and untracked ones) and
every file that imports them, directly or not (``ruff analyze graph``): a changed
signature breaks its callers, which did not change. A deleted file's importers are
the files whose text names it (a superset).
"""

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from setsquare.adapters import git, ruff
from setsquare.adapters.canon_config import ToolArguments
from setsquare.domain.importers import importers, suspected_importers
from setsquare.exceptions import NotFoundError, ValidationError

PYTHON_SUFFIXES: Final = (".py", ".pyi")
# Files whose change can alter any file's findings: the tools' configuration and the
# locked dependencies (a new library version changes the types every importer sees).
PROJECT_WIDE_FILES: Final = (
    "pyproject.toml",
    "ruff.toml",
    ".ruff.toml",
    "pyrightconfig.json",
    "uv.lock",
    "poetry.lock",
    "pdm.lock",
)


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a check runs.

    Attributes:
        root: The project root (nearest ``pyproject.toml`` upwards).
        targets: Root-relative paths for the tools; empty for the whole project.
        whole_project: Whether the project as a whole is checked (then the
            project-level SQ rules run too).
        importers: Files that import the targets, directly or not, and are
            type-checked with them (``--changed``).
        tree: A digest of every Python file of the project when only some are
            checked, so a cached result is not reused once a file the checked ones
            import changed.
        note: Why the scope is what it is, for the report (empty for none).
    """

    root: Path
    targets: tuple[str, ...]
    whole_project: bool
    importers: tuple[str, ...] = ()
    tree: str = ""
    note: str = ""

    @property
    def checked(self) -> tuple[str, ...]:
        """The files the cross-file tools check: the targets and their importers.

        Returns:
            Root-relative paths; empty for the whole project.
        """
        return (*self.targets, *self.importers)


def find_root(start: Path) -> Path:
    """Find the project root: the nearest directory upwards with ``pyproject.toml``.

    Args:
        start: A directory.

    Returns:
        That directory, or ``start`` when there is none.
    """
    return next(
        (
            folder
            for folder in (start, *start.parents)
            if (folder / "pyproject.toml").is_file()
        ),
        start,
    )


def resolve_scope(paths: Sequence[Path], cwd: Path) -> Scope:
    """Validate the requested paths and find the project they belong to.

    Args:
        paths: Files or directories as the user gave them.
        cwd: The directory relative paths start from.

    Returns:
        The scope.

    Raises:
        NotFoundError: When a path does not exist.
    """
    absolute = [Path(os.path.normpath(cwd / path)) for path in paths]
    for given, path in zip(paths, absolute, strict=True):
        if not path.exists():
            msg = f"{given}: no such file or directory"
            raise NotFoundError(msg)
    start = absolute[0] if absolute else cwd
    root = find_root(start if start.is_dir() else start.parent)
    if not absolute or root in absolute:
        return Scope(root, (), whole_project=True)
    targets = tuple(ruff.relative(root, str(path)) for path in absolute)
    return Scope(root, targets, whole_project=False)


def changed_scope(scope: Scope, base: str, config: ToolArguments) -> Scope:
    """Narrow a scope to the Python files changed against ``base`` and their importers.

    Args:
        scope: The requested scope.
        base: The git ref to compare with.
        config: The tools' configuration (ruff's import graph honours it).

    Returns:
        A scope over the changed (and untracked) Python files inside it, and the
        files inside it that import them or a deleted file.

    Raises:
        ValidationError: When the root is not in a git working tree.
    """
    root = scope.root
    if not git.is_work_tree(root):
        msg = f"--changed needs a git working tree; {root} is not in one"
        raise ValidationError(msg)
    every_changed = git.changed_files(root, base)
    widening = sorted(set(every_changed).intersection(PROJECT_WIDE_FILES))
    if widening:
        note = f"{', '.join(widening)} changed against {base}: every file is checked"
        return replace(scope, note=note)
    changed = [
        name
        for name in every_changed
        if name.endswith(PYTHON_SUFFIXES) and (root / name).is_file()
    ]
    deleted = [
        name for name in git.deleted_files(root, base) if name.endswith(PYTHON_SUFFIXES)
    ]
    if not changed and not deleted:
        return Scope(root, (), whole_project=False)
    graph = ruff.importers_graph(root, config.ruff_args)
    contents = {name: (root / name).read_bytes() for name in sorted(graph)}
    texts = {name: data.decode("utf-8", "replace") for name, data in contents.items()}
    suspects = {name for gone in deleted for name in suspected_importers(gone, texts)}
    found = importers(graph, {*changed, *suspects}) | suspects
    return Scope(
        root,
        tuple(name for name in changed if inside(name, scope.targets)),
        whole_project=False,
        importers=tuple(
            sorted(
                name
                for name in found.difference(changed)
                if inside(name, scope.targets)
            )
        ),
        tree=tree_digest(contents),
    )


def tree_digest(contents: Mapping[str, bytes]) -> str:
    """Fingerprint the project's Python files (what the checked files may import).

    Args:
        contents: Every Python file's content by root-relative path.

    Returns:
        A hex digest.
    """
    digest = hashlib.sha256()
    for name, data in sorted(contents.items()):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def inside(name: str, targets: Sequence[str]) -> bool:
    """Tell whether a root-relative path lies within the checked paths.

    Args:
        name: The path.
        targets: The checked paths; empty for the whole project.

    Returns:
        True when it does (always, for the whole project).
    """
    return not targets or any(
        name == target or name.startswith(f"{target.rstrip('/')}/")
        for target in targets
    )


__all__ = [
    "PROJECT_WIDE_FILES",
    "PYTHON_SUFFIXES",
    "Scope",
    "changed_scope",
    "find_root",
    "inside",
    "resolve_scope",
    "tree_digest",
]
