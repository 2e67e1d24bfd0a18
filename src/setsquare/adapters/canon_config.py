"""The tools' configuration for one check: the project's own, or the canon's.

With ``--canon`` the canonical configuration is written to a temporary directory
and handed to ruff (``--config <tmp>/pyproject.toml``; ruff resolves its relative
paths against the working directory, the project root) and to basedpyright
(``--project <tmp>/pyrightconfig.json`` with absolute ``include``/``extraPaths``),
so the project's files are never touched.
"""

import json
import re
import tempfile
import tomllib
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import cast

from setsquare.adapters.canon import load_canon
from setsquare.exceptions import ConfigurationError

_MINIMUM_PYTHON = re.compile(r">=\s*(\d+)\.(\d+)")


@dataclass(frozen=True, slots=True)
class ToolArguments:
    """How to point the tools at their configuration.

    Attributes:
        ruff_args: Extra arguments for every ruff call.
        pyright_project: A configuration file for basedpyright, or None for the
            project's own.
        identity: Text that changes whenever the chosen configuration changes
            (part of the result cache key).
    """

    ruff_args: tuple[str, ...] = ()
    pyright_project: Path | None = None
    identity: str = "project"


def read_pyproject(root: Path) -> dict[str, object]:
    """Parse the project's ``pyproject.toml``.

    Args:
        root: The project root.

    Returns:
        Its content, or an empty table when there is none.

    Raises:
        ConfigurationError: When it is not valid TOML.
    """
    path = root / "pyproject.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        msg = f"{path} is not valid TOML: {error}"
        raise ConfigurationError(msg) from error


def _python_version(pyproject: dict[str, object]) -> tuple[int, int] | None:
    """Read the lowest Python version ``requires-python`` allows.

    Args:
        pyproject: The parsed ``pyproject.toml``.

    Returns:
        ``(3, 12)`` for ``>=3.12``, or None when unstated.
    """
    project = pyproject.get("project")
    if not isinstance(project, dict):
        return None
    requires = cast("dict[str, object]", project).get("requires-python")
    match = _MINIMUM_PYTHON.search(requires) if isinstance(requires, str) else None
    return (int(match.group(1)), int(match.group(2))) if match else None


def _pyright_settings(root: Path, version: tuple[int, int] | None) -> dict[str, object]:
    """Build a ``pyrightconfig.json`` from the canon, anchored at the project.

    Args:
        root: The project root.
        version: The project's Python version, when known.

    Returns:
        The settings, with absolute ``include`` and ``extraPaths``.
    """
    tool = cast("dict[str, object]", load_canon().get("tool", {}))
    settings = dict(cast("dict[str, object]", tool.get("basedpyright", {})))
    include = settings.get("include", [])
    entries = cast("list[object]", include) if isinstance(include, list) else []
    present = [
        str(root / str(entry)) for entry in entries if (root / str(entry)).exists()
    ]
    settings["include"] = present or [str(root)]
    settings["extraPaths"] = [str(root / "src")] if (root / "src").is_dir() else []
    if version is not None:
        settings["pythonVersion"] = f"{version[0]}.{version[1]}"
    return settings


@contextmanager
def tool_arguments(root: Path, *, canon: bool) -> Generator[ToolArguments]:
    """Provide the configuration arguments for one check or fix.

    Args:
        root: The project root.
        canon: Use the canonical configuration instead of the project's.

    Yields:
        The configuration; temporary files live until the block ends.
    """
    if not canon:
        yield ToolArguments()
        return
    version = _python_version(read_pyproject(root))
    canon_text = files("setsquare").joinpath("canon.toml").read_text(encoding="utf-8")
    settings = _pyright_settings(root, version)
    with tempfile.TemporaryDirectory(prefix="setsquare-canon-") as folder:
        ruff_file = Path(folder) / "pyproject.toml"
        _ = ruff_file.write_text(canon_text, encoding="utf-8")
        pyright_file = Path(folder) / "pyrightconfig.json"
        _ = pyright_file.write_text(json.dumps(settings, indent=2), encoding="utf-8")
        ruff_args = ["--config", str(ruff_file)]
        if version is not None:
            ruff_args += ["--config", f'target-version = "py{version[0]}{version[1]}"']
        identity = json.dumps([canon_text, settings, ruff_args[2:]], sort_keys=True)
        yield ToolArguments(tuple(ruff_args), pyright_file, identity)


__all__ = ["ToolArguments", "read_pyproject", "tool_arguments"]
