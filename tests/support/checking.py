"""Helpers for the tests of ``setsquare check``/``fix``: fixture projects and the CLI."""

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import cast

import pytest

from setsquare.api.cli import main

FIXTURES = Path(__file__).parent.parent / "fixtures" / "check"
SARIF_SCHEMA = FIXTURES / "sarif-schema-2.1.0.json"
VENV_BIN = Path(sys.executable).parent

PROJECT_TABLE = """[project]
name = "violations"
version = "0.1.0"
requires-python = ">=3.13"

"""


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


def canon_pyproject(table: str = PROJECT_TABLE) -> str:
    """Return a ``pyproject.toml``: a project table followed by the canon.

    Args:
        table: The ``[project]`` table.

    Returns:
        The file's content.
    """
    canon = files("setsquare").joinpath("canon.toml").read_text(encoding="utf-8")
    return table + canon


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


def run_cli(
    args: list[str],
    cwd: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> CliResult:
    """Run ``setsquare`` in-process, as ``main()`` does for a user.

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
    return CliResult(code if isinstance(code, int) else 1, captured.out, captured.err)


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


def items(value: object) -> list[dict[str, object]]:
    """View a JSON list of objects.

    Args:
        value: A parsed JSON list.

    Returns:
        The objects.
    """
    return cast("list[dict[str, object]]", value)


__all__ = [
    "FIXTURES",
    "SARIF_SCHEMA",
    "VENV_BIN",
    "CliResult",
    "canon_pyproject",
    "copy_violations",
    "items",
    "loads",
    "raw_json",
    "run_cli",
    "write_tree",
]
