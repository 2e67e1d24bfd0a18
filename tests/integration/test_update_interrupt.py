"""An update interrupted mid-run (Ctrl-C, kill -9, a failing migration) changes nothing.

The update runs as a real ``python -m setsquare update`` process. A migration of the
new version first touches a marker file, then sleeps: once the marker exists, copier
has already rewritten files (in setsquare's scratch clone), and the test interrupts.
"""

import os
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import pytest

from setsquare.adapters.process import child_environment
from tests.support.repos import template_repository
from tests.support.versioned import (
    COPIER_YML,
    DOCKERFILE_V2,
    UTIL,
    VERSIONS,
    edit,
    rendered_project,
    snapshot,
)

pytestmark = pytest.mark.integration

_WAIT = 60.0


def _template(root: Path, command: str) -> Path:
    """Build a template whose v1.1.0 runs ``command`` as an after-update migration.

    Args:
        root: The directory to create.
        command: The migration's shell command.

    Returns:
        The template repository.
    """
    migration = f"""\
_migrations:
  - version: v1.1.0
    command: "{command}"
"""
    return template_repository(
        root,
        [
            VERSIONS[0],
            (
                "v1.1.0",
                {
                    "copier.yml": COPIER_YML + migration,
                    "template/Dockerfile": DOCKERFILE_V2,
                    "template/CHANGELOG.md": "# Changes\n",
                    "template/setup.cfg": "<delete>",
                },
            ),
        ],
    )


def _start_update(project: Path, scratch: Path) -> subprocess.Popen[str]:
    """Start ``python -m setsquare update`` in its own process group.

    Args:
        project: The project.
        scratch: The child's TMPDIR (its spare renders), inside the test.

    Returns:
        The running process.
    """
    scratch.mkdir()
    return subprocess.Popen(  # noqa: S603 - fixed argument list
        [sys.executable, "-m", "setsquare", "update", str(project)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env=child_environment({"TMPDIR": str(scratch)}),
    )


def _wait_for(marker: Path, process: subprocess.Popen[str]) -> None:
    """Wait until the migration has started.

    Args:
        marker: The file the migration touches.
        process: The update, which must still be running.
    """
    deadline = time.monotonic() + _WAIT
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the migration never started"
        time.sleep(0.05)


def _interrupt(process: subprocess.Popen[str], how: str) -> tuple[int, str]:
    """Interrupt the update like a user would, and collect what it printed.

    Args:
        process: The running update.
        how: ``ctrl-c`` (SIGINT to the process group) or ``kill -9`` (the process).

    Returns:
        Its exit status and stderr.
    """
    if how == "ctrl-c":
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.kill()
    returncode = process.wait(timeout=_WAIT)
    with suppress(ProcessLookupError):  # the orphaned migration of a killed run
        os.killpg(process.pid, signal.SIGKILL)
    _, stderr = process.communicate(timeout=_WAIT)
    return returncode, stderr


@pytest.mark.parametrize(
    ("how", "expected"),
    [("ctrl-c", 130), ("kill -9", -signal.SIGKILL)],
)
def test_update_when_interrupted_mid_run_then_working_tree_exactly_as_before(
    tmp_path: Path, how: str, expected: int
) -> None:
    """Ctrl-C (SIGINT to the process group) or SIGKILL mid-update leaves no trace."""
    marker = tmp_path / "migration-started"
    template = _template(tmp_path / "template", f"touch '{marker}' && sleep 60")
    project = rendered_project(template, tmp_path / "demo")
    edit(
        project,
        {
            "src/demo/util.py": UTIL + "\n\ndef mine():\n    return 1\n",
            "setup.cfg": "[metadata]\nname = demo\n# mine\n",
        },
    )
    before = snapshot(project)
    process = _start_update(project, tmp_path / "tmp")
    _wait_for(marker, process)

    returncode, stderr = _interrupt(process, how)

    assert returncode == expected, stderr
    assert "Traceback" not in stderr
    assert snapshot(project) == before
    scratch = list(project.parent.glob(f".{project.name}.setsquare-*/Dockerfile"))
    if how == "ctrl-c":
        assert scratch == []  # cleaned up on the way out
    else:  # killed: the scratch clone beside the project shows copier's rewrite
        assert "RUN pip install" in scratch[0].read_text()


def test_update_when_migration_fails_then_one_line_error_and_tree_unchanged(
    tmp_path: Path,
) -> None:
    """A failing migration is one clear line, exit 2, and the tree as it was."""
    template = _template(tmp_path / "template", "exit 3")
    project = rendered_project(template, tmp_path / "demo")
    before = snapshot(project)

    completed = subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, "-m", "setsquare", "update", str(project)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 2
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith("setsquare: error: copier: ")
    assert "the working tree was not changed" in lines[0]
    assert snapshot(project) == before
