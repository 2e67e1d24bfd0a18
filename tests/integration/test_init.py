"""``setsquare init`` against real template repositories, real copier and real git."""

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Final

import pytest

from setsquare.adapters.copier import read_answers
from setsquare.adapters.template_home import ensure_template_home
from setsquare.config import get_settings
from setsquare.exceptions import ValidationError
from setsquare.services.init import InitRequest, init_project, parse_data
from setsquare.services.template_resolution import recorded_source
from tests.conftest import TemplateFactory
from tests.support.process import setsquare_process
from tests.support.repos import commit_all, run_git

pytestmark = pytest.mark.integration

README: Final = {"template/README.md.jinja": "# {{ project_name }}\n"}
V2: Final = {"template/CHANGELOG.md": "v2\n"}


def test_init_when_template_has_tags_then_latest_tag_and_absolute_source_recorded(
    make_template: TemplateFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative ``--template`` is recorded absolute, at the newest tag."""
    template = make_template([("v1.0.0", README), ("v1.1.0", V2)])
    monkeypatch.chdir(template.parent)
    request = InitRequest(
        destination=tmp_path / "proj",
        template=template.name,
        defaults=True,
        answers={"project_name": "alpha"},
    )

    result = init_project(request)

    answers = read_answers(result.destination)
    assert answers["_src_path"] == str(template)
    assert answers["_commit"] == "v1.1.0"
    assert (result.destination / "README.md").read_text() == "# alpha\n"
    assert (result.destination / ".git").is_dir()


def test_init_when_vcs_ref_given_then_that_version_rendered(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """``--vcs-ref`` pins the template version."""
    template = make_template([("v1.0.0", README), ("v1.1.0", V2)])

    result = init_project(
        InitRequest(
            destination=tmp_path / "p",
            template=str(template),
            vcs_ref="v1.0.0",
            defaults=True,
        )
    )

    assert result.version == "v1.0.0"
    assert not (result.destination / "CHANGELOG.md").exists()


def test_init_when_destination_not_empty_then_refused_without_force(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """A non-empty destination is refused and left untouched."""
    template = make_template([("v1.0.0", README)])
    destination = tmp_path / "busy"
    destination.mkdir()
    _ = (destination / "notes.txt").write_text("mine\n")

    with pytest.raises(ValidationError, match="not empty"):
        _ = init_project(
            InitRequest(destination=destination, template=str(template), defaults=True)
        )

    assert sorted(p.name for p in destination.iterdir()) == ["notes.txt"]


def test_init_when_force_then_existing_files_kept_and_reported(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """``--force`` adds missing files and never overwrites an existing one."""
    template = make_template([("v1.0.0", README | {"template/setup.cfg": "[x]\n"})])
    destination = tmp_path / "busy"
    destination.mkdir()
    _ = (destination / "README.md").write_text("my readme\n")

    result = init_project(
        InitRequest(
            destination=destination, template=str(template), defaults=True, force=True
        )
    )

    assert result.skipped == ["README.md"]
    assert (destination / "README.md").read_text() == "my readme\n"
    assert (destination / "setup.cfg").read_text() == "[x]\n"


def test_init_when_validator_refuses_then_validation_error_and_nothing_written(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """The template's own copier validator refuses a stdlib package name before rendering."""
    template = make_template([("v1.0.0", README)])
    destination = tmp_path / "bad"

    with pytest.raises(ValidationError, match="shadows a stdlib module"):
        _ = init_project(
            InitRequest(
                destination=destination,
                template=str(template),
                defaults=True,
                answers={"package_name": "logging"},
            )
        )

    assert not destination.exists()


def test_parse_data_when_pair_malformed_then_validation_error() -> None:
    """``--data`` needs ``KEY=VALUE``."""
    assert parse_data(["a=1", "b=x=y"]) == {"a": "1", "b": "x=y"}
    with pytest.raises(ValidationError, match="KEY=VALUE"):
        _ = parse_data(["novalue"])


def test_recorded_source_when_relative_path_then_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only local relative paths are rewritten; URLs and ``~`` paths are kept."""
    monkeypatch.chdir(tmp_path)
    assert recorded_source("tpl") == str(tmp_path / "tpl")
    assert recorded_source("~/x/template") == "~/x/template"
    assert recorded_source("https://example.com/t.git") == "https://example.com/t.git"


def _ship(repository: Path, bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bundle a template repository as a setsquare wheel would ship it.

    Args:
        repository: The template repository.
        bundle: Where to write the bundle.
        monkeypatch: Used to point setsquare at the bundle.
    """
    _ = run_git(
        repository, "bundle", "create", str(bundle), "HEAD", "--tags", "--branches"
    )
    monkeypatch.setenv("SETSQUARE_SHIPPED_TEMPLATE", str(bundle))
    get_settings.cache_clear()


def _commit_user_line(project: Path) -> None:
    """Add a user's own line to the README and commit it.

    Args:
        project: The rendered project.
    """
    _ = (project / "README.md").write_text("# demo\nmy own line\n")
    _ = run_git(project, "add", "--all")
    _ = run_git(project, "commit", "--quiet", "-m", "start")


def test_init_when_shipped_template_then_home_recorded_and_copier_update_works_elsewhere(
    make_template: TemplateFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The acceptance test of template-sources.md for the template home.

    init records the ``~`` home; the project moves; under a fresh HOME whose home is
    rebuilt from a newer shipped bundle, plain ``copier update`` reaches the newest
    version and keeps the user's line.
    """
    template = make_template([("v1.0.0", README)])
    _ship(template, tmp_path / "v1.bundle", monkeypatch)
    project = init_project(
        InitRequest(destination=tmp_path / "first", defaults=True)
    ).destination
    assert read_answers(project)["_src_path"] == "~/.local/share/setsquare/template"
    assert read_answers(project)["_commit"] == "v1.0.0"
    _commit_user_line(project)
    moved = Path(shutil.move(project, tmp_path / "elsewhere"))
    _ = (template / "template/CHANGELOG.md").write_text("v2\n")
    _ = commit_all(template, "v2", tag="v2.0.0")
    monkeypatch.setenv("HOME", str(tmp_path / "fresh-home"))
    _ship(template, tmp_path / "v2.bundle", monkeypatch)
    _ = ensure_template_home()  # what any setsquare command does first

    update = subprocess.run(  # noqa: S603 - fixed argument list
        [
            str(Path(sys.executable).parent / "copier"),
            "update",
            "--defaults",
            "--trust",
        ],
        cwd=moved,
        capture_output=True,
        text=True,
        check=False,
    )

    assert update.returncode == 0, update.stderr
    assert read_answers(moved)["_commit"] == "v2.0.0"
    assert read_answers(moved)["_src_path"] == "~/.local/share/setsquare/template"
    assert "my own line" in (moved / "README.md").read_text()
    assert (moved / "CHANGELOG.md").read_text() == "v2\n"


def test_cli_init_when_bad_data_then_one_line_error_and_exit_2(tmp_path: Path) -> None:
    """The CLI maps errors to one line on stderr and exit code 2, no traceback."""
    completed = setsquare_process(
        "init", str(tmp_path / "x"), "--data", "oops", "--defaults", cwd=tmp_path
    )

    assert completed.returncode == 2
    assert completed.stderr.strip().splitlines() == [
        "setsquare: error: --data expects KEY=VALUE, got 'oops'"
    ]
