"""``setsquare update`` with a real four-version template, real copier and real git.

Every scenario asserts that each line the user wrote survives: in place, inside a
conflict marker, or in a ``.rej`` file.
"""

import sys
from pathlib import Path

import pytest

from setsquare.adapters.copier import read_answers, update as copier_update
from setsquare.domain.changes import ChangeKind, ConflictStyle
from setsquare.exceptions import (
    ConfigurationError,
    DirtyTreeError,
    NotFoundError,
    ValidationError,
)
from setsquare.services.update import UpdateRequest, UpdateResult, update_project
from tests.support.repos import run_git
from tests.support.versioned import (
    DOCKERFILE_V1,
    UTIL,
    all_text,
    edit,
    rendered_project,
    snapshot,
    versioned_template,
)

pytestmark = pytest.mark.integration

MINE = "\n\ndef mine():\n    return 'user'\n"


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """Build the four-version template.

    Args:
        tmp_path: pytest's per-test directory.

    Returns:
        The template repository.
    """
    return versioned_template(tmp_path / "template")


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:
    """Render and commit a project at v1.0.0.

    Args:
        template: The template repository.
        tmp_path: pytest's per-test directory.

    Returns:
        The project.
    """
    return rendered_project(template, tmp_path / "demo")


def _update(
    project: Path,
    to: str | None = None,
    *,
    dry_run: bool = False,
    conflict: ConflictStyle = "inline",
    template: str | None = None,
) -> UpdateResult:
    """Run the update service.

    Args:
        project: The project.
        to: The version to update to.
        dry_run: Write nothing.
        conflict: The conflict style.
        template: Another template source.

    Returns:
        The result.
    """
    return update_project(
        UpdateRequest(
            project=project,
            to=to,
            dry_run=dry_run,
            conflict=conflict,
            template=template,
        )
    )


def _plan(result: UpdateResult) -> list[str]:
    """Return the conflict locations of a result.

    Args:
        result: An update result with a plan.

    Returns:
        ``path[:line]`` of each conflict.
    """
    assert result.plan is not None
    return [conflict.location for conflict in result.plan.conflicts]


def test_update_when_owned_file_edited_then_merged_and_template_change_applied(
    project: Path,
) -> None:
    """A line added to an owned file stays in place beside the template's change."""
    edit(project, {"Dockerfile": DOCKERFILE_V1 + "# user docker\n"})

    result = _update(project, to="v1.2.0")

    dockerfile = (project / "Dockerfile").read_text()
    assert "# user docker" in dockerfile
    assert "RUN pip install --no-cache-dir uv" in dockerfile
    assert result.exit_code == 0
    assert result.applied
    assert read_answers(project)["_commit"] == "v1.2.0"


def test_update_when_same_lines_edited_then_conflict_located_and_exit_1(
    project: Path,
) -> None:
    """A clash with the template's change becomes conflict markers with their line."""
    edit(project, {"Dockerfile": 'FROM python:3.13-slim\nUSER me\nCMD ["python"]\n'})

    result = _update(project, to="v1.2.0")

    dockerfile = (project / "Dockerfile").read_text()
    assert "USER me" in dockerfile
    marker = dockerfile.splitlines().index("<<<<<<< before updating") + 1
    assert _plan(result) == [f"Dockerfile:{marker}"]
    assert result.exit_code == 1


def test_update_when_seeded_file_edited_then_left_alone(project: Path) -> None:
    """A seeded file (``_skip_if_exists``) is the user's: the update never touches it."""
    edit(project, {"README.md": "# demo\nAll about my project.\n"})

    result = _update(project)

    assert (project / "README.md").read_text() == "# demo\nAll about my project.\n"
    assert result.plan is not None
    assert "README.md" not in [change.path for change in result.plan.changes]
    assert read_answers(project)["_commit"] == "v2.0.0"


def test_update_when_new_version_adds_file_then_added_and_reported(
    project: Path,
) -> None:
    """A file the new version adds appears and is listed as added."""
    result = _update(project, to="v1.1.0")

    assert (project / "CHANGELOG.md").read_text() == "# Changes\n"
    assert result.plan is not None
    assert result.plan.paths(ChangeKind.ADDED) == ["CHANGELOG.md"]
    assert result.plan.paths(ChangeKind.CHANGED) == [".copier-answers.yml"]


def test_update_when_deleted_file_unedited_then_removed(project: Path) -> None:
    """A template file the user never touched goes when the template drops it."""
    result = _update(project, to="v1.2.0")

    assert not (project / "setup.cfg").exists()
    assert result.plan is not None
    assert result.plan.paths(ChangeKind.REMOVED) == ["setup.cfg"]
    assert result.exit_code == 0


def test_update_when_deleted_file_edited_then_kept_as_conflict(project: Path) -> None:
    """Plain copier would delete it with the user's line; setsquare keeps it as a conflict."""
    edit(project, {"setup.cfg": "[metadata]\nname = demo\n# my own setting\n"})

    result = _update(project, to="v1.2.0")

    kept = (project / "setup.cfg").read_text()
    assert "# my own setting" in kept
    assert kept.startswith("<<<<<<< before updating\n")
    assert _plan(result) == ["setup.cfg:1"]
    assert result.plan is not None
    assert "deletes it" in result.plan.conflicts[0].reason
    assert result.exit_code == 1


def test_update_when_deleted_file_edited_and_rej_style_then_lines_in_rej(
    project: Path,
) -> None:
    """With ``--conflict rej`` the user's lines of a dropped file survive in a .rej."""
    edit(project, {"setup.cfg": "[metadata]\nname = demo\n# my own setting\n"})

    result = _update(project, to="v1.2.0", conflict="rej")

    assert "setup.cfg.rej" in _plan(result)
    assert "+# my own setting" in (project / "setup.cfg.rej").read_text()
    assert result.exit_code == 1


def test_update_when_migration_renames_edited_file_then_lines_follow_rename(
    project: Path,
) -> None:
    """v2.0.0 renames util.py to helpers.py: the user's function moves with it."""
    edit(project, {"src/demo/util.py": UTIL + MINE})

    result = _update(project)

    helpers = (project / "src/demo/helpers.py").read_text()
    assert "def mine():" in helpers
    assert "    return 'user'" in helpers
    assert not (project / "src/demo/util.py").exists()
    assert _plan(result) == ["src/demo/helpers.py:2"]


@pytest.mark.parametrize("conflict", ["inline", "rej"])
def test_update_when_migration_renames_untouched_file_then_no_conflict(
    project: Path, conflict: ConflictStyle
) -> None:
    """A renamed file the user never edited takes the new version, no conflict.

    Plain copier reports the whole file as a conflict here (the rename looks like
    a file the user added).
    """
    result = _update(project, conflict=conflict)

    assert (project / "src/demo/helpers.py").read_text() == (
        "def helper():\n    return 2\n"
    )
    assert not (project / "src/demo/util.py").exists()
    assert not (project / "src/demo/helpers.py.rej").exists()
    assert result.exit_code == 0


def test_update_when_package_renamed_then_changes_land_in_new_package(
    project: Path,
) -> None:
    """A package renamed with git mv (answers updated) is updated where it now lives."""
    _ = run_git(project, "mv", "src/demo", "src/renamed")
    answers = (project / ".copier-answers.yml").read_text()
    edit(
        project,
        {
            ".copier-answers.yml": answers.replace(
                "package_name: demo", "package_name: renamed"
            ),
            "src/renamed/util.py": UTIL + MINE,
        },
    )

    result = _update(project)

    assert "def mine():" in (project / "src/renamed/helpers.py").read_text()
    assert not (project / "src/demo").exists()
    assert not (project / "src/renamed/util.py").exists()
    assert read_answers(project)["package_name"] == "renamed"
    assert result.exit_code == 1


def test_update_when_every_kind_of_edit_then_no_user_line_lost(project: Path) -> None:
    """One project with every kind of edit, updated v1.0.0 → v2.0.0 in one go."""
    lines = {
        "Dockerfile": DOCKERFILE_V1 + "# user docker\n",
        "README.md": "# demo\nuser readme\n",
        "setup.cfg": "[metadata]\nname = demo\n# user cfg\n",
        "src/demo/util.py": UTIL + MINE,
        "src/demo/own.py": "OWN = 'entirely mine'\n",
    }
    edit(project, lines)

    result = _update(project)

    text = all_text(project)
    for content in lines.values():
        for line in content.splitlines():
            assert line in text, line
    assert result.exit_code == 1


def test_update_when_tree_dirty_then_refused_with_files_and_nothing_touched(
    project: Path,
) -> None:
    """Uncommitted changes are listed, never stashed or discarded."""
    _ = (project / "Dockerfile").write_text("edited, not committed\n")
    _ = (project / "notes.txt").write_text("untracked\n")
    before = snapshot(project)

    with pytest.raises(DirtyTreeError, match=r"Dockerfile, notes\.txt"):
        _ = _update(project)

    assert snapshot(project) == before


def test_update_when_answers_missing_then_configuration_error(project: Path) -> None:
    """No answers file: the project was not made from a template."""
    (project / ".copier-answers.yml").unlink()
    edit(project, {})
    before = snapshot(project)

    with pytest.raises(ConfigurationError, match=r"is missing.*setsquare adopt"):
        _ = _update(project)

    assert snapshot(project) == before


def test_update_when_answers_invalid_yaml_then_configuration_error(
    project: Path,
) -> None:
    """A corrupted answers file is refused with a way back."""
    edit(project, {".copier-answers.yml": "_commit: [v1.0.0\n"})
    before = snapshot(project)

    with pytest.raises(ConfigurationError, match=r"not readable YAML.*git log"):
        _ = _update(project)

    assert snapshot(project) == before


def test_update_when_answers_have_unknown_keys_then_named_and_refused(
    project: Path,
) -> None:
    """A key the template never asked (a typo) is named, and nothing changes."""
    answers = (project / ".copier-answers.yml").read_text()
    edit(project, {".copier-answers.yml": answers + "projet_name: typo\n"})
    before = snapshot(project)

    with pytest.raises(ConfigurationError, match="does not ask: projet_name"):
        _ = _update(project)

    assert snapshot(project) == before


def test_update_when_recorded_commit_missing_then_recovery_explained(
    project: Path,
) -> None:
    """A ``_commit`` the template does not have points at ``regenerate --to``."""
    answers = (project / ".copier-answers.yml").read_text()
    edit(project, {".copier-answers.yml": answers.replace("v1.0.0", "v0.9.0")})
    before = snapshot(project)

    with pytest.raises(
        NotFoundError, match=r"v0\.9\.0 does not exist.*regenerate --to"
    ):
        _ = _update(project)

    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (
            "_src_path",
            r"records no template source \(`_src_path`\): pass `--template SRC`",
        ),
        ("_commit", r"records no template version \(`_commit`\)"),
    ],
)
def test_update_when_answers_lack_private_key_then_configuration_error(
    project: Path, key: str, message: str
) -> None:
    """An answers file without its source or version says how to go on."""
    lines = (project / ".copier-answers.yml").read_text().splitlines(keepends=True)
    kept = "".join(line for line in lines if not line.startswith(f"{key}:"))
    edit(project, {".copier-answers.yml": kept})

    with pytest.raises(ConfigurationError, match=message):
        _ = _update(project)


def test_update_when_recorded_commit_is_a_hash_then_not_a_version(
    project: Path, template: Path
) -> None:
    """A ``_commit`` that exists but names no version cannot be updated from."""
    commit = run_git(template, "rev-parse", "v1.0.0^{commit}")
    answers = (project / ".copier-answers.yml").read_text()
    edit(project, {".copier-answers.yml": answers.replace("v1.0.0", commit)})

    with pytest.raises(ConfigurationError, match=r"is not a version.*regenerate --to"):
        _ = _update(project)


def test_update_when_template_has_no_version_tags_then_not_found(
    project: Path, template: Path
) -> None:
    """A source without PEP 440 tags has no versions to update to."""
    for tag in run_git(template, "tag", "--list").splitlines():
        _ = run_git(template, "tag", "--delete", tag)

    with pytest.raises(NotFoundError, match="has no version tags"):
        _ = _update(project)


def test_update_when_template_unreachable_then_not_found(
    project: Path, template: Path, tmp_path: Path
) -> None:
    """A recorded source that has gone away is one clear error."""
    _ = template.rename(tmp_path / "moved-away")

    with pytest.raises(NotFoundError, match="cannot read the versions of the template"):
        _ = _update(project)


def test_update_when_dry_run_then_diff_shown_and_nothing_written(
    project: Path,
) -> None:
    """``--dry-run`` computes the whole update and writes nothing at all."""
    edit(project, {"setup.cfg": "[metadata]\nname = demo\n# mine\n"})
    before = snapshot(project)

    result = _update(project, dry_run=True)

    assert snapshot(project) == before
    assert not result.applied
    assert result.plan is not None
    assert "+++ b/CHANGELOG.md" in result.plan.diff
    assert "+RUN pip install --no-cache-dir uv" in result.plan.diff
    assert result.exit_code == 1


def test_update_when_downgrade_requested_then_refused(project: Path) -> None:
    """``--to`` an older version is refused and points at regenerate."""
    _ = _update(project, to="v1.2.0")
    edit(project, {})
    before = snapshot(project)

    with pytest.raises(ValidationError, match=r"older than the recorded v1\.2\.0"):
        _ = _update(project, to="v1.1.0")

    assert snapshot(project) == before


def test_update_when_unknown_version_then_available_listed(project: Path) -> None:
    """An unknown ``--to`` lists the versions that exist."""
    with pytest.raises(NotFoundError, match=r"v7\.0\.0 is not a version.*v1\.0\.0, "):
        _ = _update(project, to="v7.0.0")


def test_update_when_already_newest_then_nothing_to_do(project: Path) -> None:
    """A second update finds nothing to do."""
    _ = _update(project)
    edit(project, {})

    result = _update(project)

    assert result.plan is None
    assert result.exit_code == 0


def test_update_when_other_template_given_then_source_recorded_absolute(
    project: Path, template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--template`` switches the source (a fork with the same history), recorded absolute."""
    fork = tmp_path / "fork"
    _ = run_git(tmp_path, "clone", "--quiet", str(template), str(fork))
    _ = run_git(fork, "fetch", "--quiet", "--tags")
    monkeypatch.chdir(tmp_path)

    result = _update(project, template="fork", to="v1.1.0")

    assert result.source == str(fork)
    assert read_answers(project)["_src_path"] == str(fork)
    assert read_answers(project)["_commit"] == "v1.1.0"


def test_copier_update_when_keep_recorded_then_copiers_render_of_it_is_kept(
    project: Path, tmp_path: Path
) -> None:
    """The render copier makes of the recorded version is kept: it is made once."""
    kept = tmp_path / "recorded"

    run = copier_update(
        project, vcs_ref="v1.2.0", conflict="inline", keep_recorded=kept
    )

    assert run.questions == frozenset({"project_name", "package_name"})
    assert (kept / "Dockerfile").read_text() == DOCKERFILE_V1
    assert (kept / "setup.cfg").is_file()  # v1.2.0 deletes it: this is v1.0.0
    assert not (project / "setup.cfg").exists()


def test_update_when_copier_has_no_worker_class_then_updated_through_run_update(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without copier's internal ``Worker`` the update still merges, rendering itself."""
    monkeypatch.setitem(sys.modules, "copier._main", None)  # import raises ImportError
    edit(project, {"Dockerfile": DOCKERFILE_V1 + "# user docker\n"})

    result = _update(project, to="v1.2.0")

    dockerfile = (project / "Dockerfile").read_text()
    assert "# user docker" in dockerfile
    assert "RUN pip install --no-cache-dir uv" in dockerfile
    assert (result.exit_code, read_answers(project)["_commit"]) == (0, "v1.2.0")
