"""The canon (``canon.toml``) equals what the template renders and what setsquare obeys."""

import json
import tomllib
from pathlib import Path
from typing import Final, cast

import pytest

from setsquare.adapters.canon import load_canon
from tests.template.rendering import (
    PYTHON_VERSIONS,
    REPO_ROOT,
    render,
    snapshot_template,
)

CANON_TABLES: Final = ("ruff", "basedpyright", "pytest", "importlinter", "coverage")
SHARED_LINT_KEYS: Final = (
    "preview",
    "explicit-preview-rules",
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "pydocstyle",
    "mccabe",
    "pylint",
    "isort",
    "flake8-type-checking",
    "flake8-tidy-imports",
)


def _table(document: dict[str, object], *keys: str) -> dict[str, object]:
    """Descend into nested TOML tables.

    Args:
        document: A parsed TOML document.
        *keys: The path of table names.

    Returns:
        The table at that path.
    """
    table = document
    for key in keys:
        table = cast("dict[str, object]", table[key])
    return table


def _tool_tables(document: dict[str, object], package: str) -> dict[str, object]:
    """Return the canon's tool tables, with the Python version taken out.

    Args:
        document: A parsed pyproject-shaped document.
        package: The package the import contracts name (``{package}`` in the canon
            itself).

    Returns:
        The ruff, basedpyright, pytest, import-linter and coverage tables;
        ``pythonVersion`` removed, the package named ``{package}``.
    """
    text = json.dumps(_table(document, "tool"))
    tools = cast("dict[str, object]", json.loads(text.replace(package, "{package}")))
    tables = {name: tools[name] for name in CANON_TABLES}
    basedpyright = dict(_table(tables, "basedpyright"))
    del basedpyright["pythonVersion"]
    return {**tables, "basedpyright": basedpyright}


@pytest.fixture(scope="module")
def rendered_pyprojects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Render the template's ``pyproject.toml`` for each Python version.

    Args:
        tmp_path_factory: Where to snapshot and render.

    Returns:
        The rendered ``pyproject.toml`` by Python version.
    """
    source = snapshot_template(tmp_path_factory.mktemp("canon") / "source")
    return {
        version: render(
            source,
            tmp_path_factory.mktemp(f"canon-{version}") / "canon-probe",
            {"python_version": version},
        )
        / "pyproject.toml"
        for version in PYTHON_VERSIONS
    }


def test_load_canon_when_called_then_returns_the_four_tool_tables() -> None:
    """The shipped canon is pyproject-shaped, for Python 3.13."""
    canon = load_canon()

    assert set(_table(canon, "tool")) == set(CANON_TABLES)
    assert "target-version" not in _table(canon, "tool", "ruff")
    assert _table(canon, "tool", "basedpyright")["pythonVersion"] == "3.13"
    assert _table(canon, "tool", "basedpyright")["typeCheckingMode"] == "all"


@pytest.mark.parametrize("python_version", PYTHON_VERSIONS)
def test_canon_when_compared_with_the_rendered_pyproject_then_the_tables_are_equal(
    rendered_pyprojects: dict[str, Path], python_version: str
) -> None:
    """The template renders exactly the canon; only the Python version follows the answer."""
    rendered = tomllib.loads(rendered_pyprojects[python_version].read_text("utf-8"))

    assert _tool_tables(rendered, "canon_probe") == _tool_tables(
        load_canon(), "{package}"
    )
    assert "target-version" not in _table(rendered, "tool", "ruff")  # RF002
    assert _table(rendered, "tool", "basedpyright")["pythonVersion"] == python_version
    assert _table(rendered, "project")["requires-python"] == f">={python_version}"


def test_canon_when_compared_with_setsquares_own_pyproject_then_lint_rules_agree() -> (
    None
):
    """The lint selection and type strictness setsquare renders are its own."""
    own = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    canon = load_canon()
    own_lint = _table(own, "tool", "ruff", "lint")
    canon_lint = _table(canon, "tool", "ruff", "lint")
    strictness = ("typeCheckingMode", "failOnWarnings", "enableTypeIgnoreComments")

    assert {key: own_lint.get(key) for key in SHARED_LINT_KEYS} == {
        key: canon_lint.get(key) for key in SHARED_LINT_KEYS
    }
    assert {key: _table(own, "tool", "basedpyright")[key] for key in strictness} == {
        key: _table(canon, "tool", "basedpyright")[key] for key in strictness
    }
