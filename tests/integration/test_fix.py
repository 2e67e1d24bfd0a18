"""``setsquare fix`` end to end with real ruff: what changes, what is shown, what remains."""

from pathlib import Path

import pytest

from tests.support.checking import clean_project
from tests.support.cli import Cli

pytestmark = pytest.mark.integration

MESSY = '''"""Messy."""
import sys
import os


def describe(path: str) -> str:
    """Describe a path.

    Args:
        path: The path.

    Returns:
        Its description.
    """
    print( "describing" )
    return os.sep+path
'''


def messy_project(root: Path) -> Path:
    """Build a clean project plus one module with fixable findings.

    Args:
        root: A directory that does not exist yet.

    Returns:
        The project root.
    """
    project = clean_project(root)
    _ = (project / "src" / "shop" / "messy.py").write_text(MESSY)
    return project


def test_fix_when_safe_fixes_then_files_rewritten_and_listed(
    tmp_path: Path, cli: Cli
) -> None:
    """Formatting and safe fixes are applied and named; unsafe ones remain reported."""
    root = messy_project(tmp_path / "shop")
    result = cli(["fix"], root)
    fixed = (root / "src" / "shop" / "messy.py").read_text()
    assert result.stdout.splitlines()[0] == "fixed: src/shop/messy.py"
    assert "import sys" not in fixed
    assert 'print("describing")' in fixed
    assert "return os.sep + path" in fixed
    assert result.code == 1
    assert "T201" in result.stdout
    assert "1 error, 0 warnings" in result.stdout


def test_fix_when_unsafe_then_unsafe_fixes_applied_too(
    tmp_path: Path, cli: Cli
) -> None:
    """``--unsafe`` also removes the ``print`` call, leaving a clean project."""
    root = messy_project(tmp_path / "shop")
    result = cli(["fix", "--unsafe"], root)
    assert result.code == 0, result.stdout
    assert "print" not in (root / "src" / "shop" / "messy.py").read_text()


def test_fix_when_diff_then_changes_shown_and_nothing_written(
    tmp_path: Path, cli: Cli
) -> None:
    """``--diff`` prints one unified diff of format and fixes, writing nothing."""
    root = messy_project(tmp_path / "shop")
    result = cli(["fix", "--diff"], root)
    assert result.code == 1
    assert (root / "src" / "shop" / "messy.py").read_text() == MESSY
    assert result.stdout.startswith(
        "would fix: src/shop/messy.py\n--- a/src/shop/messy.py\n+++ b/src/shop/messy.py\n"
    )
    assert "-import sys\n" in result.stdout
    assert '+    print("describing")\n' in result.stdout


def test_fix_when_nothing_to_fix_then_no_file_listed_and_exit_zero(
    tmp_path: Path, cli: Cli
) -> None:
    """A clean project stays untouched; the closing check passes."""
    root = clean_project(tmp_path / "shop")
    before = {path: path.read_bytes() for path in root.rglob("*.py")}
    result = cli(["fix"], root)
    assert result.code == 0
    assert "fixed:" not in result.stdout
    assert {path: path.read_bytes() for path in root.rglob("*.py")} == before
    diff = cli(["fix", "--diff"], root)
    assert (diff.code, diff.stdout) == (0, "")
