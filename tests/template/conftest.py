"""Fixtures of the template suite: a template snapshot, a typed ``copie``, a project env."""

from pathlib import Path
from typing import Protocol

import pytest
from pytest_copie.plugin import Result

from setsquare.adapters.process import child_environment
from tests.template.rendering import (
    find_python,
    make_environment,
    snapshot_template,
)


class Copie(Protocol):
    """The part of pytest-copie's ``copie`` fixture these tests use, typed.

    ``copie.copy`` renders with copier's API (``unsafe=True``, so the template's task
    runs; ``defaults=True``, with the answers as user defaults) into a fresh directory
    under ``tmp_path`` and returns the outcome instead of raising.
    """

    def copy(
        self,
        extra_answers: dict[str, str] = ...,
        template_dir: Path | None = None,
        vcs_ref: str = "HEAD",
    ) -> Result:
        """Render the template.

        Args:
            extra_answers: Answers that replace the questions' defaults.
            template_dir: The template source.
            vcs_ref: The git ref, for git sources.

        Returns:
            The rendered project's directory, or the exception copier raised.
        """
        ...


@pytest.fixture(scope="session")
def template_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Snapshot the working tree's template once per test process.

    Args:
        tmp_path_factory: pytest's session-wide temporary directories.

    Returns:
        A plain-directory template source holding ``copier.yml`` and ``template/``.
    """
    return snapshot_template(tmp_path_factory.mktemp("template-source") / "source")


@pytest.fixture
def project_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, dict[str, str]]:
    """Give the test its project directory and the environment its tools run in.

    Args:
        tmp_path: pytest's per-test directory.
        monkeypatch: pytest's environment patcher.

    Returns:
        The project path (not created yet) and the environment, also applied to
        this process for ``adopt``'s own uv calls.
    """
    project = tmp_path / "work" / "project"
    project.parent.mkdir(parents=True)
    environment = make_environment(project, find_python("3.13"))
    for name in child_environment():
        if name not in environment:
            monkeypatch.delenv(name)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("VIRTUAL_ENV")
    return project, environment
