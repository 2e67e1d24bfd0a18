"""``setsquare regenerate``: a fresh render from the recorded answers, diff first."""

from pathlib import Path

import pytest

from setsquare.adapters.copier import read_answers
from setsquare.domain.changes import ChangeKind
from setsquare.exceptions import DirtyTreeError, NotFoundError
from setsquare.services.regenerate import (
    RegenerateRequest,
    apply_regeneration,
    plan_regeneration,
)
from setsquare.services.update import UpdateRequest, update_project
from tests.support.process import setsquare_process
from tests.support.versioned import (
    DOCKERFILE_V1,
    edit,
    rendered_project,
    snapshot,
    versioned_template,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Render and commit a project at v1.0.0, then edit a template file and add one.

    Args:
        tmp_path: pytest's per-test directory.

    Returns:
        The project.
    """
    project = rendered_project(
        versioned_template(tmp_path / "template"), tmp_path / "demo"
    )
    edit(
        project,
        {
            "Dockerfile": "FROM scratch\n",
            "README.md": "# demo\nmine\n",
            "src/demo/own.py": "OWN = 1\n",
        },
    )
    return project


def test_regenerate_when_template_file_edited_then_diff_first_and_applied(
    project: Path,
) -> None:
    """Template files go back to the recorded version; the user's own files stay."""
    before = snapshot(project)

    regeneration = plan_regeneration(RegenerateRequest(project=project))

    assert snapshot(project) == before
    assert regeneration.version == "v1.0.0"
    assert "-FROM scratch" in regeneration.plan.diff
    assert regeneration.plan.paths(ChangeKind.CHANGED) == ["Dockerfile"]
    apply_regeneration(regeneration)
    assert (project / "Dockerfile").read_text() == DOCKERFILE_V1
    assert (project / "README.md").read_text() == "# demo\nmine\n"
    assert (project / "src/demo/own.py").read_text() == "OWN = 1\n"


def test_regenerate_when_to_given_then_rendered_at_that_version(
    project: Path,
) -> None:
    """``--to`` renders another version (the answers record it)."""
    regeneration = plan_regeneration(RegenerateRequest(project=project, to="v1.1.0"))
    apply_regeneration(regeneration)

    assert (project / "CHANGELOG.md").read_text() == "# Changes\n"
    assert read_answers(project)["_commit"] == "v1.1.0"


def test_regenerate_when_tree_dirty_then_refused(project: Path) -> None:
    """A dirty tree is refused before anything is rendered."""
    _ = (project / "Dockerfile").write_text("wip\n")

    with pytest.raises(DirtyTreeError, match="uncommitted changes in Dockerfile"):
        _ = plan_regeneration(RegenerateRequest(project=project))


def test_regenerate_when_recorded_commit_missing_then_to_recovers_and_update_works(
    project: Path,
) -> None:
    """The recovery path for a ``_commit`` that no longer exists, end to end."""
    answers = (project / ".copier-answers.yml").read_text()
    edit(project, {".copier-answers.yml": answers.replace("v1.0.0", "v0.9.0")})
    with pytest.raises(NotFoundError, match=r"v0\.9\.0 does not exist.*--to VERSION"):
        _ = plan_regeneration(RegenerateRequest(project=project))

    apply_regeneration(
        plan_regeneration(RegenerateRequest(project=project, to="v1.0.0"))
    )
    edit(project, {})
    result = update_project(UpdateRequest(project=project))

    assert read_answers(project)["_commit"] == "v2.0.0"
    assert result.exit_code == 0


def test_regenerate_when_answers_have_unknown_keys_then_rewritten_without_them(
    project: Path,
) -> None:
    """Regenerate is the way out of an answers file with a foreign key."""
    answers = (project / ".copier-answers.yml").read_text()
    edit(project, {".copier-answers.yml": answers + "projet_name: typo\n"})

    apply_regeneration(plan_regeneration(RegenerateRequest(project=project)))

    assert "projet_name" not in read_answers(project)
    assert read_answers(project)["project_name"] == "demo"


def test_cli_regenerate_when_not_interactive_without_yes_then_diff_only_exit_0(
    project: Path,
) -> None:
    """Without ``--yes`` and no terminal: the diff is shown, nothing is written."""
    before = snapshot(project)

    completed = setsquare_process("regenerate", cwd=project)

    assert completed.returncode == 0, completed.stderr
    assert "-FROM scratch" in completed.stdout
    assert completed.stdout.splitlines()[-1] == (
        "Not applied: rerun with --yes to write these changes."
    )
    assert snapshot(project) == before


def test_cli_regenerate_when_yes_then_applied(project: Path) -> None:
    """``--yes`` applies after showing the diff."""
    completed = setsquare_process(
        "regenerate", str(project), "--yes", cwd=project.parent
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines()[-1].startswith("Regenerated")
    assert (project / "Dockerfile").read_text() == DOCKERFILE_V1


def test_cli_regenerate_when_unknown_version_then_one_line_exit_2(
    project: Path,
) -> None:
    """An unknown ``--to`` is one line and exit 2."""
    completed = setsquare_process("regenerate", "--to", "v5", cwd=project)

    assert completed.returncode == 2
    assert completed.stderr.strip().splitlines() == [completed.stderr.strip()]
    assert "v5 is not a version of the template" in completed.stderr
