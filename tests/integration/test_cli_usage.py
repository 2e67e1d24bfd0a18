"""Usage errors and version output through ``main()``, as a user meets them."""

from pathlib import Path

import pytest

import setsquare
from tests.support.cli import Cli
from tests.support.process import setsquare_process

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


def test_debug_when_given_then_the_error_keeps_its_traceback(tmp_path: Path) -> None:
    """``--debug`` lets an ``AppError`` out with its traceback; without it, one line."""
    _ = (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    args = ("check", "--changed")
    not_in_git = f"--changed needs a git working tree; {tmp_path} is not in one"

    debugged = setsquare_process("--debug", *args, cwd=tmp_path)
    plain = setsquare_process(*args, cwd=tmp_path)

    assert debugged.returncode == 1
    assert "\nTraceback (most recent call last):\n" in debugged.stderr  # after its logs
    assert debugged.stderr.splitlines()[-1] == (
        "setsquare.exceptions.ValidationError: " + not_in_git
    )
    assert (plain.returncode, plain.stderr) == (
        2,
        f"setsquare: error: {not_in_git}\n",
    )


@pytest.mark.parametrize(
    ("args", "option", "choices"),
    [
        (
            ["check", "--format", "xml"],
            "--format",
            "'human', 'json', 'github', 'sarif', 'junit'",
        ),
        (["conform", "--format", "sarif"], "--format", "'human', 'json', 'github'"),
        (["update", "--conflict", "both"], "--conflict", "'inline', 'rej'"),
    ],
)
def test_choice_when_unknown_then_one_line_naming_the_choices_and_exit_2(
    args: list[str], option: str, choices: str, cli: Cli
) -> None:
    """Every choice option is refused by the same parser, before anything runs."""
    result = cli(args)

    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        f"setsquare: error: Invalid value for '{option}': Value error, "
        + f"{args[-1]!r} is not one of {choices}.\n"
    )
