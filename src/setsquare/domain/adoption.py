"""Infer template answers from an existing project's metadata (pure).

Sources, in order of preference: ``pyproject.toml`` ``[project]``, ``setup.cfg``
``[metadata]``/``[options]``, and the literal keyword arguments of ``setup()`` in
``setup.py`` — each already parsed into a flat mapping by the caller.
"""

import keyword
import re
from dataclasses import dataclass

from packaging.specifiers import InvalidSpecifier, SpecifierSet

SUPPORTED_PYTHONS = ("3.12", "3.13")
DEFAULT_PYTHON = "3.13"


@dataclass(frozen=True, slots=True)
class Metadata:
    """Project metadata found in one of the supported files.

    Attributes:
        name: The distribution name.
        description: The one-line summary.
        author_name: The first author's name.
        author_email: The first author's e-mail.
        requires_python: The ``requires-python`` specifier.
    """

    name: str | None = None
    description: str | None = None
    author_name: str | None = None
    author_email: str | None = None
    requires_python: str | None = None


def python_version(requires_python: str | None) -> str:
    """Choose the template's Python version from a ``requires-python`` specifier.

    The oldest supported version the specifier admits wins, so the adopted project
    keeps running where it ran; a specifier admitting none of them gets the default.

    Args:
        requires_python: The specifier, e.g. ``>=3.12``.

    Returns:
        ``3.12`` or ``3.13``.
    """
    if not requires_python:
        return DEFAULT_PYTHON
    try:
        specifier = SpecifierSet(requires_python)
    except InvalidSpecifier:
        return DEFAULT_PYTHON
    return next(
        (version for version in SUPPORTED_PYTHONS if f"{version}.0" in specifier),
        DEFAULT_PYTHON,
    )


def package_from_name(name: str) -> str:
    """Derive an import package name from a distribution name.

    Args:
        name: The distribution name, e.g. ``My-Project``.

    Returns:
        A lowercase identifier, e.g. ``my_project``.
    """
    package = re.sub(r"[^0-9a-zA-Z]+", "_", name).strip("_").lower()
    if not package or package[0].isdigit() or keyword.iskeyword(package):
        package = f"pkg_{package}"
    return package


def infer_answers(
    metadata: Metadata, packages: list[str], fallback_name: str
) -> dict[str, str]:
    """Build template answers from metadata and the packages found on disk.

    Args:
        metadata: What the project's metadata files say.
        packages: Top-level import packages found (``src/<pkg>`` or ``<pkg>``).
        fallback_name: The project directory's name, when no metadata names it.

    Returns:
        The answers ``copier`` receives; absent facts are left to the template.
    """
    name = metadata.name or fallback_name
    wanted = package_from_name(name)
    answers = {
        "project_name": name,
        "package_name": wanted
        if wanted in packages or not packages
        else sorted(packages)[0],
        "python_version": python_version(metadata.requires_python),
    }
    optional = {
        "description": metadata.description,
        "author_name": metadata.author_name,
        "author_email": metadata.author_email,
    }
    answers.update({key: value for key, value in optional.items() if value})
    return answers


__all__ = [
    "DEFAULT_PYTHON",
    "SUPPORTED_PYTHONS",
    "Metadata",
    "infer_answers",
    "package_from_name",
    "python_version",
]
