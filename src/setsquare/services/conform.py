"""``setsquare conform``: does a project still conform to its template and the canon?

Three independent checks, each selectable:
- ``version``: the recorded template version is the newest (or at least ``--require``,
  or within ``--allow-behind`` minor versions);
- ``owned``: every file the template owns (``domain/owned.py``) matches a fresh render
  of the recorded answers at the recorded version;
- ``strictness``: the project's tool configuration is at least as strict as the canon;
- ``debt``: what an adopted project recorded below the canon (``[tool.setsquare]``:
  baselined findings, a coverage floor, relaxed pytest settings, owned files) has not
  grown.

Recorded debt is reported with its counts and does not fail; debt that grew does.
Exit code: 0 conforms (possibly with debt), 1 does not (with a precise report),
2 cannot tell.
"""

import difflib
import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Final

from setsquare.adapters import copier
from setsquare.adapters.canon import load_canon
from setsquare.adapters.project_config import has_layered_package, read_tool_config
from setsquare.adapters.project_settings import read_settings
from setsquare.adapters.ruff_catalogue import rule_catalogue
from setsquare.domain.baseline import parse_baseline
from setsquare.domain.conform_checks import ConformCheck
from setsquare.domain.debt import Debt
from setsquare.domain.strictness import (
    ToolConfig,
    Weakening,
    coverage_fail_under,
    weakenings,
)
from setsquare.domain.versions import (
    newest,
    parse_recorded,
    parse_version,
    sort_versions,
    within_grace,
)
from setsquare.exceptions import AppError
from setsquare.services.owned_render import owned_render
from setsquare.services.template_resolution import (
    available_versions,
    template_source,
)

CHECKS: Final = tuple(ConformCheck)


class Status(StrEnum):
    """The outcome of one finding (``debt``: below the canon, as recorded)."""

    PASS = "pass"  # noqa: S105 - an outcome, not a password
    DEBT = "debt"
    FAIL = "fail"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of the conformance report.

    Attributes:
        check: The check that produced it (``version``, ``owned``, ``strictness``,
            ``debt``).
        status: Pass, recorded debt, fail, or error (could not tell).
        message: One line for the user.
        path: The file concerned, relative to the project, when there is one.
        diff: A unified diff (project → template) for a drifted owned file.
    """

    check: ConformCheck
    status: Status
    message: str
    path: str | None = None
    diff: str | None = None


@dataclass(frozen=True, slots=True)
class ConformRequest:
    """What ``conform`` was asked to check.

    Attributes:
        project: The project's root directory.
        checks: The checks to run (default: all four).
        require: The oldest acceptable template version, instead of the newest.
        allow_behind: How many minor versions behind the newest still conform.
    """

    project: Path
    checks: tuple[ConformCheck, ...] = CHECKS
    require: str | None = None
    allow_behind: int = 0


@dataclass(frozen=True, slots=True)
class ConformReport:
    """Every finding of one run.

    Attributes:
        project: The project checked.
        findings: The findings, check by check.
    """

    project: Path
    findings: list[Finding] = field(default_factory=list[Finding])

    @property
    def exit_code(self) -> int:
        """Return 1 when anything fails, else 2 when anything could not be told, else 0.

        Returns:
            The process exit code.
        """
        statuses = {finding.status for finding in self.findings}
        if Status.FAIL in statuses:
            return 1
        return 2 if Status.ERROR in statuses else 0

    @property
    def debt(self) -> int:
        """Count the findings that are recorded debt.

        Returns:
            How many findings have the ``debt`` status.
        """
        return sum(finding.status is Status.DEBT for finding in self.findings)


def project_path(project: Path, relative: str) -> str:
    """Map a rendered path to where it lives in the project.

    An adopted project may keep its package at the root (flat layout); then the
    template's ``src/<package>/...`` lives at ``<package>/...``.

    Args:
        project: The project.
        relative: The path as the template renders it.

    Returns:
        The path in the project.
    """
    parts = relative.split("/")
    if (
        len(parts) > 2  # noqa: PLR2004 - src/<package>/<file>
        and parts[0] == "src"
        and not (project / "src" / parts[1]).is_dir()
        and (project / parts[1] / "__init__.py").is_file()
    ):
        return "/".join(parts[1:])
    return relative


def _owned_diff(project: Path, relative: str, expected: str) -> Finding:
    """Compare one owned file of the project with the template's text of it.

    Args:
        project: The project.
        relative: The owned file's relative path, as rendered.
        expected: The template's text of it.

    Returns:
        A finding.
    """
    relative = project_path(project, relative)
    actual_path = project / relative
    if not actual_path.is_file():
        return Finding(
            ConformCheck.OWNED, Status.FAIL, "owned file is missing", relative
        )
    actual = actual_path.read_text(encoding="utf-8", errors="replace")
    if expected == actual:
        return Finding(
            ConformCheck.OWNED, Status.PASS, "matches the template", relative
        )
    diff = "".join(
        difflib.unified_diff(
            actual.splitlines(keepends=True),
            expected.splitlines(keepends=True),
            fromfile=f"project/{relative}",
            tofile=f"template/{relative}",
        )
    )
    return Finding(
        ConformCheck.OWNED, Status.FAIL, "differs from the template", relative, diff
    )


def version_verdict(
    recorded: str, available: list[str], require: str | None, allow_behind: int
) -> Finding:
    """Decide whether a recorded template version is recent enough (pure).

    Args:
        recorded: The answers' ``_commit`` (a tag, or ``tag-N-gHASH`` past a tag).
        available: The template's tags.
        require: The oldest acceptable version, when given.
        allow_behind: Newer minor series tolerated (0: the newest release only).

    Returns:
        A pass, fail or error finding.
    """
    current = parse_recorded(recorded)
    versions = sort_versions(available)
    latest = newest(versions)
    if current is None or latest is None:
        reason = (
            f"recorded version {recorded!r} is not a release tag"
            if current is None
            else "the template has no release tags"
        )
        return Finding(ConformCheck.VERSION, Status.ERROR, reason)
    if require is not None:
        floor = parse_version(require)
        if floor is None:
            return Finding(
                ConformCheck.VERSION,
                Status.ERROR,
                f"--require {require!r} is not a version",
            )
        recent_enough, wanted = current >= floor, f"at least {floor}"
    else:
        recent_enough = within_grace(current, versions, allow_behind)
        wanted = (
            f"at most {allow_behind} minor versions behind"
            if allow_behind
            else "the newest"
        )
    summary = f"rendered from {current} (newest {latest.version})"
    if recent_enough:
        return Finding(ConformCheck.VERSION, Status.PASS, summary)
    message = f"{summary}; needs {wanted}: run `setsquare update`"
    return Finding(ConformCheck.VERSION, Status.FAIL, message)


def recorded_template(project: Path) -> tuple[dict[str, object], str]:
    """Read a project's recorded answers and resolve its template source.

    Args:
        project: The project.

    Returns:
        The answers and the source (the template home materialised when it is it).
    """
    answers = copier.read_answers(project)
    return answers, template_source(answers, None)


def check_version(
    recorded: tuple[dict[str, object], str], require: str | None, allow_behind: int
) -> list[Finding]:
    """Compare the recorded template version with the template's releases.

    Args:
        recorded: The answers and template source (``recorded_template``).
        require: The oldest acceptable version, when given.
        allow_behind: Minor versions behind the newest that still pass.

    Returns:
        One finding.
    """
    answers, source = recorded
    tags = [item.tag for item in available_versions(source, allow_none=True)]
    return [
        version_verdict(str(answers.get("_commit", "")), tags, require, allow_behind)
    ]


def check_owned(
    project: Path, recorded: tuple[dict[str, object], str]
) -> list[Finding]:
    """Compare every owned file with a fresh render of the recorded answers.

    Args:
        project: The project.
        recorded: Its answers and template source (``recorded_template``).

    Returns:
        One finding per owned file the template renders.
    """
    rendered = owned_render(project, *recorded)
    found = [
        _owned_diff(project, relative, expected)
        for relative, expected in rendered.items()
    ]
    debt = read_settings(project).debt.owned
    return [
        _as_debt(finding, "recorded debt of the adoption")
        if finding.status is Status.FAIL and finding.path in debt
        else finding
        for finding in found
    ]


def _as_debt(finding: Finding, reason: str) -> Finding:
    """Turn a failing finding into recorded debt.

    Args:
        finding: The failing finding.
        reason: Why it is debt, appended to its message.

    Returns:
        The finding with the ``debt`` status.
    """
    return Finding(
        finding.check, Status.DEBT, f"{finding.message} ({reason})", finding.path
    )


def check_strictness(project: Path) -> list[Finding]:
    """Compare the project's tool configuration with the canon.

    Args:
        project: The project.

    Returns:
        One failing finding per weakening, or one passing finding.
    """
    dockerfile = project / "Dockerfile"
    config = read_tool_config(project)
    canon = ToolConfig.from_pyproject(load_canon())
    if not config.importlinter and not has_layered_package(project):
        canon = replace(canon, importlinter={})  # the contracts are about the layers
    found = weakenings(
        config,
        canon,
        rule_catalogue(),
        dockerfile.read_text(encoding="utf-8") if dockerfile.is_file() else None,
    )
    if not found:
        return [
            Finding(
                ConformCheck.STRICTNESS, Status.PASS, "at least as strict as the canon"
            )
        ]
    debt = read_settings(project).debt
    fail_under = coverage_fail_under(config.pytest, config.coverage)
    return [_weakening_finding(weak, debt, fail_under) for weak in found]


def _weakening_finding(
    weak: Weakening, debt: Debt, fail_under: float | None
) -> Finding:
    """Report one weakening; one the adoption recorded as debt is debt while it holds.

    Args:
        weak: The weakening.
        debt: The recorded debt (a coverage floor, relaxed pytest settings).
        fail_under: The project's coverage threshold, if set.

    Returns:
        A failing finding, or a debt finding for a pytest setting the adoption
        relaxed or a coverage threshold at or above its recorded floor.
    """
    message = f"{weak.area}: {weak.setting} {weak.message}"
    if weak.area == "pytest" and weak.setting in debt.pytest:
        return Finding(
            ConformCheck.STRICTNESS,
            Status.DEBT,
            f"{message} (recorded debt of the adoption: the project's tests "
            + "did not pass with the canon's)",
        )
    floor = debt.coverage
    if weak.area != "coverage" or floor is None:
        return Finding(ConformCheck.STRICTNESS, Status.FAIL, message)
    if fail_under is not None and fail_under >= floor:
        return Finding(
            ConformCheck.STRICTNESS,
            Status.DEBT,
            f"{message} (recorded floor {floor:g}: it may only rise)",
        )
    return Finding(
        ConformCheck.STRICTNESS,
        Status.FAIL,
        f"{message}, below the recorded floor {floor:g}: the debt may only shrink",
    )


def _baseline_debt(project: Path, baseline: str, debt: Debt) -> Finding:
    """Compare the configured baseline's size with the recorded limit.

    Args:
        project: The project.
        baseline: The baseline file, relative to the project.
        debt: The recorded debt.

    Returns:
        A debt finding, or a failure when the baseline grew past the limit or is
        unreadable.
    """
    try:
        count = len(parse_baseline((project / baseline).read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        message = f"the configured baseline is unreadable: {error}".splitlines()[0]
        return Finding(ConformCheck.DEBT, Status.FAIL, message, baseline)
    limit = debt.findings
    if limit is not None and count > limit:
        return Finding(
            ConformCheck.DEBT,
            Status.FAIL,
            f"the baseline records {count} findings, more than the recorded {limit}: "
            + "fix new findings instead of recording them",
            baseline,
        )
    bound = f" (at most {limit})" if limit is not None else ""
    return Finding(
        ConformCheck.DEBT,
        Status.DEBT,
        f"the baseline records {count} findings{bound}; "
        + "`setsquare baseline prune` drops the fixed ones",
        baseline,
    )


def check_debt(project: Path) -> list[Finding]:
    """Report the debt an adopted project recorded, and whether it grew.

    Args:
        project: The project.

    Returns:
        A finding for the baseline, or one passing finding without recorded debt.
    """
    settings = read_settings(project)
    if settings.baseline is None:
        return [Finding(ConformCheck.DEBT, Status.PASS, "no baselined findings")]
    return [_baseline_debt(project, settings.baseline, settings.debt)]


def _guarded(
    check: ConformCheck, run_check: Callable[[], list[Finding]]
) -> list[Finding]:
    """Run one check; an error that stops it becomes an ``error`` finding.

    Args:
        check: The check's name.
        run_check: The check.

    Returns:
        Its findings.
    """
    try:
        return run_check()
    except AppError as error:
        return [Finding(check, Status.ERROR, error.message)]


def conform(request: ConformRequest) -> ConformReport:
    """Run the requested checks on a project.

    Args:
        request: The project and the checks.

    Returns:
        The report; its ``exit_code`` is the command's.
    """
    project = request.project.resolve()
    recorded = functools.cache(lambda: recorded_template(project))  # resolved once
    runners: dict[ConformCheck, Callable[[], list[Finding]]] = {
        ConformCheck.VERSION: lambda: check_version(
            recorded(), request.require, request.allow_behind
        ),
        ConformCheck.OWNED: lambda: check_owned(project, recorded()),
        ConformCheck.STRICTNESS: lambda: check_strictness(project),
        ConformCheck.DEBT: lambda: check_debt(project),
    }
    findings: list[Finding] = []
    for check in request.checks:
        findings.extend(_guarded(check, runners[check]))
    return ConformReport(project=project, findings=findings)


__all__ = [
    "CHECKS",
    "ConformReport",
    "ConformRequest",
    "Finding",
    "Status",
    "check_debt",
    "check_owned",
    "check_strictness",
    "conform",
    "project_path",
]
