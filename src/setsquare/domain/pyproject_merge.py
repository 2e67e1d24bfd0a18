"""Merge the canon's tool tables into an existing ``pyproject.toml`` (pure, on tomlkit).

The project keeps ``[project]``, its build system and every table the canon does not
own. In the canon's tables (``[tool.ruff]``, ``[tool.basedpyright]``,
``[tool.pytest.ini_options]``, ``[tool.coverage]``) a missing setting takes the
canon's value; a setting the project has stays when it is at least as strict (a
lower complexity limit, more rules, a higher coverage threshold) and gives way to the
canon's otherwise; lists of paths, patterns and options are united. A line the merge
replaces stays in the file as a comment, so nothing the project wrote is lost.
"""

import difflib
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, cast

import tomlkit
from tomlkit.exceptions import ParseError

from setsquare.domain.ruff_selection import (
    RuffRule,
    Selection,
    enabled_codes,
    ignored_by,
)
from setsquare.domain.toml_access import strings
from setsquare.domain.toml_edit import TomlTable, ensure_table, plain, sub_table

CANON_TABLES: Final = (
    ("tool", "ruff"),
    ("tool", "basedpyright"),
    ("tool", "pytest"),
    ("tool", "coverage"),
)
REPLACED_MARK: Final = "# setsquare adopt replaced (looser than the canon):"
_LOWER_IS_STRICTER: Final = re.compile(r"^(line-length|max-[a-z-]+)$")
_HIGHER_IS_STRICTER: Final = frozenset({"fail_under"})
_WEAK_LEVELS: Final = frozenset({"none", "information", "hint", "false"})
_REQUIREMENT_NAME: Final = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_FAIL_UNDER_OPTION: Final = re.compile(r"^--cov-fail-under[= ]")
_RUFF_OLDEST_MINOR: Final = 7  # ruff's oldest target-version is py37


@dataclass(frozen=True, slots=True)
class Layout:
    """Where an adopted project keeps its code.

    Attributes:
        package_dir: The package's directory (``src/pkg`` or ``pkg``).
        source_root: The directory imports start from (``src`` or ``.``).
        tests: The tests' directory, if there is one.
        python: The oldest Python the project supports, when it says.
    """

    package_dir: str
    source_root: str
    tests: str | None
    python: tuple[int, int] | None


def _lists(value: object) -> list[object]:
    """Return a TOML array's items (anything else: none).

    Args:
        value: A value.

    Returns:
        The items.
    """
    return list(cast("list[object]", value)) if isinstance(value, list) else []


def adapt_canon(canon: TomlTable, layout: Layout) -> None:
    """Point the rendered canon's paths and Python version at the project's layout.

    Args:
        canon: The template's rendered ``pyproject.toml`` (changed in place).
        layout: The project's layout.
    """
    roots = [layout.source_root, *([layout.tests] if layout.tests else [])]
    ruff = ensure_table(canon, "tool", "ruff")
    ruff["src"] = roots
    pyright = ensure_table(canon, "tool", "basedpyright")
    pyright["include"] = [layout.package_dir, *roots[1:]]
    pytest = ensure_table(canon, "tool", "pytest")
    pytest["pythonpath"] = [layout.source_root]
    if "testpaths" in pytest:
        pytest["testpaths"] = roots[1:] or ["."]
    pytest["addopts"] = [
        f"--cov={layout.package_dir}" if option == "--cov=src" else option
        for option in strings(plain(pytest.get("addopts")))
    ]
    if layout.python is not None:
        major, minor = layout.python
        ruff["target-version"] = f"py{major}{max(minor, _RUFF_OLDEST_MINOR)}"
        pyright["pythonVersion"] = f"{major}.{minor}"


def _selection(lint: TomlTable) -> Selection:
    """Read the rule selection of a merged lint table.

    Args:
        lint: The effective lint table.

    Returns:
        Its selectors.
    """
    return Selection(
        select=tuple(strings(plain(lint.get("select"))) or ["E4", "E7", "E9", "F"]),
        extend_select=tuple(strings(plain(lint.get("extend-select")))),
        ignore=tuple(strings(plain(lint.get("ignore")))),
        preview=lint.get("preview") is True,
        explicit_preview_rules=lint.get("explicit-preview-rules") is True,
    )


def _merge_rules(
    ruff: TomlTable, canon_lint: TomlTable, catalogue: list[RuffRule]
) -> None:
    """Enable every canon rule in the project's ruff table; keep its extra rules.

    The project's ``select`` stays; canon selectors it lacks go to
    ``extend-select``. Ignores that turn off a canon rule are dropped; the canon's
    own ignores are added only for rules the project did not enable itself.

    Args:
        ruff: The project's ``[tool.ruff]`` (changed in place).
        canon_lint: The canon's ``[tool.ruff.lint]``.
        catalogue: Every rule ruff knows.
    """
    lint = ensure_table(ruff, "lint")
    owner = lint if "select" in lint or "select" not in ruff else ruff
    project_before = enabled_codes(catalogue, _selection({**ruff, **lint}))
    canon_selectors = strings(plain(canon_lint.get("select"))) + strings(
        plain(canon_lint.get("extend-select"))
    )
    if "select" not in owner:
        lint["select"] = canon_lint.get("select")
        canon_selectors = strings(plain(canon_lint.get("extend-select")))
    chosen = strings(plain(owner.get("select"))) + strings(
        plain(lint.get("extend-select"))
    )
    extra = [s for s in canon_selectors if s not in chosen and "ALL" not in chosen]
    if extra:
        lint["extend-select"] = strings(plain(lint.get("extend-select"))) + extra
    wanted = enabled_codes(catalogue, _selection(canon_lint))
    ignore_owner = ruff if "ignore" in ruff and "ignore" not in lint else lint
    kept = [
        selector
        for selector in strings(plain(ignore_owner.get("ignore")))
        if not ignored_by([selector], wanted)
    ]
    kept += [
        selector
        for selector in strings(plain(canon_lint.get("ignore")))
        if selector not in kept and not ignored_by([selector], project_before)
    ]
    if kept != strings(plain(ignore_owner.get("ignore"))):
        ignore_owner["ignore"] = kept


def _merge_per_file(
    lint: TomlTable, canon_lint: TomlTable, catalogue: list[RuffRule]
) -> None:
    """Drop per-file ignores of canon rules the canon keeps on there; add the canon's.

    Args:
        lint: The project's ``[tool.ruff.lint]`` (changed in place).
        canon_lint: The canon's.
        catalogue: Every rule ruff knows.
    """
    canon_ignores = sub_table(canon_lint, "per-file-ignores") or {}
    project = sub_table(lint, "per-file-ignores")
    if project is None:
        lint["per-file-ignores"] = canon_ignores
        return
    wanted = enabled_codes(catalogue, _selection(canon_lint))
    for pattern, selectors in list(project.items()):
        allowed = set(strings(plain(canon_ignores.get(pattern))))
        kept = [
            s
            for s in strings(plain(selectors))
            if s in allowed or not ignored_by([s], wanted)
        ]
        if kept != strings(plain(selectors)):
            project[pattern] = kept
    for pattern, selectors in canon_ignores.items():
        if pattern not in project:
            project[pattern] = selectors


def _option_name(option: str) -> str:
    """Return a command-line option's name (``--cov=src`` → ``--cov``).

    Args:
        option: The option.

    Returns:
        The part before ``=``.
    """
    return option.partition("=")[0]


def _merge_addopts(project: object, canon: object) -> object:
    """Add the canon's pytest options the project's ``addopts`` lacks.

    Args:
        project: The project's ``addopts`` (a string or a list).
        canon: The canon's (a list).

    Returns:
        The merged value, of the project's type.
    """
    own = shlex.split(project) if isinstance(project, str) else strings(plain(project))
    names = {_option_name(option) for option in own}
    extra = [
        option for option in strings(plain(canon)) if _option_name(option) not in names
    ]
    if not extra:
        return project
    if isinstance(project, str):
        return " ".join([project.strip(), *extra])
    return [*own, *extra]


def _union(project: object, canon: object, key: str) -> object:
    """Unite two lists, keeping the project's order; markers by name.

    Args:
        project: The project's list.
        canon: The canon's list.
        key: The setting's name.

    Returns:
        The united list, or the project's value when nothing is missing.
    """
    own = _lists(plain(project))
    if key == "markers":
        names = {str(item).partition(":")[0].strip() for item in own}
        extra = [
            i
            for i in _lists(plain(canon))
            if str(i).partition(":")[0].strip() not in names
        ]
    else:
        extra = [item for item in _lists(plain(canon)) if item not in own]
    return [*own, *extra] if extra else project


def _decide(key: str, project: object, canon: object) -> object:
    """Choose between the project's value and the canon's for one setting.

    Args:
        key: The setting's name.
        project: The project's value.
        canon: The canon's value.

    Returns:
        The value to keep (the project's object itself when it stays).
    """
    if key == "addopts":
        return _merge_addopts(project, canon)
    if isinstance(plain(canon), list):
        return _union(project, canon, key)
    own, theirs = plain(project), plain(canon)
    both_numbers = all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in (own, theirs)
    )
    if both_numbers and _LOWER_IS_STRICTER.match(key):
        return project if cast("float", own) <= cast("float", theirs) else canon
    if both_numbers and key in _HIGHER_IS_STRICTER:
        return project if cast("float", own) >= cast("float", theirs) else canon
    return project if own == theirs else canon


def _merge_table(project: TomlTable, canon: TomlTable) -> None:
    """Merge one canon table into the project's, recursively.

    Args:
        project: The project's table (changed in place).
        canon: The canon's table.
    """
    for key, value in canon.items():
        if key not in project:
            project[key] = value
            continue
        inner, canon_inner = sub_table(project, key), sub_table(canon, key)
        if inner is not None and canon_inner is not None:
            _merge_table(inner, canon_inner)
            continue
        chosen = _decide(key, project[key], value)
        if chosen is not project[key]:
            project[key] = chosen


def _merge_ruff(ruff: TomlTable, canon: TomlTable, catalogue: list[RuffRule]) -> None:
    """Merge the canon's ``[tool.ruff]`` into the project's.

    Args:
        ruff: The project's table (changed in place).
        canon: The canon's.
        catalogue: Every rule ruff knows.
    """
    canon_lint = sub_table(canon, "lint") or {}
    _merge_rules(ruff, canon_lint, catalogue)
    lint = ensure_table(ruff, "lint")
    _merge_per_file(lint, canon_lint, catalogue)
    rest = {
        key: value
        for key, value in canon_lint.items()
        if key not in {"select", "extend-select", "ignore", "per-file-ignores"}
    }
    _merge_table(lint, cast("TomlTable", rest))
    _merge_table(
        ruff, cast("TomlTable", {k: v for k, v in canon.items() if k != "lint"})
    )


def _drop_weak_reports(pyright: TomlTable) -> None:
    """Remove basedpyright settings that silence diagnostics the canon reports.

    Args:
        pyright: The project's ``[tool.basedpyright]`` (changed in place).
    """
    for key in list(pyright):
        value = str(plain(pyright[key])).lower()
        if (key.startswith("report") and value in _WEAK_LEVELS) or key == "ignore":
            del pyright[key]


def merge_canon(
    project: TomlTable, canon: TomlTable, catalogue: list[RuffRule]
) -> None:
    """Merge every canon table of the rendered template into the project's file.

    Args:
        project: The project's ``pyproject.toml`` (changed in place).
        canon: The template's rendered ``pyproject.toml``, adapted to the layout.
        catalogue: Every rule ruff knows.
    """
    for path in CANON_TABLES:
        canon_table = _nested(canon, path)
        if canon_table is None:
            continue
        target = _nested(project, path)
        if path[-1] == "pytest" and target is not None:
            # pytest reads [tool.pytest.ini_options] when the project has it, else
            # the native table; the canon's options go where pytest reads them.
            target = sub_table(target, "ini_options") or target
        if target is None:
            ensure_table(project, *path[:-1], parent=True)[path[-1]] = canon_table
        elif path[-1] == "ruff":
            _merge_ruff(target, canon_table, catalogue)
        else:
            if path[-1] == "basedpyright":
                _drop_weak_reports(target)
            _merge_table(target, canon_table)


def _nested(container: TomlTable, path: Iterable[str]) -> TomlTable | None:
    """Return the table at ``path``, if every step is a table.

    Args:
        container: A document or table.
        path: Table names.

    Returns:
        The table, or None.
    """
    current: TomlTable | None = container
    for key in path:
        current = sub_table(current, key) if current is not None else None
    return current


def requirement_name(requirement: object) -> str:
    """Return a requirement's normalised name, or ``group:<name>`` for an include.

    Args:
        requirement: A dependency-group entry.

    Returns:
        The key two entries for the same thing share.
    """
    if isinstance(requirement, dict):
        group = cast("dict[str, object]", requirement).get("include-group")
        return f"group:{group}"
    found = _REQUIREMENT_NAME.match(str(requirement))
    name = found.group(1) if found else str(requirement)
    return re.sub(r"[-_.]+", "-", name).lower()


def merge_groups(
    project: TomlTable, canon: TomlTable, test_requirements: Iterable[str]
) -> None:
    """Add the canon's dependency groups and the project's test requirements.

    Args:
        project: The project's ``pyproject.toml`` (changed in place).
        canon: The rendered canon.
        test_requirements: What the project's tests need, added to ``dev``.
    """
    canon_groups = sub_table(canon, "dependency-groups") or {}
    groups = ensure_table(project, "dependency-groups")
    wanted = {key: _lists(plain(value)) for key, value in canon_groups.items()}
    wanted.setdefault("dev", []).extend(test_requirements)
    for name, requirements in wanted.items():
        present = _lists(plain(groups.get(name)))
        names = {requirement_name(item) for item in present}
        extra = [r for r in requirements if requirement_name(r) not in names]
        extra = list({requirement_name(r): r for r in extra}.values())
        if name not in groups:
            array = tomlkit.array()
            cast("list[object]", array).extend(extra)
            groups[name] = array.multiline(multiline=True)
        elif extra:
            value = groups[name]
            if isinstance(value, list):
                items = cast("list[object]", value)
                items.extend(extra)


def pytest_options(document: TomlTable) -> TomlTable | None:
    """Return the table pytest reads its options from after a merge.

    Args:
        document: The ``pyproject.toml``.

    Returns:
        ``[tool.pytest.ini_options]`` when the project has it (the canon's options
        were merged there), else ``[tool.pytest]``; None without either.
    """
    native = _nested(document, ("tool", "pytest"))
    return (sub_table(native, "ini_options") or native) if native is not None else None


def set_coverage_floor(document: TomlTable, floor: int) -> None:
    """Set the coverage threshold pytest and coverage enforce.

    Args:
        document: The ``pyproject.toml`` (changed in place).
        floor: The threshold in percent.
    """
    pytest = pytest_options(document)
    addopts = pytest.get("addopts") if pytest is not None else None
    option = f"--cov-fail-under={floor}"
    if pytest is not None and isinstance(addopts, str):
        pytest["addopts"] = re.sub(r"--cov-fail-under[= ]\S+", option, addopts)
    elif pytest is not None and isinstance(addopts, list):
        items = cast("list[object]", addopts)
        for index, item in enumerate(items):
            if _FAIL_UNDER_OPTION.match(str(item)):
                items[index] = option
    report = _nested(document, ("tool", "coverage", "report"))
    if report is not None and "fail_under" in report:
        report["fail_under"] = floor


def preserve_replaced(original: str, merged: str) -> str:
    """Keep every line of ``original`` that ``merged`` dropped, as a comment above.

    Args:
        original: The file before the merge.
        merged: The file after it.

    Returns:
        ``merged`` with each replaced or removed original line commented in place
        (unchanged when that would not parse to the same data).
    """
    old, new = original.splitlines(), merged.splitlines()
    lines: list[str] = []
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        dropped = [line for line in old[i1:i2] if line.strip()]
        if tag in {"replace", "delete"} and dropped:
            lines.append(REPLACED_MARK)
            lines.extend(f"# {line}" for line in dropped)
        lines.extend(new[j1:j2])
    text = "\n".join(lines) + ("\n" if merged.endswith("\n") else "")
    try:
        same = tomlkit.parse(text).unwrap() == tomlkit.parse(merged).unwrap()
    except ParseError:
        same = False
    return text if same else merged


def lowest_python(requires_python: str | None) -> tuple[int, int] | None:
    """Return the oldest Python 3 minor version a specifier admits.

    Args:
        requires_python: The ``requires-python`` specifier.

    Returns:
        ``(3, minor)``, or None when unstated or unreadable.
    """
    from packaging.specifiers import InvalidSpecifier, SpecifierSet  # noqa: PLC0415

    if not requires_python:
        return None
    try:
        specifier = SpecifierSet(requires_python)
    except InvalidSpecifier:
        return None
    return next(
        (
            (3, minor)
            for minor in range(30)
            if any(f"3.{minor}.{patch}" in specifier for patch in (0, 99))
        ),
        None,
    )


__all__ = [
    "CANON_TABLES",
    "REPLACED_MARK",
    "Layout",
    "adapt_canon",
    "lowest_python",
    "merge_canon",
    "merge_groups",
    "preserve_replaced",
    "pytest_options",
    "requirement_name",
    "set_coverage_floor",
]
