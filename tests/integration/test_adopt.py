"""``setsquare adopt`` on real existing projects in real git repositories."""

from pathlib import Path
from typing import Final

import pytest
from typer.testing import CliRunner

from setsquare.adapters.copier import read_answers
from setsquare.api.cli import app
from setsquare.exceptions import ConfigurationError, ValidationError
from setsquare.services.adopt import AdoptRequest, adopt_project
from setsquare.services.conform import ConformRequest, conform
from tests.conftest import TemplateFactory
from tests.support.repos import commit_all, run_git, write_files

pytestmark = pytest.mark.integration

TEMPLATE: Final = {
    "template/README.md.jinja": "# {{ project_name }}\n",
    "template/Dockerfile.jinja": 'FROM x:nonroot\nENTRYPOINT ["python", "-m", "{{ package_name }}"]\n',
    "template/src/{{ package_name }}/__init__.py.jinja": '"""{{ package_name }}."""\n',
}
SETUP_PY = """\
from setuptools import setup

setup(
    name="Legacy-Tool",
    description="An old tool.",
    author="Ada",
    author_email="ada@example.com",
    python_requires=">=3.12",
)
"""


def _legacy(tmp_path: Path) -> Path:
    """Create a committed flat-layout project with a ``setup.py``.

    Args:
        tmp_path: The test's directory.

    Returns:
        The project.
    """
    project = tmp_path / "legacy"
    project.mkdir()
    _ = run_git(project, "init", "--quiet")
    write_files(
        project,
        {
            "setup.py": SETUP_PY,
            "README.md": "# Legacy\nmy own words\n",
            "legacy_tool/__init__.py": '"""Legacy."""\nVALUE = 1\n',
        },
    )
    _ = commit_all(project, "legacy")
    return project


def test_adopt_when_flat_setup_py_project_then_answers_inferred_and_moved_and_nothing_overwritten(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """Answers come from setup.py; git mv moves the package; clashes become .rej."""
    template = make_template([("v1.0.0", TEMPLATE)])
    project = _legacy(tmp_path)

    result = adopt_project(
        AdoptRequest(project=project, src_layout=True, template=str(template))
    )

    assert result.answers == {
        "project_name": "Legacy-Tool",
        "package_name": "legacy_tool",
        "python_version": "3.12",
        "description": "An old tool.",
        "author_name": "Ada",
        "author_email": "ada@example.com",
    }
    assert result.moved == ("legacy_tool", "src/legacy_tool")
    assert "R  legacy_tool/__init__.py -> src/legacy_tool/__init__.py" in run_git(
        project, "status", "--porcelain"
    )
    assert (
        project / "src/legacy_tool/__init__.py"
    ).read_text() == '"""Legacy."""\nVALUE = 1\n'
    assert (project / "README.md").read_text() == "# Legacy\nmy own words\n"
    assert result.conflicts == ["README.md", "src/legacy_tool/__init__.py"]
    assert "+# Legacy-Tool" in (project / "README.md.rej").read_text()
    assert "Dockerfile" in result.added
    assert read_answers(project)["_commit"] == "v1.0.0"


def test_adopt_when_adopted_then_conform_sees_owned_files_and_version(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """After adopt, conform works as for a project made by init."""
    template = make_template([("v1.0.0", TEMPLATE)])
    project = _legacy(tmp_path)
    _ = adopt_project(
        AdoptRequest(project=project, template=str(template), baseline=False)
    )

    report = conform(ConformRequest(project=project, checks=("version", "owned")))

    assert report.exit_code == 0, report.findings


def test_adopt_when_not_git_or_already_adopted_then_refused(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """A non-git directory and an already adopted project are refused."""
    template = make_template([("v1.0.0", TEMPLATE)])
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(ValidationError, match="not a git working tree"):
        _ = adopt_project(AdoptRequest(project=plain, template=str(template)))
    project = _legacy(tmp_path)
    _ = adopt_project(AdoptRequest(project=project, template=str(template)))

    with pytest.raises(ConfigurationError, match="already records a template"):
        _ = adopt_project(AdoptRequest(project=project, template=str(template)))


def test_adopt_cli_when_conflicts_then_exit_1_and_each_listed(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """The CLI lists added files and conflicts, and exits 1 while conflicts remain."""
    template = make_template([("v1.0.0", TEMPLATE)])
    project = _legacy(tmp_path)

    result = CliRunner().invoke(
        app,
        [
            "adopt",
            str(project),
            "--template",
            str(template),
            "--data",
            "package_name=legacy_tool",
        ],
    )

    assert result.exit_code == 1
    assert (
        "conflict: README.md differs from the template; see README.md.rej"
        in result.stdout
    )
    assert "added: Dockerfile" in result.stdout


def test_adopt_when_baseline_then_check_canon_passes_until_a_new_finding(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """The baseline makes day one green under the canon; a new violation still fails."""
    template = make_template([("v1.0.0", TEMPLATE)])
    project = _legacy(tmp_path)

    result = adopt_project(AdoptRequest(project=project, template=str(template)))

    assert result.baseline is not None
    assert result.baseline.recorded > 0
    runner = CliRunner()
    check = ["check", "--canon", "--baseline", str(result.baseline.path), str(project)]
    assert runner.invoke(app, check).exit_code == 0
    _ = (project / "legacy_tool" / "new.py").write_text("import os\nprint(os.sep)\n")
    assert runner.invoke(app, check).exit_code == 1
