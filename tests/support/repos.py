"""Build real git template repositories from dicts of files, commit and tag them."""

import subprocess
from pathlib import Path

IDENTITY = ("-c", "user.name=setsquare tests", "-c", "user.email=tests@example.com")

MINIMAL_COPIER_YML = """\
_subdirectory: template
_answers_file: .copier-answers.yml
project_name:
  type: str
  default: demo
package_name:
  type: str
  default: "{{ project_name | lower | replace('-', '_') }}"
  validator: "{% if package_name in ['logging', 'test'] %}package_name shadows a stdlib module{% endif %}"
"""

ANSWERS_JINJA = "{{ _copier_answers | to_nice_yaml -}}\n"


def run_git(repository: Path, *args: str) -> str:
    """Run git with a fixed identity in ``repository``.

    Args:
        repository: The repository's directory.
        *args: git's arguments.

    Returns:
        git's stdout, stripped.
    """
    completed = subprocess.run(  # noqa: S603 - fixed argument list
        ["git", *IDENTITY, *args],  # noqa: S607 - git from PATH, as users run it
        cwd=repository,
        check=True,
        capture_output=True,
        text=True,
    )
    return completed.stdout.strip()


def write_files(root: Path, files: dict[str, str]) -> None:
    """Write ``files`` (relative path → content) under ``root``.

    Args:
        root: The directory to write into.
        files: The files; an empty content string still creates the file.
    """
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        _ = path.write_text(content, encoding="utf-8")


def commit_all(repository: Path, message: str, tag: str | None = None) -> str:
    """Commit everything in ``repository`` and optionally tag the commit.

    Args:
        repository: The repository.
        message: The commit message.
        tag: A tag to create on the new commit.

    Returns:
        The new commit's hash.
    """
    _ = run_git(repository, "add", "--all")
    _ = run_git(repository, "commit", "--quiet", "--allow-empty", "-m", message)
    if tag is not None:
        _ = run_git(repository, "tag", tag)
    return run_git(repository, "rev-parse", "HEAD")


def template_repository(root: Path, versions: list[tuple[str, dict[str, str]]]) -> Path:
    """Create a template repository with one tagged commit per version.

    Args:
        root: The directory to create (must not exist).
        versions: ``(tag, files)`` pairs applied in order; a file whose content is
            ``"<delete>"`` is removed in that version.

    Returns:
        The repository's path.
    """
    root.mkdir(parents=True)
    _ = run_git(root, "init", "--quiet", "--initial-branch=main")
    base = {
        "copier.yml": MINIMAL_COPIER_YML,
        "template/{{_copier_conf.answers_file}}.jinja": ANSWERS_JINJA,
    }
    write_files(root, base)
    for tag, files in versions:
        for relative, content in files.items():
            if content == "<delete>":
                (root / relative).unlink()
        write_files(
            root, {key: value for key, value in files.items() if value != "<delete>"}
        )
        _ = commit_all(root, f"template {tag}", tag=tag)
    return root


__all__ = ["IDENTITY", "commit_all", "run_git", "template_repository", "write_files"]
