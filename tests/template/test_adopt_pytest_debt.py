"""Tests that fail only with the canon's stricter pytest settings become debt.

A small project in its own environment (``uv sync``): its tests use a marker it never
registered, which pytest's ``strict`` refuses and which, unstrict, warns, and the
canon makes warnings errors. ``adopt`` keeps both groups at the project's own values
and names the weakenings; tests that fail whatever the settings keep the canon's.
"""

from pathlib import Path
from typing import Final, cast

import pytest

from setsquare.domain.adoption import Metadata
from setsquare.domain.pyproject_merge import Layout, pytest_options
from setsquare.domain.toml_edit import plain
from setsquare.services import adopt_debt
from setsquare.services.adopt_pyproject import (
    PyprojectPlan,
    plan_pyproject,
    write_pyproject,
)
from tests.support.checking import canon_pyproject
from tests.support.repos import write_files

pytestmark = pytest.mark.template

PYPROJECT: Final = """\
[project]
name = "probe"
version = "0.1"
requires-python = ">=3.12"

[dependency-groups]
dev = ["pytest>=9", "pytest-cov>=7"]

[tool.pytest.ini_options]
addopts = "-q"
"""
MARKED_TEST: Final = '''\
"""Probe."""

import pytest

from probe import VALUE


@pytest.mark.network
def test_value() -> None:
    """The value."""
    assert VALUE == 1
'''
FAILING_TEST: Final = (
    '"""Fails."""\n\n\ndef test_fails() -> None:\n    """No."""\n    assert False\n'
)


def _planned(project: Path, tests: dict[str, str]) -> PyprojectPlan:
    """Write the project, merge the canon into its pyproject, sync it.

    Args:
        project: A directory that does not exist yet.
        tests: Test files (path → content).

    Returns:
        The plan, written.
    """
    rendered = project.parent / "rendered"
    write_files(rendered, {"pyproject.toml": canon_pyproject()})
    write_files(
        project,
        {"pyproject.toml": PYPROJECT, "probe/__init__.py": "VALUE = 1\n", **tests},
    )
    layout = Layout(package_dir="probe", source_root=".", tests="tests", python=(3, 12))
    plan = plan_pyproject(project, rendered, Metadata(), layout, modules=False)
    write_pyproject(plan)
    adopt_debt.sync(project)
    return plan


def _options(plan: PyprojectPlan) -> dict[str, object]:
    """Read the pytest options as written.

    Args:
        plan: The plan.

    Returns:
        The options.
    """
    options = pytest_options(plan.document)
    assert options is not None
    return cast("dict[str, object]", plain(options))


def test_settle_tests_when_unregistered_marker_then_strict_and_warnings_relaxed(
    project_env: tuple[Path, dict[str, str]],
) -> None:
    """Both groups are needed: both keep the project's values, named for conform."""
    project, _ = project_env
    plan = _planned(project, {"tests/test_probe.py": MARKED_TEST})

    run, relaxed = adopt_debt.settle_tests(plan)

    assert (run.exit_code, run.coverage) == (0, 100.0)
    assert relaxed == (
        "strict_markers",
        "strict_config",
        "strict_xfail",
        "filterwarnings",
    )
    options = _options(plan)
    assert "strict" not in options
    assert "filterwarnings" not in options


def test_settle_tests_when_tests_fail_whatever_the_settings_then_canon_kept(
    project_env: tuple[Path, dict[str, str]],
) -> None:
    """A failing test is no reason to relax: the canon's settings stay, with a note."""
    project, _ = project_env
    plan = _planned(project, {"tests/test_fails.py": FAILING_TEST})

    run, relaxed = adopt_debt.settle_tests(plan)

    assert (run.exit_code, relaxed) == (1, ())
    assert run.note == (
        "the project's tests fail today (pytest exit 1): "
        + "`make check` stays red until they pass"
    )
    options = _options(plan)
    assert (options["strict"], options["filterwarnings"]) == (True, ["error"])
    assert "strict = true" in plan.path.read_text()
