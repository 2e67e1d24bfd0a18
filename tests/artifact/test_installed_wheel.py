"""The artifact, as users receive it: the built wheel in a clean environment.

The wheel (``make dist``) is installed into a fresh virtual environment twice, with the
newest dependencies the index offers (pip) and with the lowest the declared ranges admit
(``uv pip install --resolution lowest-direct``). Each environment then runs the smoke
suite under a fresh ``HOME`` with no ``SETSQUARE_*`` variables: ``--help``,
``--version``, ``init``, ``check`` and ``conform`` on the new project, ``versions``, and
``update`` of projects made at the first and at the previous release, from this
repository's real history carried in the wheel's bundle, with the user's own lines kept.
"""

import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final, cast

import pytest

import setsquare
from setsquare.adapters.process import child_environment, find_executable
from setsquare.domain.releases import parse_record
from tests.support.dist import dist_directory, find_links, wheel
from tests.support.repos import IDENTITY
from tests.template.rendering import REPO_ROOT, find_python

pytestmark = pytest.mark.artifact

RESOLUTIONS: Final = ("highest", "lowest-direct")
RELEASES: Final = parse_record(
    (REPO_ROOT / "releases.toml").read_text(encoding="utf-8")
)
EARLIER: Final = sorted(
    {RELEASES[0].tag, RELEASES[-2].tag} if len(RELEASES) > 1 else set()
)
USER_LINE: Final = "# a line of the user's own: update keeps it"
_NOT_INHERITED: Final = (
    "SETSQUARE_", "VIRTUAL_ENV", "COV_", "COVERAGE_", "PYTEST_", "XDG_", "UV_", "PIP_CACHE",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Installed:
    """A clean environment with the wheel installed, and a fresh home to run it in.

    Attributes:
        workdir: Where its projects are made.
        environment: The variables of every command (fresh ``HOME``, the venv first).
    """

    workdir: Path
    environment: dict[str, str]

    def run(
        self, *args: str, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run a command in this environment.

        Args:
            *args: The command.
            cwd: Its directory; ``workdir`` when None.

        Returns:
            The completed process, output captured.
        """
        return subprocess.run(  # noqa: S603 - argument list, no shell
            list(args),
            cwd=cwd or self.workdir,
            env=self.environment,
            capture_output=True,
            text=True,
            check=False,
            stdin=subprocess.DEVNULL,
            timeout=900,
        )


@pytest.fixture(scope="module", params=RESOLUTIONS)
def installed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Installed:
    """Install the wheel into a clean venv at one resolution.

    Args:
        request: Carries the resolution, ``highest`` or ``lowest-direct``.
        tmp_path_factory: pytest's temporary directories.

    Returns:
        The installed environment.
    """
    resolution = cast("str", request.param)
    root = tmp_path_factory.mktemp(f"wheel-{resolution}")
    venv = root / "venv"
    interpreter = find_python("3.13")
    _ = subprocess.run([interpreter, "-m", "venv", str(venv)], check=True)  # noqa: S603
    cache = child_environment().get("UV_CACHE_DIR") or str(REPO_ROOT / ".cache" / "uv")
    # The machine's own settings (certificates, proxies) stay; setsquare's variables,
    # this test run's and the user's directories do not.
    kept = {
        name: value
        for name, value in child_environment().items()
        if not name.startswith(_NOT_INHERITED)
    }
    base = {
        **kept,
        "PATH": f"{venv / 'bin'}:{Path(find_executable('uv')).parent}:/usr/bin:/bin",
        "HOME": str(root / "home"),
        "UV_CACHE_DIR": cache,
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_PYTHON_PREFERENCE": "only-system",
        "UV_PYTHON": interpreter,
        "PIP_CACHE_DIR": str(Path(cache).parent / "pip"),
    }
    (root / "home").mkdir()
    if resolution == "highest":
        command = [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            str(wheel()),
        ]
    else:
        command = [
            find_executable("uv"), "pip", "install", "--python", str(venv / "bin" / "python"),
            "--resolution", "lowest-direct", str(wheel()),
        ]  # fmt: skip
    done = subprocess.run(  # noqa: S603 - argument list, no shell
        command, env=base, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    workdir = root / "work"
    workdir.mkdir()
    return Installed(workdir, {**base, "UV_FIND_LINKS": find_links(workdir / "fresh")})


def test_installed_when_asked_for_help_and_version_then_both_answer(
    installed: Installed,
) -> None:
    """``--help`` lists the commands; ``--version`` names this release."""
    helped = installed.run("setsquare", "--help")
    version = installed.run("setsquare", "--version")

    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.lstrip().startswith("Usage: setsquare")
    assert version.returncode == 0, version.stderr
    expected = f"setsquare {setsquare.__version__} (template {setsquare.__version__})"
    assert version.stdout.strip() == expected


def test_installed_when_init_then_check_conform_and_versions_agree(
    installed: Installed,
) -> None:
    """A new project records this release, passes check and conform, and knows it."""
    made = installed.run("setsquare", "init", "fresh", "--defaults")
    project = installed.workdir / "fresh"
    synced = installed.run("uv", "sync", "--quiet", cwd=project)
    checked = installed.run("setsquare", "check", cwd=project)
    conformed = installed.run("setsquare", "conform", cwd=project)
    versions = installed.run("setsquare", "versions", cwd=project)

    assert made.returncode == 0, made.stderr
    answers = (project / ".copier-answers.yml").read_text(encoding="utf-8")
    assert f"_commit: v{setsquare.__version__}\n" in answers
    assert synced.returncode == 0, synced.stderr
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert conformed.returncode == 0, conformed.stdout + conformed.stderr
    assert versions.returncode == 0, versions.stderr
    assert f"v{setsquare.__version__}" in versions.stdout


@pytest.mark.parametrize("previous", EARLIER, ids=EARLIER)
def test_installed_when_earlier_release_project_updates_then_user_lines_survive(
    installed: Installed, previous: str
) -> None:
    """A project made at the first or the previous release updates to this one.

    From the real history the wheel carries, keeping the user's own lines.
    """
    name = f"from-{previous}"
    made = installed.run("setsquare", "init", name, "--defaults", "--vcs-ref", previous)
    project = installed.workdir / name
    readme, pyproject = project / "README.md", project / "pyproject.toml"
    for path in (readme, pyproject):
        _ = path.write_text(path.read_text(encoding="utf-8") + f"\n{USER_LINE}\n")
    for args in (("add", "--all"), ("commit", "--quiet", "-m", "user edits")):
        assert installed.run("git", *IDENTITY, *args, cwd=project).returncode == 0

    updated = installed.run("setsquare", "update", cwd=project)

    assert made.returncode == 0, made.stderr
    assert updated.returncode == 0, updated.stdout + updated.stderr
    answers = (project / ".copier-answers.yml").read_text(encoding="utf-8")
    assert f"_commit: v{setsquare.__version__}\n" in answers
    for path in (readme, pyproject):
        assert USER_LINE in path.read_text(encoding="utf-8"), path.name
    assert f'"setsquare=={setsquare.__version__}"' in pyproject.read_text(
        encoding="utf-8"
    )


def test_sdist_when_built_into_a_wheel_then_the_bundle_carries_every_release(
    tmp_path: Path,
) -> None:
    """A wheel built from the sdist (no ``.git``) still ships every release's tag."""
    (sdist,) = dist_directory().glob("setsquare-*.tar.gz")
    built = subprocess.run(  # noqa: S603
        [find_executable("uv"), "build", "--quiet", "--wheel", "--out-dir", str(tmp_path), str(sdist)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (rebuilt,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(rebuilt) as archive:
        _ = archive.extract("setsquare/template.bundle", tmp_path)
    heads = subprocess.run(  # noqa: S603
        ["git", "bundle", "list-heads", str(tmp_path / "setsquare" / "template.bundle")],  # noqa: S607
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip

    for release in RELEASES:
        assert f"refs/tags/{release.tag}\n" in heads
