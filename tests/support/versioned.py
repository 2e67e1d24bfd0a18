"""A template with four tagged versions, and projects rendered from it, for update tests.

- ``v1.0.0``: a seeded README (``_skip_if_exists``), an owned Dockerfile, a
  ``setup.cfg`` and ``src/<package>/util.py``.
- ``v1.1.0`` adds ``CHANGELOG.md``.
- ``v1.2.0`` changes the Dockerfile and deletes ``setup.cfg``.
- ``v2.0.0`` renames ``util.py`` to ``helpers.py`` through a ``_migrations`` entry.
"""

import hashlib
from pathlib import Path
from typing import Final

from setsquare.adapters.copier import render
from tests.support.repos import MINIMAL_COPIER_YML, run_git, template_repository

COPIER_YML = MINIMAL_COPIER_YML + "_skip_if_exists:\n  - README.md\n"

RENAME_MIGRATION = """\
_migrations:
  - version: v2.0.0
    when: "{{ _stage == 'before' }}"
    command: >-
      for old in src/*/util.py; do
      git mv "$old" "${old%util.py}helpers.py";
      done
"""

DOCKERFILE_V1 = 'FROM python:3.13-slim\nUSER app\nCMD ["python"]\n'
DOCKERFILE_V2 = 'FROM python:3.13-slim\nRUN pip install --no-cache-dir uv\nUSER app\nCMD ["python"]\n'
UTIL = "def helper():\n    return 1\n"

VERSIONS: Final[list[tuple[str, dict[str, str]]]] = [
    (
        "v1.0.0",
        {
            "copier.yml": COPIER_YML,
            "template/README.md.jinja": "# {{ project_name }}\n",
            "template/Dockerfile": DOCKERFILE_V1,
            "template/setup.cfg": "[metadata]\nname = demo\n",
            "template/src/{{ package_name }}/__init__.py.jinja": '"""{{ project_name }}."""\n',
            "template/src/{{ package_name }}/util.py": UTIL,
        },
    ),
    ("v1.1.0", {"template/CHANGELOG.md": "# Changes\n"}),
    (
        "v1.2.0",
        {"template/Dockerfile": DOCKERFILE_V2, "template/setup.cfg": "<delete>"},
    ),
    (
        "v2.0.0",
        {
            "copier.yml": COPIER_YML + RENAME_MIGRATION,
            "template/src/{{ package_name }}/util.py": "<delete>",
            "template/src/{{ package_name }}/helpers.py": "def helper():\n    return 2\n",
        },
    ),
]


def versioned_template(root: Path) -> Path:
    """Build the four-version template repository.

    Args:
        root: The directory to create.

    Returns:
        The repository.
    """
    return template_repository(root, VERSIONS)


def rendered_project(
    template: Path, destination: Path, version: str = "v1.0.0", **answers: str
) -> Path:
    """Render a project at a version and commit it, as ``setsquare init`` leaves it.

    Args:
        template: The template repository.
        destination: The project directory to create.
        version: The template version.
        **answers: Answers other than the defaults.

    Returns:
        The project.
    """
    render(
        str(template),
        destination,
        {"project_name": "demo", **answers},
        vcs_ref=version,
        defaults=True,
    )
    _ = run_git(destination, "init", "--quiet", "--initial-branch=main")
    commit_project(destination, "rendered")
    return destination


def commit_project(project: Path, message: str) -> None:
    """Commit every change in a project.

    Args:
        project: The project.
        message: The commit message.
    """
    _ = run_git(project, "add", "--all")
    _ = run_git(project, "commit", "--quiet", "--allow-empty", "-m", message)


def edit(project: Path, files: dict[str, str]) -> None:
    """Write files into a project and commit them, as a user would.

    Args:
        project: The project.
        files: Relative path → new content.
    """
    for relative, content in files.items():
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        _ = path.write_text(content, encoding="utf-8")
    commit_project(project, "user edits")


def snapshot(project: Path) -> tuple[str, dict[str, str]]:
    """Capture a working tree: ``git status`` and a hash of every file outside .git.

    Args:
        project: The project.

    Returns:
        The porcelain status and path → SHA-256 of each file.
    """
    status = run_git(
        project, "status", "--porcelain", "--untracked-files=all", "--ignored"
    )
    hashes = {
        path.relative_to(project).as_posix(): hashlib.sha256(
            path.read_bytes()
        ).hexdigest()
        for path in sorted(project.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(project).parts
    }
    return status, hashes


def all_text(project: Path) -> str:
    """Concatenate every file of a project outside .git (to look for a user's lines).

    Args:
        project: The project.

    Returns:
        The texts, one after another.
    """
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(project.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(project).parts
    )


__all__ = [
    "COPIER_YML",
    "DOCKERFILE_V1",
    "DOCKERFILE_V2",
    "UTIL",
    "VERSIONS",
    "all_text",
    "commit_project",
    "edit",
    "rendered_project",
    "snapshot",
    "versioned_template",
]
