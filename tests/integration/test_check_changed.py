"""``check --changed`` is sound: the files that import a changed file are checked too."""

from pathlib import Path
from typing import cast

import pytest

from tests.support.checking import clean_project, items, loads, write_tree
from tests.support.cli import Cli
from tests.support.repos import commit_all, run_git

pytestmark = pytest.mark.integration

CART = '''"""The cart."""

from shop.prices import total


def cart_total(prices: list[float]) -> float:
    """Add up the cart.

    Args:
        prices: The prices.

    Returns:
        The total.
    """
    return total(prices)
'''
# Re-exports ``total`` without calling it: only its importers see a changed type.
CATALOGUE = '''"""The catalogue."""

from shop.prices import total

__all__ = ["total"]
'''
RECEIPT = '''"""The receipt."""

from shop.catalogue import total


def receipt_total() -> float:
    """Add up a receipt.

    Returns:
        The total.
    """
    return total([1.0])
'''
TWO_ARGUMENTS = '''"""Prices."""


def total(prices: list[float], tax: float) -> float:
    """Return the sum of the prices with tax.

    Args:
        prices: The prices.
        tax: The tax rate.

    Returns:
        Their sum.
    """
    return sum(prices) * (1 + tax)
'''
AS_TEXT = '''"""Prices."""


def total(prices: list[float]) -> str:
    """Return the sum of the prices as text.

    Args:
        prices: The prices.

    Returns:
        Their sum.
    """
    return str(sum(prices))
'''


def shop(root: Path) -> Path:
    """Build and commit a clean project: cart and catalogue import prices, receipt imports catalogue.

    Args:
        root: A directory that does not exist yet.

    Returns:
        The repository root.
    """
    project = clean_project(root)
    _ = write_tree(
        project,
        {
            "src/shop/cart.py": CART,
            "src/shop/catalogue.py": CATALOGUE,
            "src/shop/receipt.py": RECEIPT,
        },
    )
    _ = run_git(project, "init", "--quiet", "--initial-branch=main")
    _ = commit_all(project, "initial")
    return project


def findings(stdout: str) -> set[tuple[str, str, str]]:
    """Collect a JSON report's findings as (path, tool, code).

    Args:
        stdout: ``check --format json`` output.

    Returns:
        The findings.
    """
    return {
        (str(d["path"]), str(d["tool"]), str(d["code"]))
        for d in items(loads(stdout)["diagnostics"])
    }


def test_changed_when_signature_changes_then_unchanged_caller_reported(
    tmp_path: Path, cli: Cli
) -> None:
    """A new parameter breaks the calls in files that import it, though they did not change."""
    root = shop(tmp_path / "shop")
    _ = (root / "src/shop/prices.py").write_text(TWO_ARGUMENTS)
    result = cli(["check", "--changed"], root)
    assert result.code == 1
    assert result.stdout.splitlines()[0] == "src/shop/cart.py"
    assert result.stdout.splitlines()[-1].startswith("5 errors, 0 warnings in 5 files")
    report = cli(["check", "--changed", "--format", "json"], root)
    assert report.code == 1
    assert findings(report.stdout) == {
        ("src/shop/cart.py", "basedpyright", "reportCallIssue"),
        ("src/shop/cart.py", "basedpyright", "reportUnknownVariableType"),
        ("src/shop/receipt.py", "basedpyright", "reportCallIssue"),
        ("src/shop/receipt.py", "basedpyright", "reportUnknownVariableType"),
        ("tests/test_prices.py", "basedpyright", "reportCallIssue"),
    }


def test_changed_when_type_reexported_then_importer_of_importer_reported(
    tmp_path: Path, cli: Cli
) -> None:
    """Two hops: prices -> catalogue (re-exports it, stays clean) -> receipt."""
    root = shop(tmp_path / "shop")
    _ = (root / "src/shop/prices.py").write_text(AS_TEXT)
    result = cli(["check", "--changed", "--format", "json"], root)
    assert result.code == 1
    assert findings(result.stdout) == {
        ("src/shop/cart.py", "basedpyright", "reportReturnType"),
        ("src/shop/receipt.py", "basedpyright", "reportReturnType"),
    }
    assert loads(result.stdout)["files"] == 5


def test_changed_when_module_deleted_then_its_importers_reported(
    tmp_path: Path, cli: Cli
) -> None:
    """Deleting (or renaming away) a module breaks every file that imported it."""
    root = shop(tmp_path / "shop")
    _ = run_git(root, "mv", "src/shop/prices.py", "src/shop/pricing.py")
    result = cli(["check", "--changed", "--format", "json"], root)
    assert result.code == 1
    missing = {
        (path, tool, code)
        for path, tool, code in findings(result.stdout)
        if code == "reportMissingImports"
    }
    assert missing == {
        ("src/shop/cart.py", "basedpyright", "reportMissingImports"),
        ("src/shop/catalogue.py", "basedpyright", "reportMissingImports"),
        ("tests/test_prices.py", "basedpyright", "reportMissingImports"),
    }


def test_changed_when_only_a_deletion_then_importers_checked_without_ruff(
    tmp_path: Path, cli: Cli
) -> None:
    """With nothing but a deletion, its importers are type-checked; ruff has no file."""
    root = shop(tmp_path / "shop")
    (root / "src/shop/catalogue.py").unlink()
    result = cli(["check", "--changed", "--format", "json"], root)
    assert result.code == 1
    report = loads(result.stdout)
    assert ("src/shop/receipt.py", "basedpyright", "reportMissingImports") in findings(
        result.stdout
    )
    assert {path for path, _, _ in findings(result.stdout)} == {"src/shop/receipt.py"}
    assert [str(tool["tool"]) for tool in items(report["tools"])] == [
        "basedpyright",
        "import-linter",
        "deptry",
        "setsquare",
    ]


def test_changed_when_untracked_module_added_then_it_and_its_importers_checked(
    tmp_path: Path, cli: Cli
) -> None:
    """An untracked module is checked, and a committed import that now resolves to it too."""
    root = shop(tmp_path / "shop")
    fees = root / "src/shop/fees.py"
    _ = fees.write_text(AS_TEXT.replace('"""Prices."""', '"""Fees."""'))
    _ = (root / "src/shop/receipt.py").write_text(
        RECEIPT.replace("shop.catalogue", "shop.fees")
    )
    _ = commit_all(root, "receipt uses fees")
    fees.unlink()
    _ = run_git(root, "rm", "--cached", "--quiet", "src/shop/fees.py")
    _ = fees.write_text(AS_TEXT.replace('"""Prices."""', '"""Fees."""'))
    result = cli(["check", "--changed", "--format", "json"], root)
    assert result.code == 1
    assert findings(result.stdout) == {
        ("src/shop/receipt.py", "basedpyright", "reportReturnType")
    }
    assert loads(result.stdout)["files"] == 2


def test_changed_when_an_imported_file_is_committed_then_cache_not_reused(
    tmp_path: Path, cli: Cli
) -> None:
    """Same changed file, same content: a new commit of what it imports is a new check."""
    root = shop(tmp_path / "shop")
    cart = root / "src/shop/cart.py"
    _ = cart.write_text(CART + '\n\n__all__ = ["cart_total"]\n')
    args = ["check", "--changed", "--format", "json"]
    first = cli(args, root)
    again = cli(args, root)
    assert (first.code, loads(again.stdout)["cached"]) == (0, True)
    _ = (root / "src/shop/prices.py").write_text(TWO_ARGUMENTS)
    _ = run_git(root, "commit", "--quiet", "-m", "tax", "src/shop/prices.py")
    result = cli(args, root)
    assert (result.code, loads(result.stdout)["cached"]) == (1, False)
    assert ("src/shop/cart.py", "basedpyright", "reportCallIssue") in findings(
        result.stdout
    )


def test_changed_when_configuration_changes_then_every_file_checked(
    tmp_path: Path, cli: Cli
) -> None:
    """A changed pyproject.toml (or lock) can change any file's findings: all are checked."""
    root = shop(tmp_path / "shop")
    whole = cli(["check", "--format", "json"], root)
    pyproject = root / "pyproject.toml"
    _ = pyproject.write_text(pyproject.read_text() + "\n# a comment\n")

    result = cli(["check", "--changed", "--format", "json"], root)

    report = loads(result.stdout)
    assert (result.code, report["files"]) == (0, loads(whole.stdout)["files"])
    assert report["notes"] == [
        *cast("list[str]", loads(whole.stdout)["notes"]),
        "pyproject.toml changed against HEAD: every file is checked",
    ]


def test_check_paths_when_a_file_they_import_changes_then_cache_not_reused(
    tmp_path: Path, cli: Cli
) -> None:
    """A cached check of some files is stale once a file they import changed."""
    root = shop(tmp_path / "shop")
    args = ["check", "src/shop/cart.py", "--format", "json"]
    first = cli(args, root)
    again = cli(args, root)
    assert (first.code, loads(again.stdout)["cached"]) == (0, True)
    _ = (root / "src/shop/prices.py").write_text(TWO_ARGUMENTS)

    result = cli(args, root)

    assert (result.code, loads(result.stdout)["cached"]) == (1, False)
    assert ("src/shop/cart.py", "basedpyright", "reportCallIssue") in findings(
        result.stdout
    )
