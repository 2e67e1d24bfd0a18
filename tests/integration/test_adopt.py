"""``setsquare adopt`` on real existing projects in real git repositories."""

from pathlib import Path
from typing import Final

import pytest

from setsquare.adapters.copier import read_answers
from setsquare.domain.conform_checks import ConformCheck
from setsquare.exceptions import ConfigurationError, DirtyTreeError, ValidationError
from setsquare.services.adopt import AdoptRequest, Conflict, adopt_project
from setsquare.services.conform import ConformRequest, conform
from tests.conftest import TemplateFactory
from tests.support.cli import Cli
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
    version="0.3",
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
        AdoptRequest(
            project=project, src_layout=True, template=str(template), baseline=False
        )
    )

    assert result.answers == {
        "project_name": "Legacy-Tool",
        "package_name": "legacy_tool",
        "python_version": "3.12",
        "description": "An old tool.",
        "author_name": "Ada",
        "author_email": "ada@example.com",
        "docs": "false",
    }
    assert result.moved == ("legacy_tool", "src/legacy_tool")
    assert "R  legacy_tool/__init__.py -> src/legacy_tool/__init__.py" in run_git(
        project, "status", "--porcelain"
    )
    assert (
        project / "src/legacy_tool/__init__.py"
    ).read_text() == '"""Legacy."""\nVALUE = 1\n'
    assert (project / "README.md").read_text() == "# Legacy\nmy own words\n"
    assert result.conflicts == [Conflict("README.md", "README.md.rej")]
    assert "+# Legacy-Tool" in (project / "README.md.rej").read_text()
    assert "Dockerfile" in result.added
    assert read_answers(project)["_commit"] == "v1.0.0"
    pyproject = (project / "pyproject.toml").read_text()
    assert 'version = "0.3"' in pyproject
    assert 'build-backend = "setuptools.build_meta"' in pyproject


def test_adopt_when_adopted_then_conform_sees_owned_files_and_version(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """After adopt, conform works as for a project made by init."""
    template = make_template([("v1.0.0", TEMPLATE)])
    project = _legacy(tmp_path)
    _ = adopt_project(
        AdoptRequest(project=project, template=str(template), baseline=False)
    )

    report = conform(
        ConformRequest(
            project=project, checks=(ConformCheck.VERSION, ConformCheck.OWNED)
        )
    )

    assert report.exit_code == 0, report.findings


def test_adopt_when_bad_input_then_refused_with_nothing_written(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """Not git, adopted already, dirty, unreadable setup.py, ambiguous package: refused."""
    template = make_template([("v1.0.0", TEMPLATE)])
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(ValidationError, match="not a git working tree"):
        _ = adopt_project(AdoptRequest(project=plain, template=str(template)))
    project = _legacy(tmp_path)
    _ = (project / "setup.py").write_text(
        SETUP_PY.replace('name="Legacy-Tool"', "name=NAME, version=get_version()")
    )
    with pytest.raises(DirtyTreeError, match=r"has uncommitted changes \(setup\.py\)"):
        _ = adopt_project(AdoptRequest(project=project, template=str(template)))
    _ = commit_all(project, "dynamic")
    with pytest.raises(ValidationError) as missing:
        _ = adopt_project(AdoptRequest(project=project, template=str(template)))
    assert str(missing.value).startswith(
        "setup.py: cannot read name, version without running setup.py; "
        + "pass them with --data name=VALUE --data version=VALUE"
    )
    assert run_git(project, "status", "--porcelain") == ""


def test_adopt_when_package_ambiguous_or_adopted_then_refused(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """Several packages none of which the name gives, and a second adopt: refused."""
    template = make_template([("v1.0.0", TEMPLATE)])
    project = _legacy(tmp_path)
    write_files(project, {"other_tool/__init__.py": ""})
    _ = commit_all(project, "second package")
    data = ("name=Renamed", "version=1.0")
    with pytest.raises(ValidationError, match="has several packages"):
        _ = adopt_project(
            AdoptRequest(project=project, template=str(template), extra_data=data)
        )
    assert run_git(project, "status", "--porcelain") == ""
    _ = adopt_project(
        AdoptRequest(
            project=project,
            template=str(template),
            extra_data=(*data, "package_name=legacy_tool"),
            baseline=False,
        )
    )
    with pytest.raises(ConfigurationError, match="already records a template"):
        _ = adopt_project(AdoptRequest(project=project, template=str(template)))


def test_adopt_cli_when_conflicts_then_exit_1_and_each_listed(
    make_template: TemplateFactory, tmp_path: Path, cli: Cli
) -> None:
    """The CLI lists added files and conflicts, and exits 1 while conflicts remain."""
    template = make_template([("v1.0.0", TEMPLATE)])
    project = _legacy(tmp_path)

    result = cli(
        [
            "adopt",
            str(project),
            "--template",
            str(template),
            "--no-baseline",
            "--data",
            "package_name=legacy_tool",
        ],
    )

    assert (result.code, result.stderr) == (1, "")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("answers: ")
    assert "conflict: README.md kept; the canon's version is in README.md.rej" in lines
    assert "added: Dockerfile" in lines
    assert "gap: legacy_tool/config.py (reported, not generated)" in lines
