"""``setsquare versions``: available versions, the shipped one, and where a project stands."""

import subprocess
import sys
from pathlib import Path

import pytest

from setsquare import TEMPLATE_VERSION
from setsquare.config import get_settings
from setsquare.services.update import UpdateRequest, update_project
from setsquare.services.versions import list_versions
from tests.support.repos import run_git
from tests.support.versioned import edit, rendered_project, versioned_template

pytestmark = pytest.mark.integration


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """Build the four-version template.

    Args:
        tmp_path: pytest's per-test directory.

    Returns:
        The template repository.
    """
    return versioned_template(tmp_path / "template")


def test_versions_when_project_behind_then_recorded_and_distance_reported(
    template: Path, tmp_path: Path
) -> None:
    """A project at v1.0.0 is three releases (three minor series) behind v2.0.0."""
    project = rendered_project(template, tmp_path / "demo")

    report = list_versions(project)

    assert [item.tag for item in report.available] == [
        "v1.0.0",
        "v1.1.0",
        "v1.2.0",
        "v2.0.0",
    ]
    assert report.newest is not None
    assert report.newest.tag == "v2.0.0"
    assert report.recorded == "v1.0.0"
    assert [item.tag for item in report.behind] == ["v1.1.0", "v1.2.0", "v2.0.0"]
    assert report.minor_behind == 3
    assert report.shipped == TEMPLATE_VERSION


def test_versions_when_project_updated_then_up_to_date(
    template: Path, tmp_path: Path
) -> None:
    """After ``update`` the project is no longer behind."""
    project = rendered_project(template, tmp_path / "demo")
    _ = update_project(UpdateRequest(project=project))
    edit(project, {})

    report = list_versions(project)

    assert report.recorded == "v2.0.0"
    assert report.behind == []


def test_versions_when_outside_project_then_shipped_template_home_listed(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside a project the versions are those of the template setsquare ships."""
    bundle = tmp_path / "shipped.bundle"
    _ = run_git(template, "bundle", "create", str(bundle), "HEAD", "--tags")
    monkeypatch.setenv("SETSQUARE_SHIPPED_TEMPLATE", str(bundle))
    get_settings.cache_clear()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    report = list_versions(elsewhere)

    assert report.source == "~/.local/share/setsquare/template"
    assert report.newest is not None
    assert report.newest.tag == "v2.0.0"
    assert report.recorded is None


def test_cli_versions_when_in_project_then_lines_and_exit_0(
    template: Path, tmp_path: Path
) -> None:
    """The command prints the versions, the shipped one and the project's state."""
    project = rendered_project(template, tmp_path / "demo", version="v1.2.0")

    completed = subprocess.run(
        [sys.executable, "-m", "setsquare", "versions"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines() == [
        f"template: {template}",
        "versions: v1.0.0, v1.1.0, v1.2.0, v2.0.0 (newest)",
        f"setsquare ships template {TEMPLATE_VERSION}",
        "this project: v1.2.0, behind by 1 release(s) (1 minor): run `setsquare update`",
    ]


def test_cli_versions_when_template_given_then_its_tags_listed(
    template: Path, tmp_path: Path
) -> None:
    """``--template`` lists another source's versions."""
    completed = subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, "-m", "setsquare", "versions", "--template", str(template)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert "versions: v1.0.0, v1.1.0, v1.2.0, v2.0.0 (newest)" in completed.stdout


def test_cli_versions_when_template_untagged_then_none_listed_exit_0(
    template: Path, tmp_path: Path
) -> None:
    """A source without version tags (a development checkout) is reported, not an error."""
    project = rendered_project(template, tmp_path / "demo")
    for tag in run_git(template, "tag", "--list").splitlines():
        _ = run_git(template, "tag", "--delete", tag)

    completed = subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, "-m", "setsquare", "versions", str(project)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines()[1:] == [
        "versions: none (the template has no PEP 440 tags)",
        f"setsquare ships template {TEMPLATE_VERSION}",
        "this project: v1.0.0 (cannot compare)",
    ]
