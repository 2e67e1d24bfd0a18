"""``uv.lock`` is never merged by an update: it is re-resolved with ``uv lock``."""

import subprocess
import sys
from pathlib import Path

import pytest

from setsquare.services.update import UpdateRequest, update_project
from tests.support.repos import template_repository
from tests.support.versioned import VERSIONS, commit_project, rendered_project

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
