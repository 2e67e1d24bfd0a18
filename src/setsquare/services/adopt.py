"""``setsquare adopt``: bring an existing project under the template.

Answers are inferred from the project's metadata; the canonical files it lacks are
added; a file it already has is never overwritten: when the template's version differs,
the difference is written beside it as ``<file>.rej`` (a conflict the user resolves,
exactly as after an update). Afterwards the project has an answers file recording the
template source and version, so ``update`` and ``conform`` work as after ``init``.
"""

import difflib
import logging
from dataclasses import dataclass
from pathlib import Path

from setsquare.adapters import copier
from setsquare.adapters.git import git, is_work_tree
from setsquare.adapters.project_metadata import find_packages, read_metadata
from setsquare.domain.adoption import infer_answers
from setsquare.exceptions import ConfigurationError, ValidationError
from setsquare.services.baseline import DEFAULT_BASELINE, BaselineResult, write_baseline
from setsquare.services.check import CheckRequest
from setsquare.services.init import parse_data, resolve_template

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AdoptRequest:
    """What ``adopt`` was asked to do.

    Attributes:
        project: The existing project's root (a git working tree).
        src_layout: Move a flat-layout package under ``src/`` with ``git mv``.
        extra_data: Answers overriding the inferred ones, as ``KEY=VALUE``.
        template: A template source other than the shipped one.
        vcs_ref: The template version to adopt.
        baseline: Record today's ``check --canon`` findings in
            ``setsquare-baseline.json``, so CI fails only on new ones.
    """

    project: Path
    src_layout: bool = False
    extra_data: tuple[str, ...] = ()
    template: str | None = None
    vcs_ref: str | None = None
    baseline: bool = True


@dataclass(frozen=True, slots=True)
class AdoptResult:
    """What ``adopt`` did.

    Attributes:
        answers: The answers recorded.
        moved: ``(from, to)`` of a package moved to the src layout.
        added: Canonical files added.
        conflicts: Existing files that differ from the template, each with a
            ``.rej`` beside it.
        baseline: The baseline file and how many findings it records, if written.
    """

    answers: dict[str, str]
    moved: tuple[str, str] | None
    added: list[str]
    conflicts: list[str]
    baseline: BaselineResult | None = None


def _move_to_src(project: Path, package: str, packages: list[str]) -> tuple[str, str]:
    """Move a flat-layout package to ``src/`` with ``git mv`` (history follows).

    Args:
        project: The project.
        package: The package directory at the root.
        packages: The flat-layout packages found at the root.

    Returns:
        The old and new relative paths.

    Raises:
        ValidationError: When ``package`` is not one of them.
    """
    if package not in packages:
        msg = f"no package {package!r} at the project root to move under src/"
        raise ValidationError(msg)
    (project / "src").mkdir(exist_ok=True)
    _ = git("mv", package, f"src/{package}", cwd=project)
    return package, f"src/{package}"


def _write_rejects(project: Path, clashes: dict[str, str]) -> list[str]:
    """Write each clash as ``<file>.rej``: a unified diff from the project's file to the template's.

    Args:
        project: The project.
        clashes: Relative path → the template's text.

    Returns:
        The clashing paths, sorted.
    """
    for relative, expected in clashes.items():
        actual = (project / relative).read_text(encoding="utf-8", errors="replace")
        diff = difflib.unified_diff(
            actual.splitlines(keepends=True),
            expected.splitlines(keepends=True),
            fromfile=f"a/{relative}",
            tofile=f"b/{relative}",
        )
        _ = (project / f"{relative}.rej").write_text("".join(diff), encoding="utf-8")
    return sorted(clashes)


def adopt_project(request: AdoptRequest) -> AdoptResult:
    """Adopt an existing project.

    Args:
        request: The project and options.

    Returns:
        What was recorded, moved, added and left in conflict.

    Raises:
        ValidationError: When the project is not a git working tree, or asks for a
            src-layout move it cannot do.
        ConfigurationError: When the project already has an answers file.
    """
    project = request.project.resolve()
    if not project.is_dir() or not is_work_tree(project):
        msg = f"{request.project} is not a git working tree (adopt moves files with git; run `git init` first)"
        raise ValidationError(msg)
    if (project / copier.ANSWERS_FILE).exists():
        msg = f"{project.name} already records a template ({copier.ANSWERS_FILE}); use `setsquare update`"
        raise ConfigurationError(msg)
    packages, is_src = find_packages(project)
    answers = {
        **infer_answers(read_metadata(project), packages, project.name),
        **parse_data(list(request.extra_data)),
    }
    moved = (
        _move_to_src(project, answers["package_name"], packages)
        if request.src_layout and not is_src
        else None
    )
    source, vcs_ref = resolve_template(request.template, request.vcs_ref)
    merge = copier.render_missing(
        source, project, answers, vcs_ref=vcs_ref, defaults=True, skip_tasks=True
    )
    conflicts = _write_rejects(project, merge.clashes)
    baseline = (
        write_baseline(CheckRequest(canon=True, cwd=project), DEFAULT_BASELINE)
        if request.baseline
        else None
    )
    logger.info(
        "adopted %s: %d added, %d conflicts", project, len(merge.added), len(conflicts)
    )
    return AdoptResult(
        answers=answers,
        moved=moved,
        added=merge.added,
        conflicts=conflicts,
        baseline=baseline,
    )


__all__ = ["AdoptRequest", "AdoptResult", "adopt_project"]
