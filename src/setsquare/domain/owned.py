"""The files the template owns outright: the one place they are declared.

An owned file is the template's, not the project's: ``conform`` fails when one differs
from a fresh render of the project's recorded answers at its recorded version, and
``update`` replaces it. Everything else the template renders is *seeded*: written once,
then the project's own. ``{package_name}`` stands for the project's package.
"""

OWNED_FILES: tuple[str, ...] = (
    "Dockerfile",
    ".dockerignore",
    "src/{package_name}/logging.py",
    "src/{package_name}/exceptions.py",
    ".github/workflows/ci.yml",
    ".gitlab-ci.yml",
)


def owned_paths(answers: dict[str, object]) -> list[str]:
    """Return the owned files of a project, with its package name filled in.

    Args:
        answers: The project's recorded answers.

    Returns:
        Relative POSIX paths.
    """
    package = str(answers.get("package_name", ""))
    return [path.replace("{package_name}", package) for path in OWNED_FILES]


__all__ = ["OWNED_FILES", "owned_paths"]
