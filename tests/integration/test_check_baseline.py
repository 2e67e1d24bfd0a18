"""Baselines end to end: write, check, survive line shifts, catch new findings, prune."""

from pathlib import Path

import pytest

from tests.support.checking import clean_project, items, loads, run_cli

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
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Recorded findings are accepted, even after lines move; new ones fail."""
    root = legacy_project(tmp_path / "shop")
    written = run_cli(["baseline", "write"], root, monkeypatch, capsys)
    assert written.code == 0, written.stderr
    assert written.stdout.startswith("recorded 2 findings in ")
    args = ["check", "--baseline", "setsquare-baseline.json", "--format", "json"]
    accepted = loads(run_cli(args, root, monkeypatch, capsys).stdout)
    assert (accepted["exit_code"], accepted["diagnostics"]) == (0, [])
    legacy = root / "src" / "shop" / "legacy.py"
    shifted = LEGACY.replace("import os\n", "import os\n\nVERSION = 2\n")
    _ = legacy.write_text(shifted)
    assert loads(run_cli(args, root, monkeypatch, capsys).stdout)["exit_code"] == 0
    _ = legacy.write_text(shifted + "\n\ndef _again() -> None:\n    pass\n")
    grown = loads(run_cli(args, root, monkeypatch, capsys).stdout)
    codes = sorted(str(d["code"]) for d in items(grown["diagnostics"]))
    assert grown["exit_code"] == 1
    assert codes == ["SQ001", "SQ002", "reportUnusedFunction"]


def test_baseline_when_findings_are_fixed_then_prune_shrinks_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Fixed findings show up as stale entries, and ``prune`` removes them."""
    root = legacy_project(tmp_path / "shop")
    _ = run_cli(
        ["baseline", "write", "--baseline", "base.json"], root, monkeypatch, capsys
    )
    legacy = root / "src" / "shop" / "legacy.py"
    _ = legacy.write_text(LEGACY[: LEGACY.index("\n\n\ndef _join")] + "\n")
    checked = run_cli(["check", "--baseline", "base.json"], root, monkeypatch, capsys)
    assert checked.code == 0
    assert (
        "2 baseline entries no longer occur: run `setsquare baseline prune`"
        in checked.stdout
    )
    pruned = run_cli(
        ["baseline", "prune", "--baseline", "base.json"], root, monkeypatch, capsys
    )
    assert pruned.stdout.startswith("removed 2 fixed findings; 0 remain in ")
    assert '"findings": []' in (root / "base.json").read_text()


def test_baseline_when_file_is_missing_or_foreign_then_exit_two(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing or malformed baseline is a clear one-line error."""
    root = clean_project(tmp_path / "shop")
    missing = run_cli(["check", "--baseline", "none.json"], root, monkeypatch, capsys)
    assert missing.code == 2
    assert "baseline none.json does not exist" in missing.stderr
    _ = (root / "other.json").write_text("[1, 2]")
    foreign = run_cli(["check", "--baseline", "other.json"], root, monkeypatch, capsys)
    assert foreign.code == 2
    assert foreign.stderr.startswith(
        "setsquare: error: baseline other.json is unreadable"
    )


def test_baseline_when_configured_in_pyproject_then_check_applies_it_and_prune_lowers_debt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``[tool.setsquare] baseline`` is honoured without a flag; prune lowers the limit."""
    root = legacy_project(tmp_path / "shop")
    pyproject = root / "pyproject.toml"
    _ = pyproject.write_text(
        pyproject.read_text()
        + '\n[tool.setsquare]\nbaseline = "debt.json"  # mine\n\n'
        + "[tool.setsquare.debt]\nfindings = 2\n"
    )
    written = run_cli(["baseline", "write"], root, monkeypatch, capsys)
    assert written.stdout == f"recorded 2 findings in {root / 'debt.json'}\n"
    assert run_cli(["check"], root, monkeypatch, capsys).code == 0
    legacy = root / "src" / "shop" / "legacy.py"
    _ = legacy.write_text(LEGACY + "\n\ndef _again() -> None:\n    pass\n")
    assert run_cli(["check"], root, monkeypatch, capsys).code == 1
    _ = legacy.write_text(LEGACY[: LEGACY.index("\n\n\ndef _join")] + "\n")

    pruned = run_cli(["baseline", "prune"], root, monkeypatch, capsys)

    assert pruned.stdout.splitlines()[1] == (
        "recorded debt lowered to 0 findings in pyproject.toml"
    )
    assert 'baseline = "debt.json"  # mine\n' in pyproject.read_text()
    assert "[tool.setsquare.debt]\nfindings = 0\n" in pyproject.read_text()
