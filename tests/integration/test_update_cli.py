"""``setsquare update`` as a user runs it: output, and the documented exit codes.

0: updated (or nothing to do); 1: conflicts remain (with ``--dry-run``: would
remain); 2: refused or failed, with one line on stderr; 130: interrupted.
"""

import subprocess
from pathlib import Path

import pytest

from tests.support.cli import Cli
from tests.support.process import setsquare_process
from tests.support.repos import MINIMAL_COPIER_YML, template_repository
from tests.support.versioned import (
    edit,
    rendered_project,
    snapshot,
    versioned_template,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Render and commit a project at v1.0.0 of the four-version template.

    Args:
        tmp_path: pytest's per-test directory.

    Returns:
        The project.
    """
    return rendered_project(
        versioned_template(tmp_path / "template"), tmp_path / "demo"
    )


def _one_error_line(completed: subprocess.CompletedProcess[str]) -> str:
    """Return the single stderr line of a refused command, checking it is single.

    Args:
        completed: The finished command.

    Returns:
        The line.
    """
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith("setsquare: error: ")
    return lines[0]


def test_cli_update_when_conflicts_then_locations_listed_and_exit_1(
    project: Path,
) -> None:
    """Conflicts are listed with ``path:line`` and the exit code is 1, not 0."""
    edit(project, {"Dockerfile": 'FROM python:3.13-slim\nUSER me\nCMD ["python"]\n'})

    completed = setsquare_process("update", "--to", "v1.2.0", cwd=project)

    assert completed.returncode == 1, completed.stderr
    lines = completed.stdout.splitlines()
    assert lines[0].startswith("Updated from v1.0.0 to v1.2.0 (template ")
    assert "  changed: Dockerfile" in lines
    assert "  removed: setup.cfg" in lines
    assert "  Dockerfile:2: conflict markers" in lines


def test_cli_update_when_clean_update_then_summary_and_exit_0(project: Path) -> None:
    """A conflict-free update says what changed and exits 0."""
    completed = setsquare_process(
        "update", str(project), "--to", "v1.1.0", cwd=project.parent
    )

    assert completed.returncode == 0, completed.stderr
    assert "  added: CHANGELOG.md" in completed.stdout.splitlines()
    assert completed.stdout.splitlines()[-1] == "Review with `git diff`, then commit."


def test_cli_update_when_dry_run_then_diff_printed_and_nothing_written(
    project: Path,
) -> None:
    """``--dry-run`` prints the unified diff and writes nothing."""
    before = snapshot(project)

    completed = setsquare_process("update", "--dry-run", "--to", "v1.1.0", cwd=project)

    assert completed.returncode == 0, completed.stderr
    assert "+++ b/CHANGELOG.md" in completed.stdout
    assert "Dry run: would update from v1.0.0 to v1.1.0" in completed.stdout
    assert snapshot(project) == before


def test_cli_update_when_already_newest_then_exit_0(project: Path) -> None:
    """Nothing to do is not an error."""
    _ = setsquare_process("update", cwd=project)
    edit(project, {})

    completed = setsquare_process("update", cwd=project)

    assert completed.returncode == 0
    assert completed.stdout.startswith("Already at v2.0.0")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--conflict", "merge"),
            "Invalid value for '--conflict': Value error, 'merge' is not one of "
            + "'inline', 'rej'.",
        ),
        (("--to", "v9.0.0"), "v9.0.0 is not a version of the template"),
        (("--to", "v0.1.0"), "v0.1.0 is not a version of the template"),
    ],
)
def test_cli_update_when_bad_option_then_one_line_and_exit_2(
    project: Path, args: tuple[str, ...], message: str
) -> None:
    """Bad input gets one clear line and exit code 2."""
    completed = setsquare_process("update", *args, cwd=project)

    assert completed.returncode == 2
    assert message in _one_error_line(completed)


def test_cli_update_when_downgrade_then_one_line_and_exit_2(project: Path) -> None:
    """A downgrade is refused in one line."""
    _ = setsquare_process("update", "--to", "v1.2.0", cwd=project)
    edit(project, {})

    completed = setsquare_process("update", "--to", "1.1", cwd=project)

    assert completed.returncode == 2
    assert "never downgrades" in _one_error_line(completed)


def test_cli_update_when_dirty_then_files_listed_and_exit_2(project: Path) -> None:
    """A dirty tree is refused, naming the files, and left alone."""
    _ = (project / "scratch.txt").write_text("wip\n")

    completed = setsquare_process("update", cwd=project)

    assert completed.returncode == 2
    assert "uncommitted changes in scratch.txt" in _one_error_line(completed)
    assert (project / "scratch.txt").read_text() == "wip\n"


def test_cli_update_when_not_a_git_repository_then_exit_2(tmp_path: Path) -> None:
    """Outside git there is nothing to protect the user's lines with: refused."""
    plain = tmp_path / "plain"
    plain.mkdir()

    completed = setsquare_process("update", str(plain), cwd=tmp_path)

    assert completed.returncode == 2
    assert "is not in a git repository" in _one_error_line(completed)


def test_cli_in_process_when_update_regenerate_versions_then_outputs_consistent(
    project: Path, cli: Cli
) -> None:
    """The three commands in one process: dry run, update with conflict, versions."""
    edit(project, {"setup.cfg": "[metadata]\nname = demo\n# mine\n"})

    dry = cli(["update", str(project), "--dry-run", "--to", "v1.2.0"])
    done = cli(["update", str(project), "--to", "v1.2.0"])
    listed = cli(["versions", str(project)])

    assert (dry.code, dry.stderr) == (1, "")
    assert "+<<<<<<< before updating" in dry.stdout
    assert "Dry run: would update from v1.0.0 to v1.2.0" in dry.stdout
    assert (done.code, done.stderr) == (1, "")
    assert done.stdout.splitlines()[0].startswith("Updated from v1.0.0 to v1.2.0 ")
    assert "  setup.cfg:1: the new template version deletes it" in done.stdout
    assert (listed.code, listed.stderr) == (0, "")
    assert listed.stdout.splitlines()[-1] == (
        "this project: v1.2.0, behind by 1 release(s) (1 minor): run `setsquare update`"
    )


def test_cli_in_process_when_regenerate_without_terminal_then_not_applied(
    project: Path, cli: Cli
) -> None:
    """``regenerate`` without ``--yes`` and without a terminal only shows the diff."""
    edit(project, {"Dockerfile": "FROM scratch\n"})

    shown = cli(["regenerate", str(project)])
    again = cli(["regenerate", str(project), "--yes"])
    clean = cli(["regenerate", str(project)])

    assert shown.code == 0
    assert "-FROM scratch" in shown.stdout
    assert shown.stdout.splitlines()[-1] == (
        "Not applied: rerun with --yes to write these changes."
    )
    assert again.code == 0
    assert again.stdout.splitlines()[-1] == (
        "Regenerated: review with `git diff`, then commit."
    )
    assert (clean.code, clean.stdout) == (2, "")  # the regeneration is not committed
    assert clean.error == (
        "setsquare: error: uncommitted changes in Dockerfile: commit or stash them, "
        + "then rerun `setsquare regenerate` (nothing was changed)"
    )


def test_cli_update_when_a_new_question_is_answered_then_the_answer_is_rendered(
    tmp_path: Path,
) -> None:
    """``--data`` answers a question the new version asks; it is rendered and recorded."""
    questions = MINIMAL_COPIER_YML + "license:\n  type: str\n  default: MIT\n"
    template = template_repository(
        tmp_path / "template",
        [
            ("v1.0.0", {"template/README.md": "demo\n"}),
            (
                "v2.0.0",
                {"copier.yml": questions, "template/LICENSE.jinja": "{{ license }}\n"},
            ),
        ],
    )
    project = rendered_project(template, tmp_path / "demo")

    completed = setsquare_process("update", "--data", "license=Apache-2.0", cwd=project)

    assert completed.returncode == 0, completed.stderr
    assert (project / "LICENSE").read_text(encoding="utf-8") == "Apache-2.0\n"
    answers = (project / ".copier-answers.yml").read_text(encoding="utf-8")
    assert "license: Apache-2.0\n" in answers
