"""Baselines end to end: write, check, survive line shifts, catch new findings, prune."""

from pathlib import Path

import pytest

from tests.support.checking import clean_project, items, loads
from tests.support.cli import Cli

pytestmark = pytest.mark.integration

LEGACY = '''"""Legacy helpers."""

import os

SEPARATOR = os.sep


def _join(a: str, b: str) -> str:
    return a + SEPARATOR + b
'''


def legacy_project(root: Path) -> Path:
    """Build a clean project plus one legacy module with known findings.

    Args:
        root: A directory that does not exist yet.

    Returns:
        The project root.
    """
    project = clean_project(root)
    _ = (project / "src" / "shop" / "legacy.py").write_text(LEGACY)
    return project


def test_baseline_when_written_then_check_passes_until_a_new_finding(
    tmp_path: Path, cli: Cli
) -> None:
    """Recorded findings are accepted, even after lines move; new ones fail."""
    root = legacy_project(tmp_path / "shop")
    written = cli(["baseline", "write"], root)
    assert written.code == 0, written.stderr
    assert written.stdout.startswith("recorded 2 findings in ")
    args = ["check", "--baseline", "setsquare-baseline.json", "--format", "json"]
    accepted = cli(args, root)
    assert (accepted.code, loads(accepted.stdout)["diagnostics"]) == (0, [])
    legacy = root / "src" / "shop" / "legacy.py"
    shifted = LEGACY.replace("import os\n", "import os\n\nVERSION = 2\n")
    _ = legacy.write_text(shifted)
    assert cli(args, root).code == 0
    _ = legacy.write_text(shifted + "\n\ndef _again() -> None:\n    pass\n")
    grown = cli(args, root)
    codes = sorted(str(d["code"]) for d in items(loads(grown.stdout)["diagnostics"]))
    assert grown.code == 1
    assert codes == ["SQ001", "SQ002", "reportUnusedFunction"]


def test_baseline_when_findings_are_fixed_then_prune_shrinks_it(
    tmp_path: Path, cli: Cli
) -> None:
    """Fixed findings show up as stale entries, and ``prune`` removes them."""
    root = legacy_project(tmp_path / "shop")
    written = cli(["baseline", "write", "--baseline", "base.json"], root)
    assert (written.code, written.stdout) == (
        0,
        f"recorded 2 findings in {root / 'base.json'}\n",
    )
    legacy = root / "src" / "shop" / "legacy.py"
    _ = legacy.write_text(LEGACY[: LEGACY.index("\n\n\ndef _join")] + "\n")
    checked = cli(["check", "--baseline", "base.json"], root)
    assert checked.code == 0
    assert (
        "2 baseline entries no longer occur: run `setsquare baseline prune`"
        in checked.stdout
    )
    pruned = cli(["baseline", "prune", "--baseline", "base.json"], root)
    assert (pruned.code, pruned.stdout) == (
        0,
        f"removed 2 fixed findings; 0 remain in {root / 'base.json'}\n",
    )
    assert '"findings": []' in (root / "base.json").read_text()


def test_baseline_when_file_is_missing_or_foreign_then_exit_two(
    tmp_path: Path, cli: Cli
) -> None:
    """A missing or malformed baseline is a clear one-line error."""
    root = clean_project(tmp_path / "shop")
    missing = cli(["check", "--baseline", "none.json"], root)
    assert (missing.code, missing.stderr) == (
        2,
        "setsquare: error: baseline none.json does not exist "
        + "(create it with `setsquare baseline write`)\n",
    )
    _ = (root / "other.json").write_text("[1, 2]")
    foreign = cli(["check", "--baseline", "other.json"], root)
    assert foreign.code == 2
    assert foreign.stderr.startswith(
        "setsquare: error: baseline other.json is unreadable"
    )


def test_baseline_when_configured_in_pyproject_then_check_applies_it_and_prune_lowers_debt(
    tmp_path: Path, cli: Cli
) -> None:
    """``[tool.setsquare] baseline`` is honoured without a flag; prune lowers the limit."""
    root = legacy_project(tmp_path / "shop")
    pyproject = root / "pyproject.toml"
    _ = pyproject.write_text(
        pyproject.read_text()
        + '\n[tool.setsquare]\nbaseline = "debt.json"  # mine\n\n'
        + "[tool.setsquare.debt]\nfindings = 2\n"
    )
    written = cli(["baseline", "write"], root)
    assert (written.code, written.stdout) == (
        0,
        f"recorded 2 findings in {root / 'debt.json'}\n",
    )
    assert cli(["check"], root).code == 0
    legacy = root / "src" / "shop" / "legacy.py"
    _ = legacy.write_text(LEGACY + "\n\ndef _again() -> None:\n    pass\n")
    assert cli(["check"], root).code == 1
    _ = legacy.write_text(LEGACY[: LEGACY.index("\n\n\ndef _join")] + "\n")

    pruned = cli(["baseline", "prune"], root)

    assert pruned.code == 0
    assert pruned.stdout.splitlines()[1] == (
        "recorded debt lowered to 0 findings in pyproject.toml"
    )
    assert 'baseline = "debt.json"  # mine\n' in pyproject.read_text()
    assert "[tool.setsquare.debt]\nfindings = 0\n" in pyproject.read_text()
