"""Read an existing project's metadata from pyproject.toml, setup.cfg or setup.py.

``setup.py`` is parsed, never executed: the arguments of its ``setup()`` call are
read when they are literals, names bound to literals, or sums of those; any other
argument that becomes metadata is reported as missing.
"""

import ast
import configparser
import re
from pathlib import Path
from typing import TYPE_CHECKING, Final, cast

from setsquare.adapters.canon_config import read_pyproject
from setsquare.domain.adoption import (
    METADATA_FIELDS,
    PROJECT_FIELDS,
    REQUIRED_FIELDS,
    Metadata,
    project_from_setup,
    test_requirements,
)
from setsquare.domain.toml_access import table

if TYPE_CHECKING:
    from collections.abc import Callable

_UNREADABLE: Final = object()
_README_NAMES: Final = ("README.md", "README.rst", "README.txt", "README")
_VERSION_FILES: Final = (
    "__init__.py",
    "__version__.py",
    "_version.py",
    "version.py",
    "__about__.py",
)
_NOT_PACKAGES: Final = frozenset(
    {
        "tests",
        "test",
        "docs",
        "doc",
        "build",
        "dist",
        "scripts",
        "examples",
        "example",
        "benchmarks",
        "bench",
        "tools",
        "bin",
    }
)


def _static_sum(node: ast.BinOp, names: dict[str, object]) -> object:
    """Evaluate ``a + b`` of two strings or two lists.

    Args:
        node: The expression.
        names: Module-level names bound to readable values.

    Returns:
        The value, or ``_UNREADABLE``.
    """
    left, right = _static(node.left, names), _static(node.right, names)
    if isinstance(left, str) and isinstance(right, str):
        return left + right
    if isinstance(left, list) and isinstance(right, list):
        return cast("list[object]", left) + cast("list[object]", right)
    return _UNREADABLE


def _static_dict(node: ast.Dict, names: dict[str, object]) -> object:
    """Evaluate a dict display with string keys.

    Args:
        node: The expression.
        names: Module-level names bound to readable values.

    Returns:
        The value, or ``_UNREADABLE``.
    """
    pairs = [
        (_static(key, names) if key is not None else _UNREADABLE, _static(value, names))
        for key, value in zip(node.keys, node.values, strict=True)
    ]
    if any(_UNREADABLE in pair or not isinstance(pair[0], str) for pair in pairs):
        return _UNREADABLE
    return dict(pairs)


def _static(node: ast.expr, names: dict[str, object]) -> object:
    """Evaluate an expression made of literals, known names and ``+``.

    Args:
        node: The expression.
        names: Module-level names bound to readable values.

    Returns:
        The value, or ``_UNREADABLE``.
    """
    if isinstance(node, ast.Name):
        return names.get(node.id, _UNREADABLE)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _static_sum(node, names)
    if isinstance(node, ast.Dict):
        return _static_dict(node, names)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        items = [_static(item, names) for item in node.elts]
        return _UNREADABLE if _UNREADABLE in items else items
    try:
        return cast("object", ast.literal_eval(node))
    except ValueError:
        return _UNREADABLE


def _module_names(tree: ast.Module) -> dict[str, object]:
    """Collect the module-level names bound once to readable values.

    Args:
        tree: The parsed ``setup.py``.

    Returns:
        Name → value.
    """
    names: dict[str, object] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name):
                value = _static(statement.value, names)
                if value is not _UNREADABLE:
                    names[target.id] = value
    return names


def _setup_call(tree: ast.Module) -> ast.Call | None:
    """Find the ``setup()`` call.

    Args:
        tree: The parsed ``setup.py``.

    Returns:
        The call, or None.
    """
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "setup":
                return node
    return None


def _from_setup_py(path: Path) -> tuple[dict[str, object], list[str]]:
    """Read the arguments of ``setup()`` without running ``setup.py``.

    Args:
        path: The file.

    Returns:
        The readable arguments, and the metadata arguments that are not readable
        (``**kwargs`` that cannot be read count as ``**``).
    """
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return {}, ["setup.py does not parse"]
    call = _setup_call(tree)
    if call is None:
        return {}, []
    names = _module_names(tree)
    found: dict[str, object] = {}
    missing: list[str] = []
    for keyword in call.keywords:
        value = _static(keyword.value, names)
        if keyword.arg is None:
            if isinstance(value, dict):
                found.update(cast("dict[str, object]", value))
            else:
                missing.append("**" + ast.unparse(keyword.value))
        elif value is not _UNREADABLE:
            found[keyword.arg] = value
        elif keyword.arg in PROJECT_FIELDS or keyword.arg == "tests_require":
            missing.append(keyword.arg)
    return found, missing


def _cfg_directive(project: Path, value: str, package_dirs: list[Path]) -> str | None:
    """Resolve ``file:`` and ``attr:`` directives of setup.cfg statically.

    Args:
        project: The project's root.
        value: The raw value.
        package_dirs: Where packages live (``package_dir``), root first.

    Returns:
        The resolved text, the value itself when it is no directive, or None.
    """
    kind, _, argument = value.partition(":")
    if kind.strip() == "file":
        path = project / argument.strip().split(",")[0].strip()
        return path.read_text(encoding="utf-8").strip() if path.is_file() else None
    if kind.strip() != "attr":
        return value
    module, _, attribute = argument.strip().rpartition(".")
    relative = module.replace(".", "/")
    for base in package_dirs:
        for candidate in (base / f"{relative}.py", base / relative / "__init__.py"):
            if candidate.is_file():
                return _literal_assignment(candidate, attribute)
    return None


def _literal_assignment(path: Path, name: str) -> str | None:
    """Read ``name = "literal"`` at module level of a Python file.

    Args:
        path: The file.
        name: The variable.

    Returns:
        The string, or None.
    """
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return None
    value = _module_names(tree).get(name)
    return value if isinstance(value, str) else None


def _from_setup_cfg(project: Path) -> dict[str, object]:
    """Read setup.cfg's ``[metadata]`` and ``[options]`` as ``setup()`` arguments.

    Args:
        project: The project's root.

    Returns:
        The arguments it declares.
    """
    parser = configparser.ConfigParser(interpolation=None)
    _ = parser.read(project / "setup.cfg", encoding="utf-8")
    options = dict(parser["options"]) if parser.has_section("options") else {}
    base = options.get("package_dir", "").replace("=", " ").split()
    package_dirs = [project / base[-1]] if base else []
    package_dirs.append(project)
    found: dict[str, object] = {}
    for key in METADATA_FIELDS:
        raw = parser.get("metadata", key, fallback=None)
        value = _cfg_directive(project, raw, package_dirs) if raw else None
        if value:
            found[key] = value
    for key in ("python_requires", "install_requires", "tests_require"):
        if options.get(key):
            found[key] = options[key]
    for key, section in (
        ("extras_require", "options.extras_require"),
        ("entry_points", "options.entry_points"),
    ):
        if parser.has_section(section):
            found[key] = dict(parser[section])
    return found


def _version_from_package(project: Path) -> str | None:
    """Read ``__version__ = "..."`` from the package, where setup.py usually finds it.

    Args:
        project: The project's root.

    Returns:
        The version, or None.
    """
    packages, is_src = find_packages(project)
    base = project / "src" if is_src else project
    for package in packages:
        for name in _VERSION_FILES:
            path = base / package / name
            if path.is_file() and (found := _literal_assignment(path, "__version__")):
                return found
    return None


def _readme(project: Path) -> str | None:
    """Find the project's README.

    Args:
        project: The project's root.

    Returns:
        Its file name, or None.
    """
    return next((name for name in _README_NAMES if (project / name).is_file()), None)


def _setup_metadata(
    project: Path, sources: list[str], given: dict[str, object]
) -> Metadata:
    """Build metadata from setup.cfg and setup.py.

    Args:
        project: The project's root.
        sources: The files present (``setup.cfg``, ``setup.py``).
        given: ``setup()`` arguments given by the user, which win.

    Returns:
        The metadata with every field that could not be read named.
    """
    setup: dict[str, object] = {}
    missing: list[str] = []
    readers: dict[str, Callable[[], tuple[dict[str, object], list[str]]]] = {
        "setup.cfg": lambda: (_from_setup_cfg(project), []),
        "setup.py": lambda: _from_setup_py(project / "setup.py"),
    }
    for source in sources:
        found, unreadable = readers[source]()
        setup.update(found)
        missing = [key for key in missing if key not in found] + unreadable
    setup.update(given)
    missing = [key for key in missing if key not in given]
    if not isinstance(setup.get("version"), str):
        version = _version_from_package(project)
        if version is not None:
            setup["version"] = version
            missing = [key for key in missing if key != "version"]
    missing += [
        key for key in REQUIRED_FIELDS if key not in setup and key not in missing
    ]
    project_table = project_from_setup(setup, _readme(project))
    return Metadata(
        project=project_table,
        source=" and ".join(sources) or None,
        missing=tuple(missing),
        test_requirements=test_requirements(project_table, setup),
    )


def read_metadata(project: Path, given: dict[str, object] | None = None) -> Metadata:
    """Read the project's metadata: ``[project]``, else setup.cfg and setup.py.

    Args:
        project: The project's root.
        given: ``setup()`` arguments given by the user (``--data version=1.0``),
            used instead of what setup.cfg/setup.py say.

    Returns:
        The metadata (empty when no file describes the project).
    """
    declared = table(read_pyproject(project), "project")
    if isinstance(declared.get("name"), str):
        return Metadata(
            project=declared,
            source="pyproject.toml",
            test_requirements=test_requirements(declared, {}),
        )
    sources = [name for name in ("setup.cfg", "setup.py") if (project / name).is_file()]
    if not sources and not given:
        return Metadata(missing=REQUIRED_FIELDS)
    return _setup_metadata(project, sources, given or {})


_PYTEST_LINES: Final = frozenset({"markers", "filterwarnings"})
_PYTEST_ARGS: Final = frozenset(
    {
        "testpaths",
        "python_files",
        "python_classes",
        "python_functions",
        "norecursedirs",
        "pythonpath",
        "required_plugins",
        "usefixtures",
    }
)


def read_pytest_ini(project: Path) -> dict[str, object] | None:
    """Read pytest's settings from setup.cfg ``[tool:pytest]`` or tox.ini ``[pytest]``.

    A ``[tool.pytest.ini_options]`` table takes precedence over both, so adopting
    carries them over into it.

    Args:
        project: The project's root.

    Returns:
        The settings, TOML-shaped (lists where pytest takes lists), or None.
    """
    for name, section in (("tox.ini", "pytest"), ("setup.cfg", "tool:pytest")):
        parser = configparser.ConfigParser(interpolation=None)
        _ = parser.read(project / name, encoding="utf-8")
        if not parser.has_section(section):
            continue
        settings: dict[str, object] = {}
        for key, value in parser[section].items():
            if key in _PYTEST_LINES:
                settings[key] = [
                    line.strip() for line in value.splitlines() if line.strip()
                ]
            elif key in _PYTEST_ARGS:
                settings[key] = value.split()
            else:
                settings[key] = value.strip()
        return settings
    return None


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
    flat = sorted(
        p.parent.name
        for p in project.glob("*/__init__.py")
        if p.parent.name not in _NOT_PACKAGES
        and re.fullmatch(r"[A-Za-z_]\w*", p.parent.name)
    )
    return flat, False


__all__ = ["find_packages", "read_metadata", "read_pytest_ini"]
