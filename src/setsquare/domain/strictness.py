"""Is a project's configuration at least as strict as the canon? Pure comparisons.

A project may be stricter than the canon, never looser. Every function here returns
the weakenings it finds, each named, so ``conform`` can report them one by one.
"""

import re
from dataclasses import dataclass, field
from typing import Final

from setsquare.domain.contracts import contract_weakenings
from setsquare.domain.dockerfile import final_stage
from setsquare.domain.pytest_strictness import pytest_weakenings
from setsquare.domain.ruff_selection import (
    RuffRule,
    Selection,
    enabled_codes,
    group_by_selector,
    ignored_by,
)
from setsquare.domain.toml_access import number, strings, table
from setsquare.domain.weakening import Weakening

# Ruff's own defaults for the thresholds the canon relies on (lower is stricter).
_RUFF_LIMITS: Final[dict[tuple[str, str], float]] = {
    ("mccabe", "max-complexity"): 10,
    ("pylint", "max-statements"): 50,
    ("pylint", "max-args"): 5,
    ("pylint", "max-positional-args"): 5,
    ("pylint", "max-branches"): 12,
    ("pylint", "max-returns"): 6,
    ("pylint", "max-bool-expr"): 5,
    ("pylint", "max-nested-blocks"): 5,
    ("pylint", "max-locals"): 15,
}
_WEAK_REPORT_LEVELS = frozenset({"none", "information", "hint", "false"})


@dataclass(frozen=True, slots=True)
class ToolConfig:
    """The tool tables of a project (or of the canon), pyproject-shaped.

    Attributes:
        ruff: The ``[tool.ruff]`` table (or a ``ruff.toml``'s content).
        basedpyright: ``[tool.basedpyright]`` (or pyright's table / JSON config).
        pytest: ``[tool.pytest]`` (pytest 9's native table), else
            ``[tool.pytest.ini_options]``.
        coverage: ``[tool.coverage]``.
        importlinter: ``[tool.importlinter]`` (the import contracts).
    """

    ruff: dict[str, object]
    basedpyright: dict[str, object]
    pytest: dict[str, object]
    coverage: dict[str, object]
    importlinter: dict[str, object] = field(default_factory=dict[str, object])

    @classmethod
    def from_pyproject(cls, document: dict[str, object]) -> "ToolConfig":
        """Read the tool tables out of a parsed ``pyproject.toml``.

        Args:
            document: The parsed file.

        Returns:
            The tool tables (empty where absent).
        """
        return cls(
            ruff=table(document, "tool", "ruff"),
            basedpyright=table(document, "tool", "basedpyright")
            or table(document, "tool", "pyright"),
            pytest=_pytest_table(document),
            coverage=table(document, "tool", "coverage"),
            importlinter=table(document, "tool", "importlinter"),
        )


def _pytest_table(document: dict[str, object]) -> dict[str, object]:
    """Pick the pytest configuration pytest itself reads from ``pyproject.toml``.

    Args:
        document: The parsed file.

    Returns:
        The native ``[tool.pytest]`` options when there are any, else
        ``[tool.pytest.ini_options]``.
    """
    native = {
        key: value
        for key, value in table(document, "tool", "pytest").items()
        if key != "ini_options"
    }
    return native or table(document, "tool", "pytest", "ini_options")


def _lint(ruff: dict[str, object]) -> dict[str, object]:
    """Merge ruff's legacy top-level lint keys under its ``lint`` table.

    Args:
        ruff: A ``[tool.ruff]`` table.

    Returns:
        The effective lint table.
    """
    return {**ruff, **table(ruff, "lint")}


def _selection(lint: dict[str, object]) -> Selection:
    """Build a ``Selection`` from a lint table.

    Args:
        lint: The effective lint table.

    Returns:
        Its selectors (ruff's default selection when ``select`` is absent).
    """
    select = strings(lint["select"]) if "select" in lint else ["E4", "E7", "E9", "F"]
    return Selection(
        select=tuple(select),
        extend_select=tuple(strings(lint.get("extend-select"))),
        ignore=tuple(strings(lint.get("ignore"))),
        preview=lint.get("preview") is True,
        explicit_preview_rules=lint.get("explicit-preview-rules") is True,
    )


def _rule_weakenings(
    project: dict[str, object], canon: dict[str, object], catalogue: list[RuffRule]
) -> list[Weakening]:
    """Compare the rules the project enables with the canon's.

    Args:
        project: The project's effective lint table.
        canon: The canon's effective lint table.
        catalogue: Every rule ruff knows.

    Returns:
        One weakening per missing family or rule.
    """
    canon_selection = _selection(canon)
    wanted = enabled_codes(catalogue, canon_selection)
    missing = wanted - enabled_codes(catalogue, _selection(project))
    names = group_by_selector(
        missing, canon_selection.select + canon_selection.extend_select, wanted
    )
    return [
        Weakening("ruff", name, f"rule {name} is selected by the canon but not enabled")
        for name in names
    ]


def _per_file_weakenings(
    project: dict[str, object], canon: dict[str, object], catalogue: list[RuffRule]
) -> list[Weakening]:
    """Find per-file-ignores that turn off canon rules the canon keeps on there.

    Args:
        project: The project's effective lint table.
        canon: The canon's effective lint table.
        catalogue: Every rule ruff knows.

    Returns:
        One weakening per offending pattern.
    """
    wanted = enabled_codes(catalogue, _selection(canon))
    allowed = table(canon, "per-file-ignores")
    found: list[Weakening] = []
    for pattern, selectors in table(project, "per-file-ignores").items():
        extra = ignored_by(strings(selectors), wanted) - ignored_by(
            strings(allowed.get(pattern)), wanted
        )
        if extra:
            codes = ", ".join(
                group_by_selector(extra, tuple(strings(selectors)), extra)
            )
            found.append(
                Weakening(
                    "ruff",
                    f"per-file-ignores[{pattern}]",
                    f"turns off canon rules: {codes}",
                )
            )
    return found


def _setting_weakenings(
    project: dict[str, object], canon: dict[str, object]
) -> list[Weakening]:
    """Compare ruff's thresholds and switches with the canon's.

    Args:
        project: The project's effective lint table.
        canon: The canon's effective lint table.

    Returns:
        The weakened settings.
    """
    found: list[Weakening] = []
    for (section, key), default in _RUFF_LIMITS.items():
        limit = number(table(canon, section).get(key)) or default
        value = number(table(project, section).get(key)) or default
        if value > limit:
            found.append(
                Weakening(
                    "ruff",
                    f"{section}.{key}",
                    f"is {value:g}; the canon allows at most {limit:g}",
                )
            )
    for section, key in (
        ("pydocstyle", "convention"),
        ("flake8-type-checking", "strict"),
    ):
        expected = table(canon, section).get(key)
        if expected is not None and table(project, section).get(key) != expected:
            found.append(Weakening("ruff", f"{section}.{key}", f"must be {expected!r}"))
    banned = table(project, "flake8-tidy-imports", "banned-api")
    found.extend(
        Weakening("ruff", f"banned-api[{name}]", "the canon bans this API")
        for name in table(canon, "flake8-tidy-imports", "banned-api")
        if name not in banned
    )
    return found


def ruff_weakenings(
    project: dict[str, object], canon: dict[str, object], catalogue: list[RuffRule]
) -> list[Weakening]:
    """Everything in a ``[tool.ruff]`` table that is looser than the canon's.

    Args:
        project: The project's ``[tool.ruff]`` table.
        canon: The canon's ``[tool.ruff]`` table.
        catalogue: Every rule ruff knows.

    Returns:
        The weakenings.
    """
    found: list[Weakening] = []
    if project.get("fix") is True and canon.get("fix") is not True:
        found.append(
            Weakening(
                "ruff",
                "fix",
                "must be false: a check that fixes silently never fails in CI",
            )
        )
    if project.get("unsafe-fixes") is True:
        found.append(Weakening("ruff", "unsafe-fixes", "must be false"))
    project_lint, canon_lint = _lint(project), _lint(canon)
    found.extend(_rule_weakenings(project_lint, canon_lint, catalogue))
    found.extend(_per_file_weakenings(project_lint, canon_lint, catalogue))
    found.extend(_setting_weakenings(project_lint, canon_lint))
    return found


def basedpyright_weakenings(
    project: dict[str, object], canon: dict[str, object]
) -> list[Weakening]:
    """Everything in the basedpyright configuration that is looser than the canon's.

    Args:
        project: The project's ``[tool.basedpyright]`` table.
        canon: The canon's.

    Returns:
        The weakenings.
    """
    found = [
        Weakening(
            "basedpyright", key, f"must be {canon[key]!r}, is {project.get(key)!r}"
        )
        for key in ("typeCheckingMode", "failOnWarnings", "enableTypeIgnoreComments")
        if key in canon and project.get(key) != canon[key]
    ]
    for key, value in project.items():
        if key.startswith("report") and str(value).lower() in _WEAK_REPORT_LEVELS:
            found.append(
                Weakening(
                    "basedpyright",
                    key,
                    f"is {value!r}; the canon reports it as an error",
                )
            )
    if strings(project.get("ignore")):
        found.append(
            Weakening(
                "basedpyright",
                "ignore",
                "silences diagnostics in: " + ", ".join(strings(project.get("ignore"))),
            )
        )
    return found


def coverage_fail_under(
    pytest: dict[str, object], coverage: dict[str, object]
) -> float | None:
    """Return the coverage threshold pytest enforces.

    Args:
        pytest: ``[tool.pytest]`` (pytest 9's native table), else
            ``[tool.pytest.ini_options]``.
        coverage: ``[tool.coverage]``.

    Returns:
        ``--cov-fail-under`` from ``addopts`` if given, else coverage's ``fail_under``.
    """
    for option in strings(pytest.get("addopts")):
        match = re.search(r"--cov-fail-under[= ](\d+(?:\.\d+)?)", option)
        if match is not None:
            return float(match.group(1))
    return number(table(coverage, "report").get("fail_under"))


def testing_weakenings(project: ToolConfig, canon: ToolConfig) -> list[Weakening]:
    """Coverage threshold and pytest strictness compared with the canon.

    Args:
        project: The project's tool tables.
        canon: The canon's.

    Returns:
        The weakenings.
    """
    found: list[Weakening] = []
    required = coverage_fail_under(canon.pytest, canon.coverage) or 80
    actual = coverage_fail_under(project.pytest, project.coverage)
    if actual is None or actual < required:
        shown = "not set" if actual is None else f"{actual:g}"
        found.append(
            Weakening(
                "coverage",
                "fail-under",
                f"is {shown}; the canon requires at least {required:g}",
            )
        )
    found.extend(pytest_weakenings(project.pytest, canon.pytest))
    return found


def dockerfile_weakenings(text: str | None) -> list[Weakening]:
    """The Dockerfile's final stage must run as non-root with an exec-form entry point.

    Args:
        text: The Dockerfile's content, or None when the project has none.

    Returns:
        The weakenings (none without a Dockerfile).
    """
    if text is None:
        return []
    stage = final_stage(text)
    if stage is None:
        return [Weakening("dockerfile", "FROM", "the Dockerfile has no stage")]
    found: list[Weakening] = []
    if not stage.runs_as_non_root:
        found.append(
            Weakening(
                "dockerfile",
                "USER",
                f"the final stage runs as root (USER {stage.user or 'unset'})",
            )
        )
    if stage.entrypoint is not None and not stage.exec_form:
        found.append(
            Weakening("dockerfile", "ENTRYPOINT", "must use the exec (JSON array) form")
        )
    return found


def weakenings(
    project: ToolConfig,
    canon: ToolConfig,
    catalogue: list[RuffRule],
    dockerfile: str | None,
) -> list[Weakening]:
    """Every way ``project`` is looser than ``canon``.

    Args:
        project: The project's tool tables.
        canon: The canon's tool tables.
        catalogue: Every rule ruff knows.
        dockerfile: The project's Dockerfile content, if any.

    Returns:
        All weakenings, grouped by area.
    """
    return [
        *ruff_weakenings(project.ruff, canon.ruff, catalogue),
        *basedpyright_weakenings(project.basedpyright, canon.basedpyright),
        *testing_weakenings(project, canon),
        *contract_weakenings(project.importlinter, canon.importlinter),
        *dockerfile_weakenings(dockerfile),
    ]


__all__ = [
    "ToolConfig",
    "Weakening",
    "basedpyright_weakenings",
    "coverage_fail_under",
    "dockerfile_weakenings",
    "ruff_weakenings",
    "testing_weakenings",
    "weakenings",
]
