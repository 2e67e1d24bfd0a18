"""The one way tests run ``setsquare``: in-process through ``main()``, as a user does.

Tests take the ``cli`` fixture (``tests/conftest.py``); nothing else calls ``main()``
or ``app``, so every test sees the exit code and the error line a user sees.
"""

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest

from setsquare.api.cli import main


@dataclass(frozen=True, slots=True)
class CliResult:
    """The outcome of one in-process CLI run.

    Attributes:
        code: The exit code.
        stdout: What it printed on stdout.
        stderr: What it printed on stderr.
    """

    code: int
    stdout: str
    stderr: str

    @property
    def error(self) -> str:
        """The first line on stderr (``setsquare: error: ...``), or ``""``.

        Returns:
            The line, without its newline.
        """
        return next(iter(self.stderr.splitlines()), "")


class Cli(Protocol):
    """The ``cli`` fixture: runs ``setsquare`` through ``main()``."""

    def __call__(self, args: list[str], cwd: Path | None = None) -> CliResult:
        """Run one command.

        Args:
            args: The arguments after ``setsquare``.
            cwd: The working directory (default: the test's ``tmp_path``).

        Returns:
            Its exit code and output.
        """
        ...


def run_main(
    args: list[str],
    cwd: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> CliResult:
    """Run ``setsquare`` in-process through ``main()``; the ``cli`` fixture's body.

    Args:
        args: The arguments after ``setsquare``.
        cwd: The working directory.
        monkeypatch: pytest's patcher (argv and cwd are restored afterwards).
        capsys: pytest's output capture.

    Returns:
        The exit code and output.
    """
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "argv", ["setsquare", *args])
    _ = capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    code = exited.value.code
    assert isinstance(code, int), f"main() exited with {code!r}, not an exit code"
    return CliResult(code, captured.out, captured.err)


__all__ = ["Cli", "CliResult", "run_main"]
