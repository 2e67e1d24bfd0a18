"""Change a project in a scratch clone first, then apply the result in one step.

``update`` and ``regenerate`` never let copier touch the user's working tree: copier
runs in a clone of the project's ``HEAD`` inside a temporary directory, the outcome is
staged there and turned into one patch, and only that patch reaches the real tree
(``git apply``: checked whole before anything is written, signals held while it
writes). An interruption before that point leaves the working tree exactly as it was.
"""

import tempfile
from collections.abc import Generator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from setsquare.adapters import copier
from setsquare.adapters.git import (
    apply_patch,
    clone_at,
    dirty_files,
    head_commit,
    is_work_tree,
    stage_everything,
    staged_changes,
    staged_diff,
    toplevel,
)
from setsquare.domain.changes import ChangeKind, Conflict, FileChange, find_conflicts
from setsquare.exceptions import (
    ConfigurationError,
    DirtyTreeError,
    NotFoundError,
    ValidationError,
)

_SHOWN_DIRTY = 10
_KINDS: Final = {"A": ChangeKind.ADDED, "D": ChangeKind.REMOVED}


@dataclass(frozen=True, slots=True)
class Project:
    """A committed, clean project and where it sits in its git repository.

    Attributes:
        root: The project's directory (where ``.copier-answers.yml`` is).
        top: The root of the git working tree holding it.
        subdir: ``root`` relative to ``top``, POSIX, ``""`` when they are the same.
        head: The commit checked out.
        answers: The recorded answers, private keys included.
    """

    root: Path
    top: Path
    subdir: str
    head: str
    answers: dict[str, object]

    def relative(self, top_path: str) -> str:
        """Turn a path relative to the repository into one relative to the project.

        Args:
            top_path: A path as git prints it.

        Returns:
            The path relative to ``root``.
        """
        prefix = f"{self.subdir}/" if self.subdir else ""
        return top_path.removeprefix(prefix)


@dataclass(frozen=True, slots=True)
class Scratch:
    """A scratch clone of a project and spare room beside it.

    Attributes:
        top: The clone's working-tree root.
        root: The project's directory inside the clone.
        spare: An empty directory for extra renders.
    """

    top: Path
    root: Path
    spare: Path


@dataclass(frozen=True, slots=True)
class Plan:
    """The change a command would make, computed in a scratch clone.

    Attributes:
        project: The project it applies to.
        changes: Files added, changed and removed (paths relative to the project).
        conflicts: Every conflict the change carries.
        diff: The unified diff, for people to read.
        patch: The same change as a patch ``git apply`` replays byte for byte.
        notes: Further lines for the summary (lock file, kept files).
    """

    project: Project
    changes: list[FileChange]
    conflicts: list[Conflict]
    diff: str
    patch: str
    notes: list[str] = field(default_factory=list[str])

    def paths(self, kind: ChangeKind) -> list[str]:
        """List the changed paths of one kind.

        Args:
            kind: Added, changed or removed.

        Returns:
            The paths, sorted.
        """
        return sorted(change.path for change in self.changes if change.kind is kind)


def open_project(path: Path, command: str) -> Project:
    """Check that a directory is a committed, clean project and describe it.

    Args:
        path: The project directory.
        command: The command asking, for messages (``update``, ``regenerate``).

    Returns:
        The project.

    Raises:
        NotFoundError: When the directory does not exist.
        ValidationError: When it is not inside a git working tree.
        DirtyTreeError: When it has uncommitted changes (listed, never touched).
    """
    root = path.resolve()
    if not root.is_dir():
        msg = f"{path} is not a directory"
        raise NotFoundError(msg)
    if not is_work_tree(root):
        msg = f"{path} is not in a git repository: `setsquare {command}` works on committed projects only (run `git init` and commit first)"
        raise ValidationError(msg)
    answers = read_recorded_answers(root)
    dirty = dirty_files(root)
    if dirty:
        shown = ", ".join(dirty[:_SHOWN_DIRTY])
        more = (
            f" and {len(dirty) - _SHOWN_DIRTY} more"
            if len(dirty) > _SHOWN_DIRTY
            else ""
        )
        msg = f"uncommitted changes in {shown}{more}: commit or stash them, then rerun `setsquare {command}` (nothing was changed)"
        raise DirtyTreeError(msg)
    top = toplevel(root)
    subdir = root.relative_to(top.resolve()).as_posix()
    return Project(
        root, top, "" if subdir == "." else subdir, head_commit(root), answers
    )


def read_recorded_answers(root: Path) -> dict[str, object]:
    """Read the answers file, explaining how to recover when it is broken.

    Args:
        root: The project directory.

    Returns:
        The answers.

    Raises:
        ConfigurationError: When the file is missing or not a YAML mapping.
    """
    path = root / copier.ANSWERS_FILE
    if not path.exists():
        msg = f"{path} is missing: this project was not made from a template (`setsquare adopt` brings it under the template)"
        raise ConfigurationError(msg)
    try:
        return copier.read_answers(root)
    except ConfigurationError as error:
        msg = f"{error.message}; restore it from git history (`git log -p -- {copier.ANSWERS_FILE}`)"
        raise ConfigurationError(msg) from error


@contextmanager
def scratch_clone(project: Project) -> Generator[Scratch]:
    """Clone the project's ``HEAD`` into a directory beside it, removed afterwards.

    Beside, not under the system's temporary directory: every path relative to the
    project (a path dependency ``../lib``, uv's find-links) resolves the same from the
    clone, so ``uv lock`` there writes the lock the project itself would get.

    Args:
        project: The project.

    Yields:
        The clone.
    """
    with ExitStack() as stack:
        top = Path(stack.enter_context(_temporary_beside(project.top)))
        spare = Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="setsquare-spare-"))
        )
        clone_at(project.top, top, project.head)
        yield Scratch(top, top / project.subdir if project.subdir else top, spare)


def _temporary_beside(directory: Path) -> tempfile.TemporaryDirectory[str]:
    """Make a hidden temporary directory next to ``directory`` (in /tmp if it cannot).

    Args:
        directory: The directory to sit beside.

    Returns:
        The temporary directory, removed when its context exits.
    """
    try:
        return tempfile.TemporaryDirectory(
            prefix=f".{directory.name}.setsquare-", dir=directory.parent
        )
    except OSError:
        return tempfile.TemporaryDirectory(prefix="setsquare-scratch-")


def plan_from(
    project: Project, scratch: Scratch, reasons: dict[str, str] | None = None
) -> Plan:
    """Stage everything changed in the clone and describe it as a plan.

    Args:
        project: The project.
        scratch: The clone, after copier ran in it.
        reasons: Why a file conflicts, for files whose conflict needs explaining.

    Returns:
        The plan.
    """
    stage_everything(scratch.top)
    changes = [
        FileChange(project.relative(path), _KINDS.get(status, ChangeKind.CHANGED))
        for status, path in staged_changes(scratch.top, project.head)
    ]
    texts = {
        change.path: (scratch.root / change.path).read_text(
            encoding="utf-8", errors="replace"
        )
        for change in changes
        if change.kind is not ChangeKind.REMOVED
    }
    conflicts = [
        Conflict(item.path, item.line, (reasons or {}).get(item.path, item.reason))
        for item in find_conflicts(texts)
    ]
    return Plan(
        project=project,
        changes=changes,
        conflicts=conflicts,
        diff=staged_diff(scratch.top, project.head, binary=False),
        patch=staged_diff(scratch.top, project.head, binary=True),
    )


def apply_plan(plan: Plan, command: str) -> None:
    """Apply a plan to the real working tree, provided nothing moved meanwhile.

    Args:
        plan: The plan.
        command: The command applying it, for messages.

    Raises:
        DirtyTreeError: When the tree changed or ``HEAD`` moved since planning.
    """
    if not plan.patch:
        return
    project = plan.project
    if dirty_files(project.root) or head_commit(project.root) != project.head:
        msg = f"the project changed while `setsquare {command}` was planning: nothing was applied; rerun it"
        raise DirtyTreeError(msg)
    apply_patch(project.top, plan.patch)


__all__ = [
    "Plan",
    "Project",
    "Scratch",
    "apply_plan",
    "open_project",
    "plan_from",
    "read_recorded_answers",
    "scratch_clone",
]
