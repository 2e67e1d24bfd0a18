"""The rendered tree: the canonical files, flavour files, ignore rules, no placeholders.

Also the formatting promise for any valid name: the template's Python must stay
``ruff format``-clean whether the names are one character or as long as the
validators allow, since names change line lengths.
"""

import ast
import itertools
from dataclasses import replace
from pathlib import Path
from typing import Final

import pytest

from setsquare.adapters.process import run
from tests.template.behaviours import required_tests
from tests.template.rendering import render
from tests.template.variants import LONG_RUNNING, Variant, full_matrix, render_each

pytestmark = pytest.mark.template

COMMON_FILES: Final = frozenset(
    {
        ".copier-answers.yml",
        ".dockerignore",
        ".env.example",
        ".gitignore",
        ".python-version",
        "Dockerfile",
        "LICENSE",
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
# The files each answer adds to the common tree.
FLAVOUR_FILES: Final = {
    "library": frozenset(
        {
            "src/pkg/api/console.py",
            "tests/unit/test_console.py",
            "tests/integration/test_entry_point.py",
        }
    ),
    "cli": frozenset(
        {
            "src/pkg/api/cli.py",
            "tests/unit/test_cli.py",
            "tests/integration/test_entry_point.py",
        }
    ),
    "service": frozenset(
        {
            "src/pkg/api/app.py",
            "src/pkg/api/errors.py",
            "src/pkg/api/middleware.py",
            "src/pkg/api/probe.py",
            "src/pkg/api/routes.py",
            "src/pkg/api/schemas.py",
            "src/pkg/api/server.py",
            "tests/unit/test_api.py",
            "tests/integration/test_server_process.py",
        }
    ),
    "worker": frozenset(
        {
            "src/pkg/adapters/heartbeat.py",
            "src/pkg/adapters/queue.py",
            "src/pkg/api/probe.py",
            "src/pkg/api/worker.py",
            "src/pkg/domain/jobs.py",
            "src/pkg/services/worker.py",
            "tests/unit/test_worker.py",
            "tests/unit/test_worker_main.py",
            "tests/integration/test_queue.py",
            "tests/integration/test_worker_process.py",
        }
    ),
}
LONG_RUNNING_FILES: Final = frozenset(
    {
        "src/pkg/api/backends.py",
        "src/pkg/domain/report.py",
        "src/pkg/services/backends.py",
        "src/pkg/services/health.py",
        "src/pkg/services/reports.py",
        "tests/fakes.py",
        "tests/unit/test_reports_service.py",
    }
)
POSTGRES_FILES: Final = frozenset(
    {
        "src/pkg/adapters/database.py",
        "src/pkg/adapters/migrations.py",
        "src/pkg/adapters/reports.py",
        "src/pkg/adapters/tables.py",
        "src/pkg/migrations/__init__.py",
        "src/pkg/migrations/env.py",
        "src/pkg/migrations/script.py.mako",
        "src/pkg/migrations/versions/__init__.py",
        "src/pkg/migrations/versions/v0001_text_reports.py",
        "tests/integration/test_migrations.py",
        "tests/integration/test_repository.py",
    }
)
REDIS_FILES: Final = frozenset(
    {"src/pkg/adapters/cache.py", "tests/integration/test_cache.py"}
)
SERVER_FILES: Final = frozenset(
    {
        "docker-compose.yml",
        "tests/integration/conftest.py",
        "tests/integration/proxy.py",
    }
)
CI_FILES: Final = {
    "github": frozenset({".github/workflows/ci.yml", ".github/dependabot.yml"}),
    "gitlab": frozenset({".gitlab-ci.yml"}),
    "none": frozenset[str](),
}
DOCS_FILES: Final = frozenset({"mkdocs.yml", "docs/index.md", "docs/reference.md"})
PLACEHOLDERS: Final = frozenset({"replace-me"})
# Every static combination, for the tree tests (Python does not change the tree);
# pre-commit off with GitLab, on otherwise.
TREE_VARIANTS: Final = tuple(
    replace(v, pre_commit=v.ci != "gitlab") for v in full_matrix() if v.python == "3.13"
)


def expected_files(variant: Variant) -> frozenset[str]:
    """Return the files a variant must render, and no others.

    Args:
        variant: The variant.

    Returns:
        Paths relative to the project, the package named ``pkg``.
    """
    files = set(COMMON_FILES | FLAVOUR_FILES[variant.flavour] | CI_FILES[variant.ci])
    if variant.flavour in LONG_RUNNING:
        files |= LONG_RUNNING_FILES
    if variant.flavour == "service" and variant.servers:
        files.add("tests/integration/test_service_servers.py")
    if variant.database == "postgres":
        files |= POSTGRES_FILES
    if variant.cache == "redis":
        files |= REDIS_FILES
    if variant.servers:
        files |= SERVER_FILES
    if variant.pre_commit:
        files.add(".pre-commit-config.yaml")
    if variant.docs:
        files |= DOCS_FILES
    return frozenset(files)


@pytest.fixture(scope="module")
def rendered(
    template_source: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Render every tree variant once per module, with the package named ``pkg``.

    Args:
        template_source: The template snapshot.
        tmp_path_factory: Where to render.

    Returns:
        The rendered project by variant name.
    """
    return render_each(template_source, tmp_path_factory, TREE_VARIANTS, "pkg")


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


@pytest.mark.parametrize("variant", TREE_VARIANTS, ids=[v.name for v in TREE_VARIANTS])
def test_tree_when_rendered_then_it_has_exactly_the_files_of_its_answers(
    rendered: dict[str, Path], variant: Variant
) -> None:
    """The src layout of the standards, plus exactly the files each answer adds."""
    assert _files(rendered[variant.name]) == expected_files(variant)


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


@pytest.mark.parametrize("variant", TREE_VARIANTS, ids=[v.name for v in TREE_VARIANTS])
def test_tree_when_rendered_then_no_placeholder_is_left(
    rendered: dict[str, Path], variant: Variant
) -> None:
    """No ``pass``, stray ``...``, TODO or FIXME anywhere in the Python code."""
    problems = {
        str(path.relative_to(rendered[variant.name])): found
        for path in rendered[variant.name].rglob("*.py")
        if (found := _placeholders(path.read_text(encoding="utf-8")))
        or any(word in path.read_text(encoding="utf-8") for word in ("TODO", "FIXME"))
    }

    assert problems == {}


@pytest.mark.parametrize("variant", TREE_VARIANTS, ids=[v.name for v in TREE_VARIANTS])
def test_tree_when_rendered_then_every_package_declares_all(
    rendered: dict[str, Path], variant: Variant
) -> None:
    """Each ``__init__.py`` under ``src/`` names its public surface."""
    missing = [
        str(path)
        for path in (rendered[variant.name] / "src").rglob("__init__.py")
        if "__all__" not in path.read_text(encoding="utf-8")
    ]

    assert missing == []


def _settings_fields(config: Path) -> set[str]:
    """Read the field names of the rendered settings classes.

    ``Settings`` inherits fields (the development flag, the database's settings), so
    every class of ``config.py`` counts.

    Args:
        config: The rendered ``config.py``.

    Returns:
        The names of their annotated attributes, ``model_config`` excepted.
    """
    tree = ast.parse(config.read_text(encoding="utf-8"))
    return {
        node.target.id
        for settings in tree.body
        if isinstance(settings, ast.ClassDef)
        for node in settings.body
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id != "model_config"
    }


@pytest.mark.parametrize("variant", TREE_VARIANTS, ids=[v.name for v in TREE_VARIANTS])
def test_env_example_when_rendered_then_it_documents_every_setting_with_placeholders(
    rendered: dict[str, Path], variant: Variant
) -> None:
    """``.env.example`` sets each setting, secrets with placeholders, and compose's.

    Compose's ``POSTGRES_*`` entries sit beside the settings (the application reads
    only its prefixed ones).
    """
    project = rendered[variant.name]
    lines = (project / ".env.example").read_text(encoding="utf-8")
    entries = dict(
        line.split("=", 1) for line in lines.splitlines() if line and line[0] != "#"
    )
    fields = _settings_fields(project / "src" / "pkg" / "config.py")
    compose = {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"}

    expected = {f"PKG_{name.upper()}" for name in fields}
    if variant.database == "postgres":
        expected |= compose
        assert entries["POSTGRES_PASSWORD"] in PLACEHOLDERS
        assert "replace-me@" in entries["PKG_DATABASE_URL"]
    assert set(entries) == expected
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
        (rendered[TREE_VARIANTS[0].name] / ".gitignore").read_bytes()
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


# Each flavour/database/cache combination, with every optional file rendered.
NAMED_VARIANTS: Final = tuple(
    v for v in TREE_VARIANTS if v.ci == "github" and v.pre_commit
)


@pytest.mark.parametrize(
    ("variant", "names"),
    list(itertools.product(NAMED_VARIANTS, NAME_EXTREMES)),
    ids=[
        f"{variant.flavour}-{variant.database}-{variant.cache}-{len(names[1])}"
        for variant, names in itertools.product(NAMED_VARIANTS, NAME_EXTREMES)
    ],
)
def test_template_when_names_are_shortest_or_longest_then_ruff_is_still_clean(
    template_source: Path, tmp_path: Path, variant: Variant, names: tuple[str, str]
) -> None:
    """Name length never changes the formatter's verdict or the lint result."""
    project_name, package_name = names
    answers = variant.answers(project_name) | {"package_name": package_name}
    project = render(template_source, tmp_path / "named", answers)

    outputs = [
        run(["ruff", *args], cwd=project, check=False)
        for args in (["format", "--check", "."], ["check", "."])
    ]

    assert [item.returncode for item in outputs] == [0, 0], "\n".join(
        item.stdout + item.stderr for item in outputs
    )


@pytest.mark.parametrize("variant", TREE_VARIANTS, ids=[v.name for v in TREE_VARIANTS])
def test_behaviours_when_rendered_then_every_proof_is_a_test_of_the_project(
    rendered: dict[str, Path], variant: Variant
) -> None:
    """Each test ``behaviours`` requires exists where it says, in each variant."""
    project = rendered[variant.name]
    missing = [
        test
        for test in required_tests(variant)
        if f"def {test.partition('::')[2]}("
        not in (project / test.partition("::")[0]).read_text(encoding="utf-8")
    ]

    assert missing == []
