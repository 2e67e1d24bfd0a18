"""``[tool.setsquare]``: a project's baseline and the debt it carried into the canon (pure).

An adopted project starts with findings the canon forbids, a coverage floor below
the canon's, pytest settings its tests do not pass with yet and template-owned files
it does not have. ``setsquare adopt`` records
them; ``setsquare check`` ignores the findings in the baseline, and ``setsquare
conform`` reports the project as conforming with debt while the debt does not grow::

    [tool.setsquare]
    baseline = "setsquare-baseline.json"

    [tool.setsquare.debt]
    findings = 1234  # most entries the baseline may record
    coverage = 63  # the coverage floor below the canon's; it may only rise
    pytest = ["filterwarnings"]  # pytest settings kept at the project's own value
    owned = ["Dockerfile"]  # template-owned files the project does not conform in
"""

import math
from dataclasses import dataclass
from typing import Final

from setsquare.domain.toml_access import number, strings, table

SETTINGS_TABLE: Final = ("tool", "setsquare")
DEBT_TABLE: Final = ("tool", "setsquare", "debt")


@dataclass(frozen=True, slots=True)
class Debt:
    """What an adopted project may still carry below the canon.

    Attributes:
        findings: The most entries the baseline may record.
        coverage: The coverage floor (percent) below the canon's.
        pytest: pytest settings (as ``conform`` names them: ``filterwarnings``,
            ``strict_markers``, ...) that may stay below the canon's, because the
            project's tests failed with the canon's values.
        owned: Template-owned files that may be missing or differ.
    """

    findings: int | None = None
    coverage: float | None = None
    pytest: tuple[str, ...] = ()
    owned: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProjectSettings:
    """setsquare's own table in a project's ``pyproject.toml``.

    Attributes:
        baseline: The baseline file ``check`` applies, relative to the project root.
        debt: The recorded debt.
    """

    baseline: str | None = None
    debt: Debt = Debt()


def project_settings(pyproject: dict[str, object]) -> ProjectSettings:
    """Read ``[tool.setsquare]`` from a parsed ``pyproject.toml``.

    Args:
        pyproject: The parsed file.

    Returns:
        The settings; absent or malformed values are left unset.
    """
    settings = table(pyproject, *SETTINGS_TABLE)
    debt = table(pyproject, *DEBT_TABLE)
    baseline = settings.get("baseline")
    findings = number(debt.get("findings"))
    return ProjectSettings(
        baseline=baseline if isinstance(baseline, str) and baseline else None,
        debt=Debt(
            findings=int(findings) if findings is not None else None,
            coverage=number(debt.get("coverage")),
            pytest=tuple(strings(debt.get("pytest"))),
            owned=tuple(strings(debt.get("owned"))),
        ),
    )


def coverage_floor(measured: float) -> int:
    """Choose the coverage floor to record for a measured coverage.

    Rounded down to a whole percent, so the same tests never fall below it.

    Args:
        measured: The total coverage in percent.

    Returns:
        The floor.
    """
    return max(0, math.floor(measured))


__all__ = [
    "DEBT_TABLE",
    "SETTINGS_TABLE",
    "Debt",
    "ProjectSettings",
    "coverage_floor",
    "project_settings",
]
