"""The rendered tree: the canonical files, flavour files, ignore rules, no placeholders.

Also the formatting promise for any valid name: the template's Python must stay
``ruff format``-clean whether the names are one character or as long as the
validators allow, since names change line lengths.
"""

import ast
import itertools
from pathlib import Path
from typing import Final

import pytest

from setsquare.adapters.process import run
from tests.template.rendering import FLAVOURS, render

pytestmark = pytest.mark.template

COMMON_FILES: Final = frozenset(
    {
        ".copier-answers.yml",
        ".dockerignore",
        ".env.example",
        ".gitignore",
        ".python-version",
        "Dockerfile",
        "Makefile",
        "README.md",
        "pyproject.toml",
        "src/pkg/__init__.py",
        "src/pkg/__main__.py",
        "src/pkg/adapters/__init__.py",
        "src/pkg/adapters/files.py",
        "src/pkg/api/__init__.py",
        "src/pkg/config.py",
        "src/pkg/domain/__init__.py",
        "src/pkg/domain/text.py",
        "src/pkg/exceptions.py",
        "src/pkg/logging.py",
        "src/pkg/py.typed",
        "src/pkg/services/__init__.py",
        "src/pkg/services/text_stats.py",
        "src/pkg/utils/__init__.py",
        "src/pkg/utils/text.py",
        "tests/__init__.py",
        "tests/conftest.py",
        "tests/integration/__init__.py",
        "tests/integration/test_entry_point.py",
        "tests/integration/test_files_adapter.py",
        "tests/unit/__init__.py",
        "tests/unit/test_config.py",
        "tests/unit/test_exceptions.py",
        "tests/unit/test_logging.py",
        "tests/unit/test_package.py",
        "tests/unit/test_text.py",
        "tests/unit/test_text_stats_service.py",
    }
)
FLAVOUR_FILES: Final = {
    "library": frozenset({"src/pkg/api/console.py", "tests/unit/test_console.py"}),
    "cli": frozenset({"src/pkg/api/cli.py", "tests/unit/test_cli.py"}),
}
SETTINGS: Final = ("LOG_LEVEL", "MAX_FILE_BYTES", "TOP_WORDS", "API_TOKEN")
PLACEHOLDERS: Final = frozenset({"replace-me"})


@pytest.fixture(scope="module")
def rendered(
    template_source: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Render each flavour once per module, with the package named ``pkg``.

    Args:
        template_source: The template snapshot.
        tmp_path_factory: Where to render.

    Returns:
        The rendered project by flavour.
    """
    return {
        flavour: render(
            template_source,
            tmp_path_factory.mktemp(f"tree-{flavour}") / "pkg",
            {"flavour": flavour},
        )
        for flavour in FLAVOURS
    }


def _files(project: Path) -> set[str]:
    """List a project's files.

    Args:
        project: The rendered project.

    Returns:
        Their paths relative to the project, with ``/``.
    """
    return {
        path.relative_to(project).as_posix()
        for path in project.rglob("*")
        if path.is_file()
    }


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_tree_when_rendered_then_it_has_exactly_the_canonical_files(
    rendered: dict[str, Path], flavour: str
) -> None:
    """The src layout of the standards, plus the flavour's own interface and tests."""
    assert _files(rendered[flavour]) == COMMON_FILES | FLAVOUR_FILES[flavour]


def _is_protocol(node: ast.ClassDef) -> bool:
    """Tell whether a class derives from ``Protocol``.

    Args:
        node: The class.

    Returns:
        True for a Protocol class.
    """
    return any(
        isinstance(base, ast.Name) and base.id == "Protocol" for base in node.bases
    )


def _placeholders(source: str) -> list[str]:
    """Find placeholder statements: ``pass``, and ``...`` outside Protocol methods.

    Args:
        source: A module's source.

    Returns:
        A description of each placeholder.
    """
    tree = ast.parse(source)
    protocol_nodes = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and _is_protocol(node)
        for inner in ast.walk(node)
    }
    found = [
        f"pass at line {node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Pass)
    ]
    found.extend(
        f"... at line {node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and node.value.value is Ellipsis
        and id(node) not in protocol_nodes
    )
    return found


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_tree_when_rendered_then_no_placeholder_is_left(
    rendered: dict[str, Path], flavour: str
) -> None:
    """No ``pass``, stray ``...``, TODO or FIXME anywhere in the Python code."""
    problems = {
        str(path.relative_to(rendered[flavour])): found
        for path in rendered[flavour].rglob("*.py")
        if (found := _placeholders(path.read_text(encoding="utf-8")))
        or any(word in path.read_text(encoding="utf-8") for word in ("TODO", "FIXME"))
    }

    assert problems == {}


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_tree_when_rendered_then_every_package_declares_all(
    rendered: dict[str, Path], flavour: str
) -> None:
    """Each ``__init__.py`` under ``src/`` names its public surface."""
    missing = [
        str(path)
        for path in (rendered[flavour] / "src").rglob("__init__.py")
        if "__all__" not in path.read_text(encoding="utf-8")
    ]

    assert missing == []


def test_env_example_when_rendered_then_it_documents_every_setting_with_placeholders(
    rendered: dict[str, Path],
) -> None:
    """``.env.example`` sets each prefixed setting, the secret with a placeholder."""
    lines = (rendered["library"] / ".env.example").read_text(encoding="utf-8")
    entries = dict(
        line.split("=", 1) for line in lines.splitlines() if line and line[0] != "#"
    )

    assert sorted(entries) == sorted(f"PKG_{name}" for name in SETTINGS)
    assert entries["PKG_API_TOKEN"] in PLACEHOLDERS


def _git_ignored(project: Path, path: str) -> bool:
    """Ask git whether the project's ``.gitignore`` ignores a path.

    Args:
        project: A git work tree.
        path: The path, relative to the project.

    Returns:
        True when git ignores it.
    """
    completed = run(["git", "check-ignore", "--quiet", path], cwd=project, check=False)
    return completed.returncode == 0


def test_gitignore_when_checked_by_git_then_secrets_are_ignored_and_the_lock_is_not(
    rendered: dict[str, Path], tmp_path: Path
) -> None:
    """``.env`` is ignored; ``.env.example``, ``uv.lock`` and the sources are not."""
    project = tmp_path / "repo"
    _ = (project / "src").mkdir(parents=True)
    _ = (project / ".gitignore").write_bytes(
        (rendered["cli"] / ".gitignore").read_bytes()
    )
    _ = run(["git", "init", "--quiet"], cwd=project)

    assert _git_ignored(project, ".env")
    assert _git_ignored(project, ".venv/bin/python")
    assert not _git_ignored(project, ".env.example")
    assert not _git_ignored(project, "uv.lock")
    assert not _git_ignored(project, "src/pkg/config.py")


NAME_EXTREMES: Final = (
    ("a", "a"),
    ("abcdefghij-abcdefghij-abcdefghij-abcdefg", "abcdefghij_abcdefghij_abcdefgh"),
)


@pytest.mark.parametrize(
    ("flavour", "names"),
    list(itertools.product(FLAVOURS, NAME_EXTREMES)),
    ids=[
        f"{flavour}-{len(names[1])}"
        for flavour, names in itertools.product(FLAVOURS, NAME_EXTREMES)
    ],
)
def test_template_when_names_are_shortest_or_longest_then_ruff_is_still_clean(
    template_source: Path, tmp_path: Path, flavour: str, names: tuple[str, str]
) -> None:
    """Name length never changes the formatter's verdict or the lint result."""
    project_name, package_name = names
    project = render(
        template_source,
        tmp_path / "named",
        {
            "project_name": project_name,
            "package_name": package_name,
            "flavour": flavour,
        },
    )

    outputs = [
        run(["ruff", *args], cwd=project, check=False)
        for args in (["format", "--check", "."], ["check", "."])
    ]

    assert [item.returncode for item in outputs] == [0, 0], "\n".join(
        item.stdout + item.stderr for item in outputs
    )
