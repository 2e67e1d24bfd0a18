"""What an update or a regeneration changes, and whether the user's lines survive it.

Pure functions over file texts: conflict markers and rejection files, the lines a user
added to a template file, and the conflict a deleted-but-edited file becomes.
"""

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal

ConflictStyle = Literal["inline", "rej"]
"""How a conflict is left for the user: inline markers, or a ``.rej`` file beside it."""
CONFLICT_START = "<<<<<<< "
BEFORE_LABEL = "before updating"
AFTER_LABEL = "after updating"
REJECTION_SUFFIX = ".rej"
_MARKER_SWITCHES: Final = {
    ("", "<<<<<<<"): "before",
    ("before", "|||||||"): "base",
    ("before", "======="): "after",
    ("base", "======="): "after",
    ("after", ">>>>>>>"): "",
}


class ChangeKind(StrEnum):
    """How a file changes."""

    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file an update adds, changes or removes.

    Attributes:
        path: The path, relative to the project.
        kind: Added, changed or removed.
    """

    path: str
    kind: ChangeKind


@dataclass(frozen=True, slots=True)
class Conflict:
    """One place the user must resolve by hand.

    Attributes:
        path: The file, relative to the project.
        line: The 1-based line of a ``<<<<<<<`` marker; None for a whole file.
        reason: What happened there.
    """

    path: str
    line: int | None
    reason: str

    @property
    def location(self) -> str:
        """Return ``path:line``, or the bare path for a whole-file conflict.

        Returns:
            The location, as editors and CI annotations read it.
        """
        return self.path if self.line is None else f"{self.path}:{self.line}"


def conflict_markers(path: str, text: str) -> list[Conflict]:
    """Find the conflict markers in one file.

    Args:
        path: The file's path, for the report.
        text: Its content.

    Returns:
        One conflict per ``<<<<<<<`` line.
    """
    return [
        Conflict(path, number, "conflict markers")
        for number, line in enumerate(text.splitlines(), start=1)
        if line.startswith(CONFLICT_START)
    ]


def is_rejection(path: str) -> bool:
    """Tell whether a path is a rejected-hunks file (``--conflict rej``).

    Args:
        path: A relative path.

    Returns:
        True for ``*.rej``.
    """
    return path.endswith(REJECTION_SUFFIX)


def find_conflicts(texts: dict[str, str]) -> list[Conflict]:
    """Find every conflict among the files an update touched.

    Args:
        texts: Path → content of each added or changed file.

    Returns:
        The ``.rej`` files (whole-file conflicts) and the marker lines, sorted by path.
    """
    found: list[Conflict] = []
    for path in sorted(texts):
        if is_rejection(path):
            found.append(Conflict(path, None, "rejected changes: apply them by hand"))
        else:
            found.extend(conflict_markers(path, texts[path]))
    return found


def conflict_sides(text: str) -> tuple[str, str] | None:
    """Split a file with conflict markers into the two versions it merges.

    Args:
        text: The file, with ``<<<<<<<``/``=======``/``>>>>>>>`` blocks (a diff3
            ``|||||||`` base section is dropped).

    Returns:
        ``(before, after)``: the file with every block resolved to the user's side,
        and to the template's side; None when there is no marker.
    """
    if not any(line.startswith(CONFLICT_START) for line in text.splitlines()):
        return None
    before: list[str] = []
    after: list[str] = []
    side = ""
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        marker = bare[:7] if bare[7:8] in {"", " "} else ""
        switch = _MARKER_SWITCHES.get((side, marker))
        if switch is not None:
            side = switch
            continue
        if side in {"", "before"}:
            before.append(line)
        if side in {"", "after"}:
            after.append(line)
    return "".join(before), "".join(after)


def rejected_new_file(text: str) -> str | None:
    """Read a ``.rej`` that rejects a whole new file, as copier writes for a rename.

    Args:
        text: The ``.rej`` file.

    Returns:
        The rejected file's content when the ``.rej`` holds one ``@@ -0,0`` hunk of
        added lines only; None otherwise.
    """
    lines = text.splitlines(keepends=True)
    starts = [index for index, line in enumerate(lines) if line.startswith("@@")]
    if len(starts) != 1 or not lines[starts[0]].startswith("@@ -0,0 "):
        return None
    body = lines[starts[0] + 1 :]
    if not all(line.startswith("+") for line in body):
        return None
    return "".join(line[1:] for line in body)


def user_lines(current: str, template: str | None) -> set[str]:
    """Return the non-blank lines a user added to a template file.

    Args:
        current: The file as the project has it.
        template: The file as the template rendered it; None when the template
            never had it (then every line is the user's).

    Returns:
        The stripped lines present in ``current`` but not in ``template``.
    """
    own = {line.strip() for line in current.splitlines() if line.strip()}
    if template is None:
        return own
    return own - {line.strip() for line in template.splitlines()}


def surviving_lines(texts: dict[str, str]) -> set[str]:
    """Return every line still present after an update, rejected hunks included.

    Args:
        texts: Path → content of each added or changed file.

    Returns:
        The stripped lines; a ``.rej`` file's ``+`` and context lines count without
        their diff prefix.
    """
    lines: set[str] = set()
    for path, text in texts.items():
        for line in text.splitlines():
            if is_rejection(path) and line[:1] in {"+", " "}:
                lines.add(line[1:].strip())
            lines.add(line.strip())
    return lines


def lost_lines(lines: Iterable[str], survivors: set[str]) -> list[str]:
    """Return the lines that would not survive.

    Args:
        lines: The user's lines.
        survivors: Every line present after the update.

    Returns:
        The missing lines, sorted.
    """
    return sorted(set(lines) - survivors)


def deletion_conflict(text: str) -> str:
    """Wrap a deleted-but-edited file in conflict markers (``--conflict inline``).

    Args:
        text: The user's version of the file.

    Returns:
        The user's text as the "before" side and the template's deletion as the
        empty "after" side, the same labels copier uses.
    """
    body = text if text.endswith("\n") or not text else f"{text}\n"
    return f"{CONFLICT_START}{BEFORE_LABEL}\n{body}=======\n>>>>>>> {AFTER_LABEL}\n"


def deletion_rejection(path: str, template: str) -> str:
    """Write the template's deletion of a file as a rejected hunk (``--conflict rej``).

    Args:
        path: The file's path.
        template: The file as the old template version rendered it.

    Returns:
        A unified diff removing the template's lines, to keep beside the file.
    """
    lines = difflib.unified_diff(
        template.splitlines(keepends=True),
        [],
        fromfile=f"a/{path}",
        tofile="/dev/null",
    )
    return "".join(lines)


__all__ = [
    "AFTER_LABEL",
    "BEFORE_LABEL",
    "CONFLICT_START",
    "ChangeKind",
    "Conflict",
    "ConflictStyle",
    "FileChange",
    "conflict_markers",
    "conflict_sides",
    "deletion_conflict",
    "deletion_rejection",
    "find_conflicts",
    "is_rejection",
    "lost_lines",
    "rejected_new_file",
    "surviving_lines",
    "user_lines",
]
