"""``setsquare adopt``: bring the canon's infrastructure into an existing project.

Adopting never changes what the project ships. Its package stays where it is (moved
under ``src/`` only with ``--src-layout``, by ``git mv``); the template's example
package and tests are never added. The configuration, CI, Dockerfile, Makefile and
answers file come in; an existing file is never overwritten: ``.gitignore`` and
``.dockerignore`` gain the canon's missing lines, ``pyproject.toml`` gains the canon's
tool tables (``domain/pyproject_merge.py``), and any other file that clashes (also a
README in another format, another CI workflow) is kept, with the canon's version
beside it as ``<file>.rej``. Then the debt is recorded (``services/adopt_debt.py``),
so ``make check`` is green on day one and red on the first new finding.
"""

import logging
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Final, cast

from setsquare.adapters import copier
from setsquare.adapters.git import dirty_files, git, is_work_tree
from setsquare.adapters.project_metadata import find_packages, read_metadata
from setsquare.domain.adoption import (
    PROJECT_FIELDS,
    Metadata,
    infer_answers,
    infrastructure,
    package_from_name,
)
from setsquare.domain.debt import Debt
from setsquare.domain.owned import owned_paths
from setsquare.domain.pyproject_merge import Layout, lowest_python
from setsquare.exceptions import (
    ConfigurationError,
    DirtyTreeError,
    NotFoundError,
    ValidationError,
)
from setsquare.rules.project import REQUIRED_MODULES
from setsquare.services import adopt_debt
from setsquare.services.adopt_files import (
    Conflict,
    Outcome,
    bring_all,
    offer_beside,
    own_workflows,
)
from setsquare.services.adopt_pyproject import (
    PyprojectPlan,
    plan_pyproject,
    write_pyproject,
)
from setsquare.services.conform import project_path
from setsquare.services.init import parse_data
from setsquare.services.template_resolution import resolve_template

logger = logging.getLogger(__name__)

_WORKFLOW: Final = ".github/workflows/ci.yml"
# Answers an adoption gives unless told otherwise: a documentation site is content the
# project writes (or has already), not infrastructure (`--data docs=true` adds one).
_ADOPTION_ANSWERS: Final = {"docs": "false"}


@dataclass(frozen=True, slots=True)
class AdoptRequest:
    """What ``adopt`` was asked to do.

    Attributes:
        project: The existing project's root (a clean git working tree).
        src_layout: Move a flat-layout package under ``src/`` with ``git mv``.
        extra_data: ``KEY=VALUE`` answers overriding the inferred ones; a
            ``setup()`` argument (``version``, ``install_requires``, ...) replaces
            what setup.py/setup.cfg say.
        template: A template source other than the shipped one.
        vcs_ref: The template version to adopt.
        baseline: Record the debt (coverage floor, baseline of today's findings),
            so ``make check`` passes today and fails on new findings.
        modules: Also add the canonical modules (``config.py``, ``exceptions.py``,
            ``logging.py``) to the package.
    """

    project: Path
    src_layout: bool = False
    extra_data: tuple[str, ...] = ()
    template: str | None = None
    vcs_ref: str | None = None
    baseline: bool = True
    modules: bool = False


@dataclass(frozen=True, slots=True)
class AdoptResult:
    """What ``adopt`` did.

    Attributes:
        answers: The answers recorded.
        moved: ``(from, to)`` of a package moved to the src layout.
        added: Files added.
        merged: Existing files the canon's settings or lines were merged into.
        conflicts: Project files kept, each with the canon's version as ``.rej``.
        gaps: What the package lacks of the canon (reported and baselined).
        debt: What was recorded as debt, unless ``baseline`` was off.
    """

    answers: dict[str, str]
    moved: tuple[str, str] | None
    added: list[str]
    merged: list[str]
    conflicts: list[Conflict]
    gaps: list[str]
    debt: adopt_debt.DebtRecord | None = None


def _value(text: str) -> object:
    """Read a ``--data`` value: a TOML array or table when it looks like one.

    Args:
        text: The value as typed.

    Returns:
        The parsed value, or the text.

    Raises:
        ValidationError: When an array or table does not parse.
    """
    if not text.strip().startswith(("[", "{")):
        return text
    try:
        parsed = cast("object", tomllib.loads(f"value = {text}")["value"])
    except tomllib.TOMLDecodeError as error:
        msg = f"--data value {text!r} is not a TOML array or table: {error}"
        raise ValidationError(msg) from error
    return parsed


def _split_data(pairs: tuple[str, ...]) -> tuple[dict[str, object], dict[str, str]]:
    """Separate ``setup()`` arguments from template answers.

    Args:
        pairs: ``KEY=VALUE`` strings.

    Returns:
        The metadata arguments and the answers.
    """
    given = parse_data(list(pairs))
    metadata = {
        key: _value(value)
        for key, value in given.items()
        if key in PROJECT_FIELDS | {"tests_require"}
    }
    answers = {key: value for key, value in given.items() if key not in metadata}
    return metadata, answers


def _refuse_bad_project(project: Path, given: Path) -> None:
    """Refuse what adopt cannot work on, before anything is written.

    Args:
        project: The resolved project root.
        given: The path as the user gave it.

    Raises:
        ValidationError: When it is not a git working tree.
        ConfigurationError: When it is adopted already.
        DirtyTreeError: When it has uncommitted changes.
    """
    if not project.is_dir() or not is_work_tree(project):
        msg = f"{given} is not a git working tree (adopt moves files with git; run `git init` and commit first)"
        raise ValidationError(msg)
    if (project / copier.ANSWERS_FILE).exists():
        msg = f"{project.name} already records a template ({copier.ANSWERS_FILE}); use `setsquare update`"
        raise ConfigurationError(msg)
    dirty = dirty_files(project)
    if dirty:
        shown = ", ".join(dirty[:3]) + (" ..." if len(dirty) > 3 else "")  # noqa: PLR2004 - a short list
        msg = f"{project.name} has uncommitted changes ({shown}): commit or stash them first"
        raise DirtyTreeError(msg)


def _refuse_missing(metadata: Metadata) -> None:
    """Refuse metadata that setup.py only gives when it runs.

    Args:
        metadata: What was read.

    Raises:
        ValidationError: Naming every missing field and how to pass it.
    """
    if not metadata.missing:
        return
    fields = ", ".join(metadata.missing)
    example = " ".join(
        f"--data {key.lstrip('*')}=VALUE" for key in metadata.missing[:2]
    )
    msg = (
        f"{metadata.source or 'setup.py'}: cannot read {fields} without running "
        + f'setup.py; pass them with {example} (lists as TOML: \'["a>=1", "b"]\')'
    )
    raise ValidationError(msg)


def _choose_package(
    project: Path, metadata: Metadata, answers: dict[str, str]
) -> tuple[str, bool]:
    """Find the project's package: the one named, the only one, or the one the name gives.

    Args:
        project: The project.
        metadata: Its metadata.
        answers: Answers given with ``--data`` (``package_name``).

    Returns:
        The package and whether it lives under ``src/``.

    Raises:
        NotFoundError: When there is no such package.
        ValidationError: When several packages could be it.
    """
    packages, is_src = find_packages(project)
    wanted = answers.get("package_name")
    if wanted is not None:
        if wanted not in packages:
            msg = f"no package {wanted!r} in {project.name} (found: {', '.join(packages) or 'none'})"
            raise NotFoundError(msg)
        return wanted, is_src
    if len(packages) == 1:
        return packages[0], is_src
    by_name = package_from_name(metadata.text("name") or project.name)
    if by_name in packages:
        return by_name, is_src
    if not packages:
        msg = f"no package found in {project.name} (a directory with __init__.py at the root or in src/); pass --data package_name=NAME"
        raise NotFoundError(msg)
    msg = f"{project.name} has several packages ({', '.join(packages)}); choose one with --data package_name=NAME"
    raise ValidationError(msg)


def _move_to_src(project: Path, package: str) -> tuple[str, str]:
    """Move a flat-layout package to ``src/`` with ``git mv`` (history follows).

    Args:
        project: The project.
        package: The package directory at the root.

    Returns:
        The old and new relative paths.
    """
    (project / "src").mkdir(exist_ok=True)
    _ = git("mv", package, f"src/{package}", cwd=project)
    return package, f"src/{package}"


def _render(
    source: str, folder: Path, answers: dict[str, str], vcs_ref: str | None
) -> Path:
    """Render the template into a scratch folder.

    Args:
        source: The template source.
        folder: A scratch directory.
        answers: The answers.
        vcs_ref: The version.

    Returns:
        The rendered tree.
    """
    copier.render(
        source, folder, answers, vcs_ref=vcs_ref, defaults=True, skip_tasks=True
    )
    return folder


def _gaps(project: Path, package_dir: str, *, is_src: bool) -> list[str]:
    """Name what the package lacks of the canon's shape.

    Args:
        project: The project.
        package_dir: The package's directory.
        is_src: Whether it is under ``src/``.

    Returns:
        One line per gap.
    """
    gaps = (
        []
        if is_src
        else [f"src layout: the package is at {package_dir}/ (`--src-layout` moves it)"]
    )
    gaps += [
        f"{package_dir}/{name}"
        for name in REQUIRED_MODULES
        if not (project / package_dir / name).is_file()
    ]
    return gaps


def _owned_debt(
    project: Path, rendered: Path, answers: dict[str, str]
) -> tuple[str, ...]:
    """List the owned files the project does not conform in after adopting.

    Args:
        project: The project.
        rendered: The render of its answers.
        answers: The answers.

    Returns:
        Their paths in the project.
    """
    debt: list[str] = []
    for relative in owned_paths(dict(answers)):
        if not (rendered / relative).is_file():
            continue
        target = project / project_path(project, relative)
        if (
            not target.is_file()
            or target.read_bytes() != (rendered / relative).read_bytes()
        ):
            debt.append(project_path(project, relative))
    return tuple(debt)


def _layout(project: Path, package: str, *, is_src: bool, metadata: Metadata) -> Layout:
    """Describe where the project's code lives.

    Args:
        project: The project.
        package: Its package.
        is_src: Whether the package is under ``src/``.
        metadata: Its metadata (for the oldest Python).

    Returns:
        The layout.
    """
    tests = next(
        (name for name in ("tests", "test") if (project / name).is_dir()), None
    )
    return Layout(
        package_dir=f"src/{package}" if is_src else package,
        source_root="src" if is_src else ".",
        tests=tests,
        python=lowest_python(metadata.text("requires-python")),
    )


def _record_debt(
    project: Path, plan: PyprojectPlan, owned: tuple[str, ...]
) -> adopt_debt.DebtRecord:
    """Sync the project, settle its tests and coverage, baseline its findings, record it.

    Args:
        project: The project, with the canon's files in place.
        plan: Its merged ``pyproject.toml``.
        owned: Owned files it does not conform in.

    Returns:
        What was recorded.
    """
    adopt_debt.record_settings(plan.document, None)
    write_pyproject(plan)
    adopt_debt.sync(project)
    run, relaxed = adopt_debt.settle_tests(plan)
    floor = adopt_debt.settle_coverage(plan.document, run.coverage)
    write_pyproject(plan)
    findings = adopt_debt.write_baseline(project)
    debt = Debt(findings=findings, coverage=floor, pytest=relaxed, owned=owned)
    adopt_debt.record_settings(plan.document, debt)
    write_pyproject(plan)
    return adopt_debt.DebtRecord(debt, run.coverage, [run.note] if run.note else [])


@dataclass(frozen=True, slots=True)
class _Prepared:
    """Everything decided before the first file is written.

    Attributes:
        project: The project root.
        metadata: Its metadata.
        package: Its package.
        is_src: Whether the package is under ``src/``.
        answers: The answers to render with.
        workflows: Its own GitHub workflows.
    """

    project: Path
    metadata: Metadata
    package: str
    is_src: bool
    answers: dict[str, str]
    workflows: list[str]


def _prepare(request: AdoptRequest) -> _Prepared:
    """Validate the project and decide the answers; write nothing.

    Args:
        request: The request.

    Returns:
        The decisions.
    """
    project = request.project.resolve()
    _refuse_bad_project(project, request.project)
    given_metadata, given_answers = _split_data(request.extra_data)
    metadata = read_metadata(project, given_metadata)
    _refuse_missing(metadata)
    package, is_src = _choose_package(project, metadata, given_answers)
    inferred = infer_answers(metadata, package, project.name)
    answers = {**inferred, **_ADOPTION_ANSWERS, **given_answers}
    workflows = own_workflows(project)
    if workflows and _WORKFLOW not in workflows and "ci" not in given_answers:
        answers["ci"] = "none"  # the project runs its own CI; the canon's is offered
    return _Prepared(project, metadata, package, is_src, answers, workflows)


def _adopt_files(
    request: AdoptRequest, prepared: _Prepared, scratch: Path
) -> tuple[tuple[str, str] | None, Layout, Outcome, PyprojectPlan, tuple[str, ...]]:
    """Render, then bring the canon's files in.

    Args:
        request: The request.
        prepared: The decisions.
        scratch: A scratch directory for the renders.

    Returns:
        The move, the layout, the files' outcome, the pyproject plan and the owned
        files the project does not conform in.
    """
    project, answers = prepared.project, prepared.answers
    source, vcs_ref = resolve_template(request.template, request.vcs_ref)
    rendered = _render(source, scratch / "render", answers, vcs_ref)
    offered = (
        _render(source, scratch / "ci", {**answers, "ci": "github"}, vcs_ref)
        if answers.get("ci") == "none" and prepared.workflows
        else None
    )
    moved = (
        _move_to_src(project, prepared.package)
        if request.src_layout and not prepared.is_src
        else None
    )
    layout = _layout(
        project,
        prepared.package,
        is_src=prepared.is_src or moved is not None,
        metadata=prepared.metadata,
    )
    files = sorted(
        item.relative_to(rendered).as_posix()
        for item in rendered.rglob("*")
        if item.is_file()
    )
    chosen = infrastructure(files, prepared.package, modules=request.modules)
    outcome = bring_all(project, rendered, chosen, layout.package_dir)
    if offered is not None and (offered / _WORKFLOW).is_file():
        text = (offered / _WORKFLOW).read_text(encoding="utf-8")
        rej = offer_beside(project, None, _WORKFLOW, text)
        outcome.conflicts.append(Conflict(prepared.workflows[0], rej))
    plan = plan_pyproject(
        project, rendered, prepared.metadata, layout, modules=request.modules
    )
    return moved, layout, outcome, plan, _owned_debt(project, rendered, answers)


def adopt_project(request: AdoptRequest) -> AdoptResult:
    """Adopt an existing project.

    Args:
        request: The project and options.

    Returns:
        What was recorded, moved, added, merged, kept and owed.
    """
    prepared = _prepare(request)
    project = prepared.project
    with tempfile.TemporaryDirectory(prefix="setsquare-adopt-") as scratch:
        moved, layout, outcome, plan, owned = _adopt_files(
            request, prepared, Path(scratch)
        )
    (outcome.merged if plan.original else outcome.added).append("pyproject.toml")
    debt = _record_debt(project, plan, owned) if request.baseline else None
    if debt is None:
        write_pyproject(plan)
    logger.info(
        "adopted %s: %d added, %d conflicts",
        project,
        len(outcome.added),
        len(outcome.conflicts),
    )
    return AdoptResult(
        answers=prepared.answers,
        moved=moved,
        added=sorted(outcome.added),
        merged=sorted(outcome.merged),
        conflicts=outcome.conflicts,
        gaps=_gaps(project, layout.package_dir, is_src=layout.source_root == "src"),
        debt=debt,
    )


__all__ = ["AdoptRequest", "AdoptResult", "Conflict", "adopt_project"]
