"""Read an existing project's metadata from pyproject.toml, setup.cfg or setup.py."""

import ast
import configparser
import tomllib
from pathlib import Path

from setsquare.domain.adoption import Metadata
from setsquare.domain.toml_access import table
from setsquare.exceptions import ConfigurationError


def _from_pyproject(path: Path) -> Metadata | None:
    """Read ``[project]`` of a ``pyproject.toml``.

    Args:
        path: The file.

    Returns:
        The metadata, or None when the file has no ``[project]`` name.

    Raises:
        ConfigurationError: When the file is not valid TOML.
    """
    try:
        project = table(tomllib.loads(path.read_text(encoding="utf-8")), "project")
    except tomllib.TOMLDecodeError as error:
        msg = f"{path.name} is not valid TOML: {error}"
        raise ConfigurationError(msg) from error
    if not isinstance(project.get("name"), str):
        return None
    authors = project.get("authors")
    first = table(authors[0]) if isinstance(authors, list) and authors else {}  # pyright: ignore[reportUnknownArgumentType] - TOML list items are untyped
    return Metadata(
        name=str(project["name"]),
        description=_text(project.get("description")),
        author_name=_text(first.get("name")),
        author_email=_text(first.get("email")),
        requires_python=_text(project.get("requires-python")),
    )


def _text(value: object) -> str | None:
    """Return ``value`` when it is a non-empty string.

    Args:
        value: Any parsed value.

    Returns:
        The string, or None.
    """
    return value.strip() if isinstance(value, str) and value.strip() else None


def _from_setup_cfg(path: Path) -> Metadata | None:
    """Read ``[metadata]`` and ``[options]`` of a ``setup.cfg``.

    Args:
        path: The file.

    Returns:
        The metadata, or None when it names no project.
    """
    parser = configparser.ConfigParser(interpolation=None)
    _ = parser.read(path, encoding="utf-8")
    name = parser.get("metadata", "name", fallback=None)
    if not name:
        return None
    return Metadata(
        name=name,
        description=parser.get("metadata", "description", fallback=None),
        author_name=parser.get("metadata", "author", fallback=None),
        author_email=parser.get("metadata", "author_email", fallback=None),
        requires_python=parser.get("options", "python_requires", fallback=None),
    )


def _from_setup_py(path: Path) -> Metadata | None:
    """Read the literal keyword arguments of the ``setup()`` call in ``setup.py``.

    The file is parsed, never executed.

    Args:
        path: The file.

    Returns:
        The metadata, or None when no ``setup(name=...)`` call is found.
    """
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) == "setup"
        ):
            values = {
                item.arg: item.value.value
                for item in node.keywords
                if item.arg
                and isinstance(item.value, ast.Constant)
                and isinstance(item.value.value, str)
            }
            if "name" in values:
                return Metadata(
                    name=values["name"],
                    description=values.get("description"),
                    author_name=values.get("author"),
                    author_email=values.get("author_email"),
                    requires_python=values.get("python_requires"),
                )
    return None


def read_metadata(project: Path) -> Metadata:
    """Read the first metadata source that names the project.

    Args:
        project: The project's root.

    Returns:
        The metadata (empty when no file names the project).
    """
    readers = (
        ("pyproject.toml", _from_pyproject),
        ("setup.cfg", _from_setup_cfg),
        ("setup.py", _from_setup_py),
    )
    for name, reader in readers:
        if (project / name).is_file() and (found := reader(project / name)) is not None:
            return found
    return Metadata()


def find_packages(project: Path) -> tuple[list[str], bool]:
    """Find the top-level import packages, and whether they use the src layout.

    Args:
        project: The project's root.

    Returns:
        The package names and True for ``src/`` layout, False for a flat layout.
    """
    source = project / "src"
    if source.is_dir():
        src_packages = sorted(p.parent.name for p in source.glob("*/__init__.py"))
        if src_packages:
            return src_packages, True
    skipped = {"tests", "test", "docs", "build", "dist", "scripts"}
    flat = sorted(
        p.parent.name
        for p in project.glob("*/__init__.py")
        if p.parent.name not in skipped
    )
    return flat, False


__all__ = ["find_packages", "read_metadata"]
