"""Helpers for the tests of ``setsquare check``/``fix``: fixture projects, raw tools."""

import json
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Final, cast

import tomlkit

if TYPE_CHECKING:
    from tomlkit.items import Table

FIXTURES = Path(__file__).parent.parent / "fixtures" / "check"
SARIF_SCHEMA = FIXTURES / "sarif-schema-2.1.0.json"
VENV_BIN = Path(sys.executable).parent

PROJECT_TABLE = """[project]
name = "violations"
version = "0.1.0"
requires-python = ">=3.13"

"""


CLEAN_TREE: Final[dict[str, str]] = {
    ".gitignore": ".env\n",
    "src/shop/__init__.py": '"""The shop."""\n\n__all__: list[str] = []\n',
    "src/shop/__main__.py": '"""Entry point."""\n',
    "src/shop/config.py": '"""Settings."""\n',
    "src/shop/exceptions.py": '"""Errors."""\n',
    "src/shop/logging.py": '"""Logging."""\n',
    "src/shop/py.typed": "",
    "src/shop/prices.py": '''"""Prices."""


def total(prices: list[float]) -> float:
    """Return the sum of the prices.

    Args:
        prices: The prices.

    Returns:
        Their sum.
    """
    return sum(prices)
''',
    "tests/__init__.py": '"""Tests."""\n',
    "tests/test_prices.py": '''"""Prices."""

from shop.prices import total


def test_total_when_two_prices_then_adds_them() -> None:
    """Totals add up."""
    assert total([1.0, 2.0]) == 3.0
''',
}

SHOP_TABLE = PROJECT_TABLE.replace('"violations"', '"shop"')


def canon_pyproject(table: str = PROJECT_TABLE) -> str:
    """Return a ``pyproject.toml``: a project table followed by the canon.

    The canon's import contracts are left out: they name the rendered tree's layers,
    which these small projects do not have (``tests/integration/test_check_imports.py``
    checks contracts).

    Args:
        table: The ``[project]`` table.

    Returns:
        The file's content.
    """
    return table + canon_without_contracts()


def canon_without_contracts() -> str:
    """Return ``canon.toml`` without its import contracts (``[tool.importlinter]``).

    Returns:
        The canon's text, comments kept.
    """
    canon = files("setsquare").joinpath("canon.toml").read_text(encoding="utf-8")
    document = tomlkit.parse(canon)
    tool = cast("Table", document["tool"])
    del tool["importlinter"]
    return tomlkit.dumps(document)


def write_tree(root: Path, tree: dict[str, str]) -> Path:
    """Write files (relative path to content) under ``root``.

    Args:
        root: The directory.
        tree: The files.

    Returns:
        ``root``.
    """
    for relpath, content in tree.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        _ = path.write_text(content, encoding="utf-8")
    return root


def clean_project(root: Path) -> Path:
    """Write a small project that every tool and rule accepts.

    Args:
        root: A directory that does not exist yet.

    Returns:
        The project root.
    """
    tree = {**CLEAN_TREE, "pyproject.toml": canon_pyproject(SHOP_TABLE)}
    return write_tree(root, tree)


def copy_violations(destination: Path) -> Path:
    """Lay out the violations fixture project (``.txt`` suffixes dropped).

    Args:
        destination: A directory that does not exist yet.

    Returns:
        The project root.
    """
    source = FIXTURES / "violations"
    for path in source.rglob("*.txt"):
        target = destination / path.relative_to(source).with_suffix("")
        target.parent.mkdir(parents=True, exist_ok=True)
        _ = shutil.copyfile(path, target)
    _ = (destination / "pyproject.toml").write_text(canon_pyproject(), encoding="utf-8")
    return destination


def raw_json(root: Path, *args: str) -> object:
    """Run a raw tool from the test environment and parse its JSON output.

    Args:
        root: The working directory.
        *args: The tool (``ruff`` or ``basedpyright``) and its arguments.

    Returns:
        The parsed JSON.
    """
    completed = subprocess.run(  # noqa: S603 - fixed argument list
        [str(VENV_BIN / args[0]), *args[1:]],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return cast("object", json.loads(completed.stdout))


def loads(text: str) -> dict[str, object]:
    """Parse a JSON object.

    Args:
        text: JSON text.

    Returns:
        The object.
    """
    return cast("dict[str, object]", json.loads(text))


def obj(value: object) -> dict[str, object]:
    """View a parsed JSON value as an object.

    Args:
        value: A parsed JSON object.

    Returns:
        The same value, typed.
    """
    assert isinstance(value, dict)
    return cast("dict[str, object]", value)


def items(value: object) -> list[dict[str, object]]:
    """View a JSON list of objects.

    Args:
        value: A parsed JSON list.

    Returns:
        The objects.
    """
    return cast("list[dict[str, object]]", value)


__all__ = [
    "CLEAN_TREE",
    "FIXTURES",
    "SARIF_SCHEMA",
    "VENV_BIN",
    "canon_pyproject",
    "canon_without_contracts",
    "clean_project",
    "copy_violations",
    "items",
    "loads",
    "obj",
    "raw_json",
    "write_tree",
]
