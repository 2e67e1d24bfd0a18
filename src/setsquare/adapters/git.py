"""git, through ``process.run``: the only place setsquare talks to git."""

from pathlib import Path

from setsquare.adapters.process import run


def git(*args: str, cwd: Path | None = None, check: bool = True) -> str:
    """Run one git command and return its stripped stdout.

    Args:
        *args: git's arguments, e.g. ``"status", "--porcelain"``.
        cwd: The repository (or any directory) to run in.
        check: Raise ``ExternalServiceError`` when git fails.

    Returns:
        What git printed on stdout, stripped.
    """
    return run(["git", *args], cwd=cwd, check=check).stdout.strip()


def is_work_tree(path: Path) -> bool:
    """Tell whether ``path`` is inside a git working tree.

    Args:
        path: Any existing directory.

    Returns:
        True when git sees a working tree there.
    """
    completed = run(
        ["git", "rev-parse", "--is-inside-work-tree"], cwd=path, check=False
    )
    return completed.returncode == 0 and completed.stdout.strip() == "true"


def dirty_files(path: Path) -> list[str]:
    """List the paths with uncommitted changes (untracked files included).

    Args:
        path: A directory inside a git working tree.

    Returns:
        The dirty paths as git prints them, relative to the repository root.
    """
    output = run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=path
    ).stdout
    return [line[3:] for line in output.splitlines() if line.strip()]


def tags(repository: Path) -> list[str]:
    """List a repository's tags.

    Args:
        repository: A git repository (bare, non-bare, or a bundle is not accepted).

    Returns:
        The tag names, unsorted.
    """
    return git("tag", "--list", cwd=repository).splitlines()


def remote_tags(source: str) -> list[str]:
    """List the tags of any git source: a URL, a path, a ``~`` path or a bundle.

    Args:
        source: The repository, as copier records it.

    Returns:
        The tag names.
    """
    location = str(Path(source).expanduser()) if source.startswith("~") else source
    output = git("ls-remote", "--tags", "--refs", location)
    return [
        line.split("refs/tags/", 1)[1]
        for line in output.splitlines()
        if "refs/tags/" in line
    ]


__all__ = ["dirty_files", "git", "is_work_tree", "remote_tags", "tags"]
