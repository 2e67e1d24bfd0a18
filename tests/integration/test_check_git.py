"""``check --changed`` with real git, the pre-commit hooks, and ``setsquare rules``."""

import shlex
import subprocess
from pathlib import Path
from typing import cast

import pytest
import yaml

from tests.support.checking import VENV_BIN, clean_project, items, loads
from tests.support.cli import Cli
from tests.support.repos import commit_all, run_git

pytestmark = pytest.mark.integration

HOOKS = Path(__file__).parents[2] / ".pre-commit-hooks.yaml"
UNDOCUMENTED = '"""Module."""\n\n\ndef _helper() -> int:\n    return 1\n'


def committed_project(root: Path) -> Path:
    """Build a clean project, add one committed finding, and commit it all.

    Args:
        root: A directory that does not exist yet.

    Returns:
        The repository root.
    """
    project = clean_project(root)
    _ = (project / "src" / "shop" / "old.py").write_text(UNDOCUMENTED)
    _ = run_git(project, "init", "--quiet", "--initial-branch=main")
    _ = commit_all(project, "initial")
    return project


def reported_paths(stdout: str) -> set[str]:
    """Collect the paths of a JSON report's findings.

    Args:
        stdout: ``check --format json`` output.

    Returns:
        The paths.
    """
    return {str(d["path"]) for d in items(loads(stdout)["diagnostics"])}


def test_changed_when_files_edited_and_added_then_only_they_are_checked(
    tmp_path: Path, cli: Cli
) -> None:
    """Modified and untracked files are checked; committed findings are not."""
    root = committed_project(tmp_path / "shop")
    prices = root / "src" / "shop" / "prices.py"
    _ = prices.write_text(
        prices.read_text() + UNDOCUMENTED.replace('"""Module."""\n', "")
    )
    _ = (root / "src" / "shop" / "fresh.py").write_text(UNDOCUMENTED)
    result = cli(["check", "--changed", "--format", "json"], root)
    assert result.code == 1
    assert reported_paths(result.stdout) == {"src/shop/prices.py", "src/shop/fresh.py"}
    whole = cli(["check", "--format", "json"], root)
    assert whole.code == 1
    assert "src/shop/old.py" in reported_paths(whole.stdout)


def test_changed_when_base_given_then_compared_with_that_ref(
    tmp_path: Path, cli: Cli
) -> None:
    """After a commit nothing differs from HEAD, but the previous commit does."""
    root = committed_project(tmp_path / "shop")
    _ = (root / "src" / "shop" / "fresh.py").write_text(UNDOCUMENTED)
    _ = commit_all(root, "second")
    nothing = cli(["check", "--changed"], root)
    assert nothing.code == 0
    assert "no changed Python files to check" in nothing.stdout
    args = ["check", "--changed", "--base", "HEAD~1", "--format", "json"]
    result = cli(args, root)
    assert reported_paths(result.stdout) == {"src/shop/fresh.py"}


def test_changed_when_not_a_git_tree_then_exit_two(tmp_path: Path, cli: Cli) -> None:
    """``--changed`` outside git is a usage error."""
    root = clean_project(tmp_path / "shop")
    result = cli(["check", "--changed"], root)
    assert (result.code, result.stderr) == (
        2,
        f"setsquare: error: --changed needs a git working tree; {root} is not in one\n",
    )


def test_hooks_when_loaded_then_run_in_the_project_environment() -> None:
    """Every hook uses ``language: system`` so the type checker sees the project's deps."""
    hooks = cast("list[dict[str, object]]", yaml.safe_load(HOOKS.read_text()))
    assert [hook["id"] for hook in hooks] == [
        "setsquare-check",
        "setsquare-check-uv",
        "setsquare-fix",
    ]
    for hook in hooks:
        assert hook["language"] == "system"
        assert hook["types_or"] == ["python", "pyi"]
        assert str(hook["entry"]).split()[-2:][0] == "setsquare"


def test_hook_when_run_as_pre_commit_does_then_checks_the_staged_files(
    tmp_path: Path,
) -> None:
    """The hook's entry with file names appended (as pre-commit runs it) works."""
    root = committed_project(tmp_path / "shop")
    hooks = cast("list[dict[str, str]]", yaml.safe_load(HOOKS.read_text()))
    entry = shlex.split(hooks[0]["entry"])
    command = [
        str(VENV_BIN / entry[0]),
        *entry[1:],
        "src/shop/old.py",
        "src/shop/prices.py",
    ]
    completed = subprocess.run(  # noqa: S603 - the hook's own entry
        command, cwd=root, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 1, completed.stderr
    assert "src/shop/old.py" in completed.stdout
    assert "in 2 files" in completed.stdout


def test_rules_when_listed_or_explained_then_examples_print(
    tmp_path: Path, cli: Cli
) -> None:
    """``setsquare rules`` lists every rule; ``rules SQ007`` shows both examples."""
    listing = cli(["rules"], tmp_path)
    assert listing.code == 0
    assert listing.stdout.splitlines()[0].startswith(
        "SQ001  error    missing-docstring"
    )
    detail = cli(["rules", "sq007"], tmp_path)
    assert detail.code == 0
    assert detail.stdout.splitlines()[0].startswith("SQ007 ")
    assert "Bad:\n  --- src/shop/sessions.py" in detail.stdout
    assert "ACTIVE_SESSIONS: Final[dict[str, int]] = {}" in detail.stdout
    unknown = cli(["rules", "SQ999"], tmp_path)
    assert (unknown.code, unknown.stderr) == (
        2,
        "setsquare: error: no rule 'SQ999': `setsquare rules` lists them\n",
    )
