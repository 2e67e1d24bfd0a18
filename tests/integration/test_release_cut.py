"""``make release VERSION=X.Y.Z`` (``scripts/release.py cut``) in a clone of this repository."""

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Final

import pytest

from setsquare.adapters.process import child_environment
from setsquare.domain.toml_access import table
from tests.support.repos import run_git

pytestmark = pytest.mark.integration

ROOT: Final = Path(__file__).resolve().parents[2]
IDENTITY: Final = {
    "GIT_AUTHOR_NAME": "release tests",
    "GIT_AUTHOR_EMAIL": "tests@example.com",
    "GIT_COMMITTER_NAME": "release tests",
    "GIT_COMMITTER_EMAIL": "tests@example.com",
    "UV_PYTHON_DOWNLOADS": "never",
    "UV_PYTHON_PREFERENCE": "only-system",
}


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """Clone this repository without its tags, its CHANGELOG without an Unreleased entry.

    Args:
        tmp_path: pytest's per-test directory.

    Returns:
        The clone, committed and clean.
    """
    target = tmp_path / "clone"
    _ = run_git(tmp_path, "clone", "--quiet", "--no-tags", str(ROOT), str(target))
    changelog = target / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    if "\n## Unreleased\n" in text:
        start = text.index("\n## Unreleased\n") + 1
        _ = changelog.write_text(text[:start] + text[text.index("\n## v", start) + 1 :])
        _ = run_git(target, "commit", "--quiet", "-am", "no unreleased changes")
    return target


def _cut(clone: Path, version: str) -> subprocess.CompletedProcess[str]:
    """Run the release step in a clone.

    Args:
        clone: The clone.
        version: The version to release.

    Returns:
        The finished process.
    """
    return subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, str(clone / "scripts" / "release.py"), "cut", version],
        cwd=clone,
        env=child_environment(IDENTITY),
        capture_output=True,
        text=True,
        check=False,
    )


def _next_version(clone: Path) -> str:
    """Return the patch release after the clone's version.

    Args:
        clone: The clone.

    Returns:
        ``X.Y.(Z+1)``.
    """
    pyproject = tomllib.loads((clone / "pyproject.toml").read_text(encoding="utf-8"))
    major, minor, patch = str(table(pyproject, "project")["version"]).split(".")
    return f"{major}.{minor}.{int(patch) + 1}"


def test_cut_when_unreleased_entry_then_one_commit_is_the_release(clone: Path) -> None:
    """The Unreleased entry is named, every version set, the release recorded and tagged."""
    version = _next_version(clone)
    changelog = clone / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    first = text.index("\n## v") + 1
    entry = "## Unreleased\n\n- a change.\n\n**Upgrade:** nothing to do.\n\n"
    _ = changelog.write_text(text[:first] + entry + text[first:], encoding="utf-8")

    cut = _cut(clone, version)

    assert cut.returncode == 0, cut.stderr
    assert cut.stdout.startswith(f"released {version}: ")
    assert cut.stdout.endswith(f"v{version}\n")  # and the older releases' tags
    assert run_git(clone, "status", "--porcelain") == ""
    assert run_git(clone, "log", "-1", "--format=%s") == f"release {version}"
    tagged = run_git(clone, "rev-parse", f"v{version}")
    assert tagged == run_git(clone, "rev-parse", "HEAD")
    _assert_released(clone, version)


def _assert_released(clone: Path, version: str) -> None:
    """Check that the CHANGELOG, every stated version and the record name ``version``.

    Args:
        clone: The released clone.
        version: The released version.
    """
    released = (clone / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"\n## v{version}\n\n- a change.\n" in released
    assert "\n## Unreleased\n" not in released
    assert "Changes accumulate under a `## Unreleased` heading" in released
    init = (clone / "src" / "setsquare" / "__init__.py").read_text()
    assert f'version = "{version}"' in (clone / "pyproject.toml").read_text()
    assert f'__version__ = "{version}"' in init
    assert f'default: "{version}"' in (clone / "copier.yml").read_text()
    assert f'"{version}" = {{ date = "' in (clone / "releases.toml").read_text()


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        ("dirty", "release: commit or stash first: README.md\n"),
        ("no-entry", "has no '## v"),
        ("not-newer", "is not an X.Y.Z newer than"),
    ],
)
def test_cut_when_not_ready_then_refused_with_one_line(
    clone: Path, prepare: str, message: str
) -> None:
    """A dirty tree, a missing entry or an old version is refused; nothing changes."""
    version = _next_version(clone)
    if prepare == "dirty":
        _ = (clone / "README.md").write_text("edited\n", encoding="utf-8")
    if prepare == "not-newer":
        version = "0.0.1"
    head = run_git(clone, "rev-parse", "HEAD")

    cut = _cut(clone, version)

    assert cut.returncode == 2
    assert message in cut.stderr
    assert cut.stderr.count("\n") == 1
    assert run_git(clone, "rev-parse", "HEAD") == head
