"""``setsquare update``: move a project to a newer template version, losing no line.

copier's ``run_update`` does the three-way merge, in a scratch clone of the project
(``services/scratch.py``), so an interruption leaves the working tree as it was. Around
it, setsquare refuses what copier would get wrong or do silently: a dirty tree, a
downgrade, an unknown version, a broken answers file. After it, setsquare keeps every
file the new version deletes but the user changed (as a conflict), re-resolves
``uv.lock`` instead of merging it, and reports every conflict with its location.

It pays little more than plain ``copier update``: the render of the recorded version
it compares with is the one copier makes anyway, and ``uv.lock`` is resolved again
only when the merge changed what the template's task locked.
"""

import logging
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final

from setsquare.adapters import copier
from setsquare.adapters.git import (
    commit_everything,
    stage_everything,
    staged_changes,
)
from setsquare.adapters.process import Completed, run
from setsquare.domain.changes import (
    ConflictStyle,
    conflict_markers,
    conflict_sides,
    deletion_conflict,
    deletion_rejection,
    is_rejection,
    lost_lines,
    rejected_new_file,
    surviving_lines,
    user_lines,
)
from setsquare.domain.versions import Direction, TemplateVersion, direction
from setsquare.exceptions import (
    ConfigurationError,
    ExternalServiceError,
    ValidationError,
)
from setsquare.services.scratch import (
    Plan,
    Project,
    Scratch,
    apply_plan,
    open_project,
    plan_from,
    scratch_clone,
)
from setsquare.services.template_resolution import (
    available_versions,
    check_recorded,
    recorded_commit,
    target_version,
    template_source,
)

logger = logging.getLogger(__name__)

LOCK_FILE = "uv.lock"
_LOCK_TIMEOUT = 600.0
_NOT_USER_FILES = frozenset({copier.ANSWERS_FILE, LOCK_FILE})
_LOCK_INPUTS: Final = ("pyproject.toml", LOCK_FILE)


@dataclass(frozen=True, slots=True)
class UpdateRequest:
    """What ``update`` was asked to do.

    Attributes:
        project: The project directory.
        to: The version to update to; the newest release when None.
        dry_run: Compute and show the change, write nothing.
        conflict: ``inline`` conflict markers or ``rej`` files.
        template: Update from this source instead of the recorded one (recorded
            from now on; local paths are made absolute).
        answers: Answers to questions the new version asks (others take their
            defaults) or changed answers.
    """

    project: Path = Path()
    to: str | None = None
    dry_run: bool = False
    conflict: ConflictStyle = "inline"
    template: str | None = None
    answers: dict[str, str] = field(default_factory=dict[str, str])


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """What ``update`` did, or would do.

    Attributes:
        source: The template source used.
        from_version: The version the project was rendered from.
        to_version: The version it is updated to.
        plan: The change; None when the project is already up to date.
        applied: Whether the change was written to the working tree.
    """

    source: str
    from_version: str
    to_version: str
    plan: Plan | None
    applied: bool

    @property
    def exit_code(self) -> int:
        """Return 1 while conflicts remain, else 0.

        Returns:
            The process exit code for this outcome.
        """
        return 1 if self.plan is not None and self.plan.conflicts else 0


def update_project(request: UpdateRequest) -> UpdateResult:
    """Update a project to a newer template version.

    Args:
        request: The project and options.

    Returns:
        What changed (or would change), with its conflicts.

    Raises:
        ValidationError: When ``--to`` names an older version than the recorded one.
    """
    project = open_project(request.project, "update")
    source = template_source(project.answers, request.template)
    recorded = recorded_commit(project.answers)
    versions = available_versions(source)
    current = check_recorded(recorded, source, versions)
    target = target_version(request.to, source, versions)
    move = direction(current, target.version)
    if move is Direction.DOWNGRADE and request.to is not None:
        msg = f"{target.tag} is older than the recorded {recorded}: `setsquare update` never downgrades (`setsquare regenerate --to {target.tag}` re-renders at any version, showing the diff first)"
        raise ValidationError(msg)
    if move is not Direction.UPGRADE and request.template is None:
        return UpdateResult(source, recorded, recorded, plan=None, applied=False)
    plan = _plan_update(project, source, target, request)
    if not request.dry_run:
        apply_plan(plan, "update")
    applied = not request.dry_run and bool(plan.patch)
    return UpdateResult(source, recorded, target.tag, plan=plan, applied=applied)


def _plan_update(
    project: Project, source: str, target: TemplateVersion, request: UpdateRequest
) -> Plan:
    """Run copier's update in a scratch clone and describe the outcome.

    Args:
        project: The project.
        source: The template source.
        target: The version to update to.
        request: The options.

    Returns:
        The plan.

    Raises:
        ExternalServiceError: When copier, a task or a migration fails.
    """
    recorded = recorded_commit(project.answers)
    with scratch_clone(project) as scratch:
        if source != project.answers.get("_src_path"):
            copier.write_answers(scratch.root, {**project.answers, "_src_path": source})
            commit_everything(scratch.top, f"setsquare: template source {source}")
        old = scratch.spare / "old"
        try:
            run = copier.update(
                scratch.root,
                vcs_ref=target.tag,
                conflict=request.conflict,
                answers=request.answers,
                keep_recorded=old,
                watch=_LOCK_INPUTS,
            )
        except ExternalServiceError as error:
            msg = f"{error.message} (the working tree was not changed)"
            raise ExternalServiceError(msg) from error
        questions = run.questions
        if questions is None:
            questions = copier.render_recorded(source, old, project.answers, recorded)
        check_answer_names(project.answers, questions, recorded)
        settle_untouched_conflicts(project, scratch, old)
        reasons = keep_edited_deletions(project, scratch, old, request.conflict)
        note = relock(project, scratch, run.rendered)
        plan = plan_from(project, scratch, reasons)
    return replace(plan, notes=[note] if note else [])


def check_answer_names(
    answers: dict[str, object], questions: frozenset[str], recorded: str
) -> None:
    """Refuse answers the template does not ask (a misspelt or foreign key).

    Args:
        answers: The recorded answers.
        questions: The questions the recorded version asks.
        recorded: The recorded version, for the message.

    Raises:
        ConfigurationError: When some answer matches no question.
    """
    unknown = sorted(
        key for key in answers if not key.startswith("_") and key not in questions
    )
    if unknown:
        msg = f"{copier.ANSWERS_FILE} has answers the template at {recorded} does not ask: {', '.join(unknown)}: correct or remove them (`setsquare regenerate` rewrites the file without them, showing the diff first)"
        raise ConfigurationError(msg)


def settle_untouched_conflicts(project: Project, scratch: Scratch, old: Path) -> None:
    """Resolve the conflicts whose "before" side is a file the user never edited.

    A migration that renames a file (``git mv``) makes copier see a file the user
    added, so it conflicts in full with the template's new version even when the
    user never touched it. When the user's side is exactly a file of the old
    render, nothing of the user's is at stake: the template's side wins (and such a
    rejected new file's ``.rej`` is dropped).

    Args:
        project: The project.
        scratch: The clone copier updated.
        old: The recorded version rendered from the recorded answers.
    """
    pristine = {text for file in old.rglob("*") if (text := _text(file)) is not None}
    stage_everything(scratch.top)
    for status, path in staged_changes(scratch.top, project.head):
        target = scratch.top / path
        text = _text(target) if status != "D" else None
        if text is None:
            continue
        if is_rejection(path):
            if rejected_new_file(text) in pristine:
                target.unlink()
            continue
        sides = conflict_sides(text)
        if sides is not None and sides[0] in pristine:
            _ = target.write_text(sides[1], encoding="utf-8")


def keep_edited_deletions(
    project: Project, scratch: Scratch, old: Path, conflict: ConflictStyle
) -> dict[str, str]:
    """Bring back each file the update deletes although it holds the user's lines.

    copier deletes a file the new version no longer has even when the user edited
    it; setsquare keeps it as a conflict unless every line the user added survives
    elsewhere in the update (a file a migration renamed, a ``.rej``).

    Args:
        project: The project (clean, so its files are its ``HEAD``).
        scratch: The clone copier updated.
        old: The recorded version rendered from the recorded answers.
        conflict: ``inline`` wraps the kept file in conflict markers; ``rej`` keeps
            it as it was and writes the template's deletion to ``<file>.rej``.

    Returns:
        Kept path (or its ``.rej``) → why it conflicts.
    """
    stage_everything(scratch.top)
    changes = staged_changes(scratch.top, project.head)
    texts = {
        path: _text(scratch.top / path) or ""
        for status, path in changes
        if status != "D"
    }
    survivors = surviving_lines(texts)
    reasons: dict[str, str] = {}
    for path in (path for status, path in changes if status == "D"):
        relative = project.relative(path)
        mine = _text(project.top / path)
        if relative in _NOT_USER_FILES or mine is None:
            continue
        template = _text(old / relative)
        if not lost_lines(user_lines(mine, template), survivors):
            continue
        shown = _restore(scratch.top, path, (mine, template), conflict)
        reasons[project.relative(shown)] = (
            "the new template version deletes it, but it holds lines you wrote"
        )
    return reasons


def _restore(top: Path, path: str, texts: tuple[str, str | None], conflict: str) -> str:
    """Write a deleted-but-edited file back, marked as a conflict.

    Args:
        top: The clone's root.
        path: The file, relative to ``top``.
        texts: The user's text and the old template's text (None if it had none).
        conflict: ``inline`` or ``rej``.

    Returns:
        The path (relative to ``top``) that carries the conflict.
    """
    mine, template = texts
    target = top / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if conflict == "inline":
        _ = target.write_text(deletion_conflict(mine), encoding="utf-8")
        return path
    _ = target.write_text(mine, encoding="utf-8")
    rejection = f"{path}.rej"
    _ = (top / rejection).write_text(
        deletion_rejection(path, template or ""), encoding="utf-8"
    )
    return rejection


def _text(path: Path) -> str | None:
    """Read a text file.

    Args:
        path: The file.

    Returns:
        Its text, or None when it is missing or not UTF-8 text.
    """
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def relock(
    project: Project, scratch: Scratch, rendered: Mapping[str, bytes] | None = None
) -> str | None:
    """Re-resolve ``uv.lock`` with ``uv lock`` instead of merging it.

    The project's own lock file is put back over whatever copier merged into it, then
    ``uv lock`` updates it for the new ``pyproject.toml`` — unless the template's
    task already did exactly that (see ``_locked_by_task``).

    Args:
        project: The project.
        scratch: The clone copier updated.
        rendered: ``_LOCK_INPUTS`` as copier's render over the project and the
            template's tasks left them, before the merge (empty when unknown).

    Returns:
        A line for the summary, or None when the project has no lock file.
    """
    lock = scratch.root / LOCK_FILE
    original = project.root / LOCK_FILE
    pyproject = scratch.root / "pyproject.toml"
    if not pyproject.is_file() or not (original.is_file() or lock.is_file()):
        return None
    kept = original if original.is_file() else lock
    before = kept.read_bytes() if kept.is_file() else b""
    if _locked_by_task(scratch.root, rendered or {}):
        return _relocked(lock, before)
    if original.is_file():
        _ = shutil.copy2(original, lock)
    lock.with_name(f"{LOCK_FILE}.rej").unlink(missing_ok=True)
    if conflict_markers("pyproject.toml", _text(pyproject) or ""):
        return f"{LOCK_FILE} kept as it was: resolve the conflicts in pyproject.toml, then run `uv lock`"
    completed = _uv_lock(scratch.root)
    if isinstance(completed, str):
        return f"{LOCK_FILE} kept as it was ({completed}): run `uv lock`"
    if completed.returncode != 0:
        if original.is_file():
            _ = shutil.copy2(original, lock)
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        cause = detail[-1] if detail else f"exit status {completed.returncode}"
        return f"{LOCK_FILE} kept as it was: `uv lock` failed ({cause}); run it once that is fixed"
    return _relocked(lock, before)


def _locked_by_task(root: Path, rendered: Mapping[str, bytes]) -> bool:
    """Tell whether the template's task already re-resolved the project's lock.

    copier renders the new version over the project and runs the template's tasks
    (setsquare's template: ``uv lock``) before it merges the project's changes
    back. When that merge left ``pyproject.toml`` and ``uv.lock`` exactly as the
    task did, and the lock satisfies ``pyproject.toml`` (``uv lock --check``, which
    reads no index), the lock is what ``uv lock`` would write again.

    Args:
        root: The project's directory in the clone.
        rendered: The watched files after the render and the tasks.

    Returns:
        True when the lock needs no second ``uv lock``.
    """
    if set(rendered) != set(_LOCK_INPUTS) or (root / f"{LOCK_FILE}.rej").exists():
        return False
    if any((root / name).read_bytes() != rendered[name] for name in _LOCK_INPUTS):
        return False
    completed = _uv_lock(root, "--check")
    return not isinstance(completed, str) and completed.returncode == 0


def _uv_lock(root: Path, *options: str) -> Completed | str:
    """Run ``uv lock`` quietly in a directory.

    Args:
        root: The directory.
        *options: Further options (``--check``).

    Returns:
        The completed command, or why it could not run.
    """
    try:
        return run(
            ["uv", "lock", "--quiet", *options],
            cwd=root,
            check=False,
            timeout=_LOCK_TIMEOUT,
        )
    except ExternalServiceError as error:
        return error.message


def _relocked(lock: Path, before: bytes) -> str:
    """Describe a re-resolved lock.

    Args:
        lock: The lock file in the clone.
        before: The project's lock as it was.

    Returns:
        The summary line.
    """
    changed = "updated" if lock.read_bytes() != before else "unchanged"
    return f"{LOCK_FILE} re-resolved with `uv lock`, not merged ({changed})"


__all__ = [
    "LOCK_FILE",
    "UpdateRequest",
    "UpdateResult",
    "check_answer_names",
    "keep_edited_deletions",
    "relock",
    "settle_untouched_conflicts",
    "update_project",
]
