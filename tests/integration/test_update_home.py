"""The acceptance test of template-sources.md, with ``setsquare update``.

``setsquare init`` renders from the template home under one HOME; the project moves;
setsquare is "upgraded" (a newer shipped bundle); under a fresh HOME, with no network,
``setsquare update`` (which rebuilds the home itself) and then plain ``copier update``
reach the newest version without losing a line the user wrote.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from setsquare.adapters.copier import read_answers
from setsquare.config import get_settings
from setsquare.services.init import InitRequest, init_project
from tests.support.repos import commit_all, run_git, template_repository, write_files
from tests.support.versioned import DOCKERFILE_V1, UTIL, VERSIONS, edit

pytestmark = pytest.mark.integration

HOME_SOURCE = "~/.local/share/setsquare/template"
MINE = "\n\ndef mine():\n    return 'user'\n"


def _ship(repository: Path, bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bundle the template as a setsquare wheel ships it and point setsquare at it.

    Args:
        repository: The template repository.
        bundle: Where to write the bundle.
        monkeypatch: Used to set ``SETSQUARE_SHIPPED_TEMPLATE``.
    """
    _ = run_git(repository, "bundle", "create", str(bundle), "HEAD", "--tags")
    monkeypatch.setenv("SETSQUARE_SHIPPED_TEMPLATE", str(bundle))
    get_settings.cache_clear()


def _release_the_rest(template: Path) -> None:
    """Add the later versions (v1.1.0 … v2.0.0) to the template repository.

    Args:
        template: The template repository, holding v1.0.0.
    """
    for tag, files in VERSIONS[1:]:
        for relative, content in files.items():
            if content == "<delete>":
                (template / relative).unlink()
        write_files(template, {k: v for k, v in files.items() if v != "<delete>"})
        _ = commit_all(template, f"template {tag}", tag=tag)


def _go_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every network access fail: git may only use local paths, proxies are dead.

    Args:
        monkeypatch: pytest's environment patcher.
    """
    monkeypatch.setenv("GIT_ALLOW_PROTOCOL", "file")
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.setenv("UV_OFFLINE", "1")


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command and capture its output.

    Args:
        args: The command.
        cwd: The working directory.

    Returns:
        The completed process.
    """
    return subprocess.run(  # noqa: S603 - fixed argument lists from the test
        args, cwd=cwd, capture_output=True, text=True, check=False
    )


def _made_elsewhere(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Init from the shipped v1.0.0, add the user's lines, and move the project.

    Args:
        template: The template repository, holding v1.0.0.
        tmp_path: pytest's per-test directory.
        monkeypatch: pytest's environment patcher.

    Returns:
        The moved project.
    """
    _ship(template, tmp_path / "v1.bundle", monkeypatch)
    project = init_project(
        InitRequest(destination=tmp_path / "first", defaults=True)
    ).destination
    assert read_answers(project)["_src_path"] == HOME_SOURCE
    edit(project, {"Dockerfile": DOCKERFILE_V1 + "# user docker\n"})
    edit(project, {"src/demo/util.py": UTIL + MINE})
    return Path(shutil.move(project, tmp_path / "elsewhere"))


def test_update_when_project_moved_and_fresh_home_offline_then_newest_reached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Init under one HOME, move, upgrade setsquare, fresh HOME, offline: both updates work."""
    template = template_repository(tmp_path / "template", VERSIONS[:1])
    moved = _made_elsewhere(template, tmp_path, monkeypatch)
    _release_the_rest(template)
    monkeypatch.setenv("HOME", str(tmp_path / "fresh-home"))
    _ship(template, tmp_path / "v2.bundle", monkeypatch)
    _go_offline(monkeypatch)

    update = _run(
        [sys.executable, "-m", "setsquare", "update", "--to", "v1.2.0"], cwd=moved
    )

    assert update.returncode == 0, update.stderr + update.stdout
    assert (tmp_path / "fresh-home/.local/share/setsquare/template/.git").is_dir()
    assert read_answers(moved)["_commit"] == "v1.2.0"
    assert read_answers(moved)["_src_path"] == HOME_SOURCE
    assert "# user docker" in (moved / "Dockerfile").read_text()
    assert (moved / "CHANGELOG.md").read_text() == "# Changes\n"
    edit(moved, {})
    copier = _run(
        [
            str(Path(sys.executable).parent / "copier"),
            "update",
            "--defaults",
            "--trust",
        ],
        cwd=moved,
    )
    assert copier.returncode == 0, copier.stderr
    assert read_answers(moved)["_commit"] == "v2.0.0"
    assert "def mine():" in (moved / "src/demo/helpers.py").read_text()
