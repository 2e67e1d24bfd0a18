"""Usage errors and version output through ``main()``, as a user meets them."""

from pathlib import Path

import pytest

import setsquare
from tests.support.cli import Cli

pytestmark = pytest.mark.integration


def test_unknown_option_when_given_then_one_line_and_exit_2(
    tmp_path: Path, cli: Cli
) -> None:
    """An unknown option is one line on stderr, exit 2, no traceback."""
    result = cli(["init", "--bogus"], tmp_path)

    assert result.code == 2
    assert result.stderr == "setsquare: error: No such option: --bogus\n"


def test_missing_argument_when_omitted_then_one_line_and_exit_2(
    tmp_path: Path, cli: Cli
) -> None:
    """A missing required argument names it, exit 2."""
    result = cli(["init"], tmp_path)

    assert result.code == 2
    assert result.stderr == "setsquare: error: Missing argument 'destination'.\n"


def test_version_when_asked_then_package_and_template_versions(
    tmp_path: Path, cli: Cli
) -> None:
    """``--version`` prints the release, which is also the template's version."""
    result = cli(["--version"], tmp_path)

    assert result.code == 0
    version = setsquare.__version__
    assert result.stdout == f"setsquare {version} (template {version})\n"


@pytest.mark.parametrize("command", ["init", "update", "check", "conform", "adopt"])
def test_help_when_asked_then_the_summary_without_docstring_sections(
    command: str, tmp_path: Path, cli: Cli
) -> None:
    """A command's ``--help`` shows its summary, not the docstring's ``Raises:``."""
    result = cli([command, "--help"], tmp_path)

    assert result.code == 0
    assert result.stdout.startswith(f"Usage: setsquare {command} ")
    assert "Raises:" not in result.stdout
    assert "Exit:" not in result.stdout
