"""Record what an adopted project carries below the canon, so day one is green.

In the project's own environment (``uv sync``): its tests measure today's coverage,
which becomes the coverage floor when it is below the canon's; ``setsquare baseline
write`` (the project's own setsquare, the one ``make check`` runs) records today's
findings; and ``[tool.setsquare]`` names the baseline and the debt, which ``conform``
then holds from growing.
"""

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, cast

from setsquare.adapters.uv import last_line, uv
from setsquare.domain.baseline import parse_baseline
from setsquare.domain.debt import DEBT_TABLE, SETTINGS_TABLE, Debt, coverage_floor
from setsquare.domain.pyproject_merge import set_coverage_floor
from setsquare.domain.toml_edit import TomlTable, ensure_table
from setsquare.exceptions import ExternalServiceError

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


def measure_coverage(project: Path) -> tuple[float | None, str | None]:
    """Run the project's tests with coverage, whatever the threshold.

    Args:
        project: The project, synced.

    Returns:
        The total coverage in percent (0 without tests; None when pytest could
        not run them), and a note when the tests do not pass.
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
            return 0.0, "the project has no tests pytest collects: coverage floor 0"
        if not report.is_file():
            return None, f"pytest could not run the tests: {last_line(completed)}"
        data = cast("dict[str, dict[str, float]]", json.loads(report.read_text()))
        total = float(data["totals"]["percent_covered"])
    note = (
        f"the project's tests fail today (pytest exit {completed.returncode}): "
        + "`make check` stays red until they pass"
        if completed.returncode != 0
        else None
    )
    return total, note


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
    if debt.owned:
        table["owned"] = list(debt.owned)


__all__ = [
    "BASELINE_FILE",
    "DebtRecord",
    "measure_coverage",
    "record_settings",
    "settle_coverage",
    "sync",
    "write_baseline",
]
