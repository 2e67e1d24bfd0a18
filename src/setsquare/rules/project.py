"""SQ017, SQ018 and SQ019: the project's shape, its ignore files, its container."""

import fnmatch
import re
from collections.abc import Iterator
from typing import Final

from setsquare.domain.dockerfile import final_stage
from setsquare.rules.base import ProjectFiles, RuleFinding, project_rule

REQUIRED_MODULES: Final = (
    "__init__.py",
    "__main__.py",
    "config.py",
    "exceptions.py",
    "logging.py",
    "py.typed",
)

_PYPROJECT = '[project]\nname = "shop"\nversion = "0.1.0"\n'
_DOC = '"""The shop."""\n'
_PACKAGE: Final = {
    f"src/shop/{name}": "" if name == "py.typed" else _DOC for name in REQUIRED_MODULES
}

_DOCKERFILE_BAD = """FROM python:3.13-slim
COPY . /app
RUN pip install /app
CMD python -m shop
"""

_DOCKERFILE_GOOD = """FROM python:3.13-slim AS build
COPY . /app
RUN pip install --prefix=/install /app

FROM python:3.13-slim
COPY --from=build /install /usr/local
USER 10001:10001
ENTRYPOINT ["python", "-m", "shop"]
"""

_INSTRUCTION = re.compile(r"^\s*(FROM|USER|ENTRYPOINT|CMD)\b", re.IGNORECASE)


@project_rule(
    "SQ017",
    bad={"pyproject.toml": _PYPROJECT, "shop/__init__.py": _DOC},
    good={"pyproject.toml": _PYPROJECT, **_PACKAGE},
)
def project_layout(project: ProjectFiles) -> Iterator[RuleFinding]:
    """The project uses the src layout with the canon's required modules.

    Code lives in ``src/<package>/`` (so tests run against the installed package,
    not the working directory) and every package has ``__init__``, ``__main__``,
    ``config`` (settings), ``exceptions`` (the ``AppError`` hierarchy), ``logging``
    and a ``py.typed`` marker, so a reader finds each concern in the same place in
    every project.

    Args:
        project: The project root.

    Yields:
        One finding for a missing src layout or per missing required module.
    """
    source = project.root / "src"
    packages = (
        sorted(path for path in source.iterdir() if (path / "__init__.py").is_file())
        if source.is_dir()
        else []
    )
    if not packages:
        yield RuleFinding(
            1,
            1,
            "no src layout: put the package in src/<package>/ with an __init__.py",
            path="pyproject.toml",
        )
        return
    for package in packages:
        for name in REQUIRED_MODULES:
            if not (package / name).is_file():
                relpath = f"src/{package.name}/{name}"
                yield RuleFinding(
                    1, 1, f"missing {relpath} (required in every package)", path=relpath
                )


def _ignores_env(text: str | None) -> bool:
    """Tell whether an ignore file's patterns exclude ``.env``.

    Args:
        text: The ignore file's content, or None when it is missing.

    Returns:
        True when the last pattern that matches ``.env`` ignores it.
    """
    ignored = False
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = line.lstrip("!").strip("/").removeprefix("**/")
        if fnmatch.fnmatchcase(".env", pattern):
            ignored = not negated
    return ignored


@project_rule(
    "SQ018",
    bad={".gitignore": "__pycache__/\n", "Dockerfile": _DOCKERFILE_GOOD},
    good={
        ".gitignore": "__pycache__/\n.env\n",
        ".dockerignore": ".git\n.env\n",
        "Dockerfile": _DOCKERFILE_GOOD,
    },
)
def env_file_not_ignored(project: ProjectFiles) -> Iterator[RuleFinding]:
    """``.env`` is listed in ``.gitignore``, and in ``.dockerignore`` when there is a Dockerfile.

    A ``.env`` file holds local secrets; without the ignore entries one ``git add
    .`` commits them and one ``docker build`` bakes them into an image layer.
    Commit a ``.env.example`` with placeholder values instead.

    Args:
        project: The project root.

    Yields:
        One finding per ignore file that does not exclude ``.env``.
    """
    required = [".gitignore"]
    if (project.root / "Dockerfile").is_file():
        required.append(".dockerignore")
    for name in required:
        text = project.read(name)
        if not _ignores_env(text):
            state = "missing" if text is None else "does not exclude .env"
            yield RuleFinding(1, 1, f"{name} {state}: add a `.env` line", path=name)


def _last_line(text: str, keywords: set[str]) -> int:
    """Find the line of the last instruction with one of ``keywords``.

    Args:
        text: The Dockerfile.
        keywords: Upper-case instruction names.

    Returns:
        Its 1-based line, or 1 when there is none.
    """
    found = 1
    for number, line in enumerate(text.splitlines(), start=1):
        match = _INSTRUCTION.match(line)
        if match and match.group(1).upper() in keywords:
            found = number
    return found


@project_rule(
    "SQ019",
    bad={"Dockerfile": _DOCKERFILE_BAD},
    good={"Dockerfile": _DOCKERFILE_GOOD},
)
def container_runs_as_root(project: ProjectFiles) -> Iterator[RuleFinding]:
    """The Dockerfile's final stage runs as a non-root user with an exec-form entry point.

    A container running as root turns any code-execution bug into root on the
    container (and often the host's mounted volumes). The shell form of
    ``ENTRYPOINT``/``CMD`` puts ``/bin/sh`` in front of the application, so it never
    receives ``SIGTERM`` and is killed after the grace period. Use ``USER`` with a
    non-root id (or a ``:nonroot`` base image) and the JSON-array form.

    Args:
        project: The project root.

    Yields:
        One finding for a root final stage, one for a missing or shell-form entry
        point.
    """
    text = project.read("Dockerfile")
    stage = final_stage(text) if text is not None else None
    if text is None or stage is None:
        return
    if not stage.runs_as_non_root:
        yield RuleFinding(
            _last_line(text, {"FROM", "USER"}),
            1,
            "the final stage runs as root: add `USER <non-root id>`",
            path="Dockerfile",
        )
    if stage.entrypoint is None or not stage.exec_form:
        yield RuleFinding(
            _last_line(text, {"FROM", "ENTRYPOINT", "CMD"}),
            1,
            'the final stage needs an exec-form ENTRYPOINT/CMD (`["python", "-m", ...]`)',
            path="Dockerfile",
        )


__all__ = [
    "REQUIRED_MODULES",
    "container_runs_as_root",
    "env_file_not_ignored",
    "project_layout",
]
