"""``setsquare check`` runs import-linter (layers) and deptry (dependencies) too.

A small src-layout project declares a layers contract; its domain imports an adapter
and a package it does not declare. Both tools' findings land in the one report, at
the importing line, naming the contract or the package.
"""

from pathlib import Path
from typing import Final, cast

import pytest

from setsquare.adapters.import_linter import NOT_CONFIGURED
from tests.support.checking import (
    CLEAN_TREE,
    SHOP_TABLE,
    canon_pyproject,
    loads,
    write_tree,
)
from tests.support.cli import Cli

pytestmark = pytest.mark.integration

LAYERS: Final = "layers: api -> services -> adapters -> domain"
CONTRACTS: Final = f"""
[tool.importlinter]
root_package = "shop"

[[tool.importlinter.contracts]]
id = "layers"
name = "{LAYERS}"
type = "layers"
containers = ["shop"]
layers = ["api", "services", "adapters", "domain"]
"""
LAYERED: Final = {
    **{path: text for path, text in CLEAN_TREE.items() if "prices" not in path},
    **{
        f"src/shop/{layer}/__init__.py": f'"""The {layer}."""\n\n__all__: list[str] = []\n'
        for layer in ("api", "services", "adapters", "domain")
    },
    "src/shop/adapters/files.py": '"""Files."""\n\nNAME = "files"\n',
}
# Line 3 imports an adapter (a layer above the domain); line 4 a package that is
# installed (setsquare depends on it) but not declared by the project.
RULES: Final = '"""Prices."""\n\nfrom shop.adapters.files import NAME\nimport yaml\n'


def _project(root: Path, *, contracts: str = CONTRACTS) -> Path:
    """Write the layered project with the violating domain module.

    Args:
        root: A directory that does not exist yet.
        contracts: The import-linter tables.

    Returns:
        The project root.
    """
    pyproject = canon_pyproject(SHOP_TABLE) + contracts
    tree = {**LAYERED, "src/shop/domain/rules.py": RULES, "pyproject.toml": pyproject}
    return write_tree(root, tree)


def _findings(stdout: str, tool: str) -> list[tuple[str, str, int, str]]:
    """Pick one tool's findings out of the JSON report.

    Args:
        stdout: ``setsquare check --format json``'s output.
        tool: The tool.

    Returns:
        ``(path, code, line, message)`` of each.
    """
    diagnostics = cast("list[dict[str, object]]", loads(stdout)["diagnostics"])
    return [
        (str(d["path"]), str(d["code"]), cast("int", d["line"]), str(d["message"]))
        for d in diagnostics
        if d["tool"] == tool
    ]


def test_check_when_domain_imports_an_adapter_and_an_undeclared_package_then_both_named(
    tmp_path: Path, cli: Cli
) -> None:
    """The contract and the package are each reported at the importing line."""
    project = _project(tmp_path / "shop")

    result = cli(["check", "--no-cache", "--format", "json"], project)

    assert result.code == 1, result.stderr
    assert _findings(result.stdout, "import-linter") == [
        (
            "src/shop/domain/rules.py",
            "layers",
            3,
            f"{LAYERS}: shop.domain.rules -> shop.adapters.files",
        )
    ]
    assert _findings(result.stdout, "deptry") == [
        (
            "src/shop/domain/rules.py",
            "DEP003",
            4,
            "'yaml' imported but it is a transitive dependency",
        )
    ]
    tools = cast("list[dict[str, object]]", loads(result.stdout)["tools"])
    assert {str(t["tool"]): t["findings"] for t in tools}.items() >= {
        ("import-linter", 1),
        ("deptry", 1),
    }


def test_check_when_only_other_paths_are_checked_then_their_findings_alone_count(
    tmp_path: Path, cli: Cli
) -> None:
    """Checking ``src/shop/api`` keeps the tools' findings elsewhere out."""
    project = _project(tmp_path / "shop")

    result = cli(["check", "--no-cache", "--format", "json", "src/shop/api"], project)

    assert _findings(result.stdout, "import-linter") == []
    assert _findings(result.stdout, "deptry") == []


def test_check_when_no_contracts_are_configured_then_a_note_says_layers_are_unchecked(
    tmp_path: Path, cli: Cli
) -> None:
    """A project without import-linter configuration is told, not failed."""
    project = _project(tmp_path / "shop", contracts="")

    result = cli(["check", "--no-cache", "--format", "json"], project)

    assert _findings(result.stdout, "import-linter") == []
    assert NOT_CONFIGURED in cast("list[str]", loads(result.stdout)["notes"])


def test_check_when_the_contracts_name_a_missing_package_then_exit_2_with_its_error(
    tmp_path: Path, cli: Cli
) -> None:
    """import-linter that cannot run is a tool failure: one line, exit 2."""
    broken = CONTRACTS.replace('root_package = "shop"', 'root_package = "nowhere"')
    project = _project(tmp_path / "shop", contracts=broken)

    result = cli(["check", "--no-cache"], project)

    assert result.code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("setsquare: error: import-linter failed (exit status 2):")
    assert "nowhere" in first
