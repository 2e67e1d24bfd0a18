"""``uv.lock`` is never merged by an update: it is re-resolved with ``uv lock``."""

import subprocess
import sys
from pathlib import Path

import pytest

from setsquare.services.update import UpdateRequest, update_project
from tests.support.repos import template_repository
from tests.support.versioned import (
    COPIER_YML,
    VERSIONS,
    commit_project,
    edit,
    rendered_project,
)

pytestmark = pytest.mark.integration

PYPROJECT = """\
[project]
name = "demo"
version = "0.1.0"
description = "demo"
readme = "README.md"
license = "MIT"
authors = []
requires-python = ">={python}"
dependencies = []
"""


@pytest.fixture(autouse=True)
def offline_uv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Let ``uv lock`` run offline with this interpreter and a private cache.

    Args:
        tmp_path: pytest's per-test directory.
        monkeypatch: pytest's environment patcher.
    """
    monkeypatch.setenv("UV_OFFLINE", "1")
    monkeypatch.setenv("UV_PYTHON", sys.executable)
    monkeypatch.setenv("UV_PYTHON_DOWNLOADS", "never")
    monkeypatch.setenv("UV_CACHE_DIR", str(tmp_path / "uv-cache"))
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)


def _uv_lock(directory: Path) -> str:
    """Run ``uv lock`` in a directory.

    Args:
        directory: Holds a ``pyproject.toml``.

    Returns:
        The lock file's text.
    """
    _ = subprocess.run(  # noqa: S603 - fixed argument list
        [str(Path(sys.executable).parent / "uv"), "lock", "--quiet"],
        cwd=directory,
        check=True,
        capture_output=True,
    )
    return (directory / "uv.lock").read_text()


def _lock_for(python: str, scratch: Path) -> str:
    """Produce the lock file uv writes for the demo project at a Python floor.

    Args:
        python: The ``requires-python`` floor, e.g. ``3.12``.
        scratch: An empty directory to lock in.

    Returns:
        The lock file's text.
    """
    scratch.mkdir()
    _ = (scratch / "pyproject.toml").write_text(PYPROJECT.format(python=python))
    return _uv_lock(scratch)


def _pyproject_template(root: Path, *, render_lock: bool) -> Path:
    """Build a template whose v1.1.0 raises ``requires-python`` from 3.12 to 3.13.

    Args:
        root: The directory to create.
        render_lock: Whether the template also renders ``uv.lock`` (the collision
            copier users meet on every update).

    Returns:
        The template repository.
    """
    files = {
        "v1.0.0": {"template/pyproject.toml": PYPROJECT.format(python="3.12")},
        "v1.1.0": {"template/pyproject.toml": PYPROJECT.format(python="3.13")},
    }
    if render_lock:
        files["v1.0.0"]["template/uv.lock"] = _lock_for("3.12", root.parent / "l12")
        files["v1.1.0"]["template/uv.lock"] = _lock_for("3.13", root.parent / "l13")
    tag, base = VERSIONS[0]
    return template_repository(
        root,
        [(tag, base | files["v1.0.0"]), ("v1.1.0", files["v1.1.0"])],
    )


def test_update_when_pyproject_changes_then_uv_lock_re_resolved(
    tmp_path: Path,
) -> None:
    """The project's own lock is re-resolved for the new pyproject and reported."""
    template = _pyproject_template(tmp_path / "template", render_lock=False)
    project = rendered_project(template, tmp_path / "demo")
    assert 'requires-python = ">=3.12"' in _uv_lock(project)
    commit_project(project, "lock")

    result = update_project(UpdateRequest(project=project))

    assert result.plan is not None
    assert 'requires-python = ">=3.13"' in (project / "uv.lock").read_text()
    assert result.plan.notes == [
        "uv.lock re-resolved with `uv lock`, not merged (updated)"
    ]
    assert result.exit_code == 0


def test_update_when_rendered_lock_collides_then_never_a_conflict(
    tmp_path: Path,
) -> None:
    """A lock that plain copier merges into conflict markers is re-resolved instead.

    The project's lock was written by an older uv (``revision = 3``), next to the
    line the template changes: copier's merge of the two conflicts.
    """
    template = _pyproject_template(tmp_path / "template", render_lock=True)
    project = rendered_project(template, tmp_path / "demo")
    older = (project / "uv.lock").read_text().replace("revision = 5", "revision = 3")
    _ = (project / "uv.lock").write_text(older)  # as an older uv wrote it
    commit_project(project, "my lock")

    result = update_project(UpdateRequest(project=project))

    relocked = (project / "uv.lock").read_text()
    assert "<<<<<<<" not in relocked
    assert 'requires-python = ">=3.13"' in relocked
    assert result.plan is not None
    assert result.plan.conflicts == []
    assert result.plan.notes[0].startswith("uv.lock re-resolved with `uv lock`")


TASK_MARK = "# locked by the task"


def _locking_template(root: Path) -> Path:
    """Build the v1.0.0 → v1.1.0 template whose task locks and marks the lock.

    The task appends a comment to ``uv.lock``: a lock that still carries it after
    an update is the one the task wrote, not one setsquare resolved again.

    Args:
        root: The directory to create.

    Returns:
        The template repository.
    """
    uv = Path(sys.executable).parent / "uv"
    environment = f"UV_OFFLINE=1 UV_PYTHON_DOWNLOADS=never UV_PYTHON={sys.executable}"
    task = f"{environment} {uv} lock --quiet && echo '{TASK_MARK}' >> uv.lock"
    tag, base = VERSIONS[0]
    first = {
        "copier.yml": COPIER_YML + f"_tasks:\n  - {task!r}\n",
        "template/pyproject.toml": PYPROJECT.format(python="3.12"),
    }
    second = {"template/pyproject.toml": PYPROJECT.format(python="3.13")}
    return template_repository(root, [(tag, base | first), ("v1.1.0", second)])


def _update_locked(tmp_path: Path, description: str | None) -> tuple[str, list[str]]:
    """Update a project of the locking template, maybe after editing pyproject.toml.

    Args:
        tmp_path: pytest's per-test directory.
        description: A description the user writes into pyproject.toml, if any.

    Returns:
        The lock file after the update, and the plan's notes.
    """
    template = _locking_template(tmp_path / "template")
    project = rendered_project(template, tmp_path / "demo")
    assert TASK_MARK in (project / "uv.lock").read_text()
    if description is not None:
        pyproject = (project / "pyproject.toml").read_text()
        mine = pyproject.replace('"demo"\nreadme', f'"{description}"\nreadme')
        edit(project, {"pyproject.toml": mine})

    result = update_project(UpdateRequest(project=project))

    assert result.plan is not None
    relocked = (project / "uv.lock").read_text()
    assert 'requires-python = ">=3.13"' in relocked
    return relocked, result.plan.notes


def test_update_when_task_locked_the_merged_pyproject_then_no_second_uv_lock(
    tmp_path: Path,
) -> None:
    """The template's own ``uv lock`` is kept when the merge left its inputs alone."""
    relocked, notes = _update_locked(tmp_path, None)

    assert TASK_MARK in relocked
    assert notes == ["uv.lock re-resolved with `uv lock`, not merged (updated)"]


def test_update_when_user_changed_pyproject_then_own_lock_re_resolved(
    tmp_path: Path,
) -> None:
    """The merge changes what the task locked: the project's lock is re-resolved."""
    relocked, notes = _update_locked(tmp_path, "mine")

    assert TASK_MARK not in relocked
    assert notes == ["uv.lock re-resolved with `uv lock`, not merged (updated)"]
