"""Record what an adopted project carries below the canon, so day one is green.

In the project's own environment (``uv sync``): its tests measure today's coverage,
which becomes the coverage floor when it is below the canon's (where they fail only
with the canon's stricter pytest settings, those keep the project's own values); ``setsquare baseline
write`` (the project's own setsquare, the one ``make check`` runs) records today's
findings; and ``[tool.setsquare]`` names the baseline and the debt, which ``conform``
then holds from growing.
"""

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, cast

from setsquare.adapters.canon import load_canon
from setsquare.adapters.uv import last_line, uv
from setsquare.domain.baseline import parse_baseline
from setsquare.domain.debt import DEBT_TABLE, SETTINGS_TABLE, Debt, coverage_floor
from setsquare.domain.pyproject_merge import pytest_options, set_coverage_floor
from setsquare.domain.pytest_strictness import pytest_weakenings, stricter_groups
from setsquare.domain.strictness import ToolConfig
from setsquare.domain.toml_edit import TomlTable, ensure_table, plain, put_keys
from setsquare.exceptions import ExternalServiceError
from setsquare.services.adopt_pyproject import PyprojectPlan, write_pyproject

BASELINE_FILE: Final = "setsquare-baseline.json"
CANON_COVERAGE: Final = 80
_NO_TESTS: Final = 5


@dataclass(frozen=True, slots=True)
class DebtRecord:
    """What the adoption recorded.

    Attributes:
        debt: The debt written to ``[tool.setsquare.debt]``.
        coverage: The measured coverage, when the tests could be run.
        notes: What the user should know (failing tests, a tool that could not run).
    """

    debt: Debt
    coverage: float | None
    notes: list[str] = field(default_factory=list[str])


def sync(project: Path) -> None:
    """Create the project's environment with its dependencies and the canon's tools.

    Args:
        project: The project.

    Raises:
        ExternalServiceError: When ``uv sync`` fails.
    """
    completed = uv(project, "sync", "--quiet")
    if completed.returncode != 0:
        msg = (
            f"adopted files are written, but `uv sync` failed ({last_line(completed)}); "
            + "fix that, then run `setsquare baseline write`"
        )
        raise ExternalServiceError(msg)


@dataclass(frozen=True, slots=True)
class PytestRun:
    """One run of the project's tests with coverage, whatever the threshold.

    Attributes:
        exit_code: pytest's exit code.
        coverage: The total coverage in percent (0 without tests; None when pytest
            could not run them).
        last_line: The last line pytest printed.
    """

    exit_code: int
    coverage: float | None
    last_line: str

    @property
    def passed(self) -> bool:
        """Tell whether the tests pass (or there are none).

        Returns:
            True for pytest's exit 0 or 5 (no tests collected).
        """
        return self.exit_code in {0, _NO_TESTS}

    @property
    def note(self) -> str | None:
        """Say what the user should know about this run.

        Returns:
            A note when there are no tests, or they could not run or do not pass.
        """
        if self.exit_code == _NO_TESTS:
            return "the project has no tests pytest collects: coverage floor 0"
        if self.coverage is None:
            return f"pytest could not run the tests: {self.last_line}"
        if self.exit_code != 0:
            return (
                f"the project's tests fail today (pytest exit {self.exit_code}): "
                + "`make check` stays red until they pass"
            )
        return None


def run_tests(project: Path) -> PytestRun:
    """Run the project's tests with coverage, whatever the threshold.

    Args:
        project: The project, synced.

    Returns:
        The run.
    """
    with tempfile.TemporaryDirectory(prefix="setsquare-coverage-") as folder:
        report = Path(folder) / "coverage.json"
        completed = uv(
            project,
            "run",
            "--frozen",
            "pytest",
            "--cov-fail-under=0",
            f"--cov-report=json:{report}",
        )
        if completed.returncode == _NO_TESTS:
            return PytestRun(_NO_TESTS, 0.0, last_line(completed))
        if not report.is_file():
            return PytestRun(completed.returncode, None, last_line(completed))
        data = cast("dict[str, dict[str, float]]", json.loads(report.read_text()))
        total = float(data["totals"]["percent_covered"])
    return PytestRun(completed.returncode, total, last_line(completed))


def _relaxed_run(
    plan: PyprojectPlan, options: TomlTable, keys: tuple[str, ...]
) -> PytestRun | None:
    """Give pytest settings the project's own values and run the tests.

    Args:
        plan: The project's ``pyproject.toml`` (written).
        options: Its pytest options (changed in place).
        keys: The settings to relax.

    Returns:
        The run when the tests pass (the settings stay relaxed), else None (the
        settings are back as they were).
    """
    kept = {key: options[key] for key in keys if key in options}
    put_keys(options, plan.own_pytest, keys)
    write_pyproject(plan)
    run = run_tests(plan.path.parent)
    if run.passed:
        return run
    put_keys(options, kept, keys)
    write_pyproject(plan)
    return None


def _fewest(
    plan: PyprojectPlan, options: TomlTable, groups: list[tuple[str, ...]]
) -> PytestRun | None:
    """Relax the fewest groups that make the tests pass: all, then each alone.

    Args:
        plan: The project's ``pyproject.toml`` (written).
        options: Its pytest options (changed in place).
        groups: The groups the canon made stricter.

    Returns:
        The passing run, or None when the tests fail even with every group relaxed
        (they fail on their own; the canon's settings stay).
    """
    every = tuple(key for group in groups for key in group)
    canon_values = {key: options[key] for key in every if key in options}
    run = _relaxed_run(plan, options, every)
    if run is None or len(groups) == 1:
        return run
    put_keys(options, canon_values, every)
    for group in groups:
        alone = _relaxed_run(plan, options, group)
        if alone is not None:
            return alone
    put_keys(options, plan.own_pytest, every)  # no group alone: all of them
    write_pyproject(plan)
    return run


def settle_tests(plan: PyprojectPlan) -> tuple[PytestRun, tuple[str, ...]]:
    """Run the tests; where they fail only with the canon's pytest settings, relax them.

    The canon's warnings-as-errors and strict markers/xfail can fail tests that pass
    with the project's own settings. Then those settings keep the project's values
    (the fewest groups of ``RELAXABLE`` that make the tests pass) and become debt,
    named as ``conform`` names the weakening.

    Args:
        plan: The project's merged ``pyproject.toml``, written and synced.

    Returns:
        The run the coverage comes from, and the relaxed settings.
    """
    first = run_tests(plan.path.parent)
    options = pytest_options(plan.document)
    if first.passed or options is None:
        return first, ()
    groups = stricter_groups(_plain(options), plan.own_pytest)
    canon = ToolConfig.from_pyproject(load_canon()).pytest
    before = {weak.setting for weak in pytest_weakenings(_plain(options), canon)}
    run = _fewest(plan, options, groups) if groups else None
    if run is None:
        return first, ()
    after = pytest_weakenings(_plain(options), canon)
    return run, tuple(w.setting for w in after if w.setting not in before)


def _plain(options: TomlTable) -> dict[str, object]:
    """Read pytest options as plain data.

    Args:
        options: The tomlkit table.

    Returns:
        The options.
    """
    return cast("dict[str, object]", plain(options))


def write_baseline(project: Path) -> int:
    """Record today's findings with the project's own setsquare.

    Args:
        project: The project, synced, with ``[tool.setsquare] baseline`` set.

    Returns:
        How many findings the baseline records.

    Raises:
        ExternalServiceError: When the project's setsquare cannot run.
    """
    completed = uv(project, "run", "--frozen", "setsquare", "baseline", "write")
    if completed.returncode != 0:
        msg = (
            "adopted files are written, but `setsquare baseline write` failed "
            + f"({last_line(completed)})"
        )
        raise ExternalServiceError(msg)
    return len(parse_baseline((project / BASELINE_FILE).read_text(encoding="utf-8")))


def settle_coverage(document: TomlTable, measured: float | None) -> int | None:
    """Ratchet the coverage threshold at today's coverage when it is below the canon's.

    Args:
        document: The project's ``pyproject.toml`` (changed in place).
        measured: Today's coverage, if known.

    Returns:
        The recorded floor, or None when the canon's threshold stands.
    """
    if measured is None or measured >= CANON_COVERAGE:
        return None
    floor = coverage_floor(measured)
    set_coverage_floor(document, floor)
    return floor


def record_settings(document: TomlTable, debt: Debt | None) -> None:
    """Write ``[tool.setsquare]``: the baseline, and the debt when there is one.

    Args:
        document: The project's ``pyproject.toml`` (changed in place).
        debt: The debt to record.
    """
    settings = ensure_table(document, *SETTINGS_TABLE)
    settings["baseline"] = BASELINE_FILE
    if debt is None:
        return
    table = ensure_table(document, *DEBT_TABLE)
    if debt.findings is not None:
        table["findings"] = debt.findings
    if debt.coverage is not None:
        table["coverage"] = int(debt.coverage)
    if debt.pytest:
        table["pytest"] = list(debt.pytest)
    if debt.owned:
        table["owned"] = list(debt.owned)


__all__ = [
    "BASELINE_FILE",
    "DebtRecord",
    "PytestRun",
    "record_settings",
    "run_tests",
    "settle_coverage",
    "settle_tests",
    "sync",
    "write_baseline",
]
