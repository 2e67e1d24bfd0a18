"""The ``pyproject.toml`` of an adopted project: the project's own, plus the canon's tables.

An existing file keeps ``[project]``, its build system and every table the canon
does not own (``domain/pyproject_merge.py`` merges the canon's in). Without one, the
file written declares the metadata read from setup.cfg/setup.py and builds with
setuptools, which keeps reading the project's own packaging configuration there, so
the wheel holds exactly the modules it held; a project with no packaging files at
all is built by ``uv_build`` from where its package lives.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Final, cast

import tomlkit

from setsquare.adapters.project_metadata import read_pytest_ini
from setsquare.adapters.ruff_catalogue import rule_catalogue
from setsquare.domain.adoption import Metadata
from setsquare.domain.pyproject_merge import (
    Layout,
    adapt_canon,
    merge_canon,
    merge_groups,
    preserve_replaced,
    pytest_options,
    requirement_name,
)
from setsquare.domain.toml_edit import TomlTable, ensure_table, parse, plain, sub_table

SETUPTOOLS: Final = {
    "requires": ["setuptools>=61"],
    "build-backend": "setuptools.build_meta",
}
_MODULE_DEPENDENCIES: Final = ("pydantic>=2.11", "pydantic-settings>=2.16")
_MODERN_PYTHON: Final = (3, 12)


@dataclass(frozen=True, slots=True)
class PyprojectPlan:
    """A project's ``pyproject.toml`` before and after adopting.

    Attributes:
        path: The file.
        original: Its text before adopting ("" when there was none).
        document: The merged document, still open to the debt's settings.
        own_pytest: The project's own pytest options before the canon's were merged
            in (from ``pyproject.toml``, ``setup.cfg``, ``tox.ini``...).
    """

    path: Path
    original: str
    document: tomlkit.TOMLDocument
    own_pytest: dict[str, object]


def _inline(mapping: dict[str, object]) -> TomlTable:
    """Make an inline table (``{ name = "..." }``).

    Args:
        mapping: Its keys and values.

    Returns:
        The inline table.
    """
    inline = cast("TomlTable", tomlkit.inline_table())
    for key, value in mapping.items():
        inline[key] = value
    return inline


def project_table(fields: dict[str, object]) -> TomlTable:
    """Lay out a composed ``[project]`` table the way people write it.

    Lists of several items one per line, authors and the license as inline
    tables; URLs, scripts, extras and entry points as sub-tables.

    Args:
        fields: The ``[project]`` fields.

    Returns:
        The table.
    """
    result = cast("TomlTable", tomlkit.table())
    for key, value in fields.items():
        if isinstance(value, list):
            items = [
                _inline(cast("dict[str, object]", item))
                if isinstance(item, dict)
                else item
                for item in cast("list[object]", value)
            ]
            array = tomlkit.array()
            cast("list[object]", array).extend(items)
            result[key] = array.multiline(multiline=len(items) > 1)
        elif key == "license" and isinstance(value, dict):
            result[key] = _inline(cast("dict[str, object]", value))
        else:
            result[key] = value
    return result


def _build_system(document: TomlTable, project: Path, layout: Layout) -> None:
    """Declare how to build the project when its file does not say.

    Args:
        document: The document (changed in place).
        project: The project.
        layout: Where its package lives.
    """
    if "build-system" in document:
        return
    if (project / "setup.py").is_file() or (project / "setup.cfg").is_file():
        document["build-system"] = SETUPTOOLS
        return
    document["build-system"] = {
        "requires": ["uv_build>=0.13.9,<0.14"],
        "build-backend": "uv_build",
    }
    backend = ensure_table(document, "tool", "uv", "build-backend")
    backend["module-name"] = layout.package_dir.rpartition("/")[2]
    backend["module-root"] = layout.source_root.strip(".")


def _pytest_settings(document: TomlTable, project: Path) -> None:
    """Carry pytest's settings from setup.cfg/tox.ini into ``[tool.pytest.ini_options]``.

    Args:
        document: The document (changed in place).
        project: The project.
    """
    tool = sub_table(document, "tool")
    pytest = sub_table(tool, "pytest") if tool is not None else None
    if pytest is not None and "ini_options" in pytest:
        return
    settings = read_pytest_ini(project)
    if settings:
        ensure_table(document, "tool", "pytest")["ini_options"] = settings


def _python_environments(document: TomlTable, layout: Layout) -> None:
    """Resolve the lock for Python 3.12+ only, where the canon's tools run.

    The project's ``requires-python`` (what it ships) is unchanged.

    Args:
        document: The document (changed in place).
        layout: The layout, with the oldest Python the project supports.
    """
    if layout.python is None or layout.python >= _MODERN_PYTHON:
        return
    uv = ensure_table(document, "tool", "uv")
    if "environments" not in uv:
        uv["environments"] = ["python_full_version >= '3.12'"]


def _add_dependencies(document: TomlTable, requirements: tuple[str, ...]) -> None:
    """Add runtime dependencies the project does not declare yet.

    Args:
        document: The document (changed in place).
        requirements: The requirements.
    """
    project = ensure_table(document, "project")
    current = plain(project.get("dependencies"))
    items = cast("list[object]", current) if isinstance(current, list) else []
    present = {requirement_name(item) for item in items}
    missing = [item for item in requirements if requirement_name(item) not in present]
    if not missing:
        return
    dependencies = project.get("dependencies")
    if isinstance(dependencies, list):
        declared = cast("list[object]", dependencies)
        declared.extend(missing)
    else:
        project["dependencies"] = missing


def plan_pyproject(
    project: Path,
    rendered: Path,
    metadata: Metadata,
    layout: Layout,
    *,
    modules: bool,
) -> PyprojectPlan:
    """Merge the canon into the project's ``pyproject.toml``, or compose one.

    Args:
        project: The project.
        rendered: The template's render of the project's answers.
        metadata: The project's metadata.
        layout: Where its code lives.
        modules: The canonical modules are added (their dependencies come too).

    Returns:
        The plan; nothing is written yet.
    """
    path = project / "pyproject.toml"
    original = path.read_text(encoding="utf-8") if path.is_file() else ""
    document = parse(original)
    if "project" not in document:
        document["project"] = project_table(metadata.project)
    _build_system(document, project, layout)
    _pytest_settings(document, project)
    options = pytest_options(document)  # copied before the canon is merged into it
    own_pytest = cast(
        "dict[str, object]", plain(options) if options is not None else {}
    )
    rendered_file = rendered / "pyproject.toml"
    canon = parse(
        rendered_file.read_text(encoding="utf-8") if rendered_file.is_file() else ""
    )
    adapt_canon(canon, layout)
    merge_canon(document, canon, rule_catalogue())
    merge_groups(document, canon, metadata.test_requirements)
    _python_environments(document, layout)
    if modules:
        _add_dependencies(document, _MODULE_DEPENDENCIES)
    return PyprojectPlan(path, original, document, own_pytest)


def write_pyproject(plan: PyprojectPlan) -> None:
    """Write the merged file; lines of the original it replaced stay as comments.

    Args:
        plan: The plan.
    """
    merged = plan.document.as_string()
    text = preserve_replaced(plan.original, merged) if plan.original else merged
    _ = plan.path.write_text(text, encoding="utf-8")


__all__ = ["SETUPTOOLS", "PyprojectPlan", "plan_pyproject", "write_pyproject"]
