"""Usage errors and version output through ``main()``, as a user meets them."""

from pathlib import Path

import pytest

import setsquare
from tests.support.checking import run_cli

pytestmark = pytest.mark.integration


def test_unknown_option_when_given_then_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown option is one line on stderr, exit 2, no traceback."""
    result = run_cli(["init", "--bogus"], tmp_path, monkeypatch, capsys)

    assert result.code == 2
    assert result.stderr == "setsquare: error: No such option: --bogus\n"


def test_missing_argument_when_omitted_then_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing required argument names it, exit 2."""
    result = run_cli(["init"], tmp_path, monkeypatch, capsys)

    assert result.code == 2
    assert result.stderr == "setsquare: error: Missing argument 'destination'.\n"


def test_version_when_asked_then_package_and_template_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--version`` prints the release, which is also the template's version."""
    result = run_cli(["--version"], tmp_path, monkeypatch, capsys)

    assert result.code == 0
    version = setsquare.__version__
    assert result.stdout == f"setsquare {version} (template {version})\n"


@pytest.mark.parametrize("command", ["init", "update", "check", "conform", "adopt"])
def test_help_when_asked_then_the_summary_without_docstring_sections(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A command's ``--help`` shows its summary, not the docstring's ``Raises:``."""
    result = run_cli([command, "--help"], tmp_path, monkeypatch, capsys)

    assert result.code == 0
    assert result.stdout.startswith(f"Usage: setsquare {command} ")
    assert "Raises:" not in result.stdout
    assert "Exit:" not in result.stdout
