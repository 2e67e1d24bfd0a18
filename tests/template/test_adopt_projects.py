"""``setsquare adopt`` on real released projects, as a new user would run it.

Each project is its sdist from the package index (downloaded once into
``.cache/sdists``, under a file lock shared by xdist workers), committed into a fresh
git repository and adopted with the working tree's template, tagged as a release. Then
every original line survives (in place or in a ``.rej``), no second package appears,
the wheel holds the same modules as before (plus the canonical modules when asked),
the project's own workflows and ``.gitignore`` are kept, ``make check`` passes on day
one and fails on a new violation, ``setsquare conform`` conforms with the recorded
debt and fails when it grows, and ``setsquare update`` moves the adopted project to a
newer template release. One adoption per project serves every assertion: each costs
a ``uv sync``, the project's tests and a full ``setsquare check``.
"""

import fcntl
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest

from setsquare.adapters.process import find_executable
from setsquare.adapters.project_metadata import find_packages
from setsquare.domain.adoption import CANONICAL_MODULES
from tests.support.cli import Cli
from tests.support.repos import commit_all, run_git
from tests.template.rendering import (
    REPO_ROOT,
    run_gate,
    snapshot_template,
)

pytestmark = pytest.mark.template

SDISTS: Final = REPO_ROOT / ".cache" / "sdists"
VIOLATION: Final = '"""A new module."""\n\nimport os\n\nprint(os.sep)\n'


@dataclass(frozen=True, slots=True)
class Sdist:
    """A released project to adopt.

    Attributes:
        name: Its distribution name.
        version: The exact version.
        package: Its package directory, relative to the root.
        modules: Adopt with ``--canonical-modules``.
        update: Commit the adoption, then update it to a newer template release.
        relaxed: The pytest settings its tests fail with today (kept as debt).
    """

    name: str
    version: str
    package: str
    modules: bool = False
    update: bool = False
    relaxed: tuple[str, ...] = ()


PROJECTS: Final = (
    # flat, setup.py only, README.rst, its own exceptions.py; tests warn (pytest debt)
    Sdist(
        "jmespath",
        "1.0.1",
        "jmespath",
        modules=True,
        update=True,
        relaxed=("filterwarnings",),
    ),
    Sdist("cachetools", "5.3.3", "src/cachetools"),  # src, setup.cfg metadata, tox.ini
    # src, PEP 621, hatchling + hatch-vcs, its own GitHub workflows, .gitignore, pre-commit
    Sdist("termcolor", "2.4.0", "src/termcolor", update=True),
    Sdist("idna", "3.7", "idna"),  # flat, PEP 621, flit_core
)


def _download(sdist: Sdist) -> Path:
    """Return the sdist, downloading it once for every test process.

    Args:
        sdist: The project.

    Returns:
        The ``.tar.gz`` file.
    """
    SDISTS.mkdir(parents=True, exist_ok=True)
    with (SDISTS / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = sorted(SDISTS.glob(f"{sdist.name}-{sdist.version}.tar.gz"))
        if not found:
            _ = subprocess.run(  # noqa: S603 - fixed argument list
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--no-deps",
                    "--no-binary",
                    ":all:",
                    "--dest",
                    str(SDISTS),
                    f"{sdist.name}=={sdist.version}",
                ],
                check=True,
                capture_output=True,
            )
            found = sorted(SDISTS.glob(f"{sdist.name}-{sdist.version}.tar.gz"))
    return found[0]


@pytest.fixture
def released_template(tmp_path: Path) -> Path:
    """Snapshot the working tree's template as a git repository tagged as a release.

    Each test has its own, so it can release a newer version into it.

    Args:
        tmp_path: pytest's per-test directory.

    Returns:
        The repository.
    """
    source = snapshot_template(tmp_path / "template")
    _ = run_git(source, "init", "--quiet")
    _ = commit_all(source, "template", tag="v0.1.0")
    return source


def _unpack(archive: Path, destination: Path) -> Path:
    """Extract an sdist without its top directory and its build leftovers.

    Args:
        archive: The ``.tar.gz``.
        destination: A directory that does not exist yet.

    Returns:
        ``destination``.
    """
    with tarfile.open(archive) as tar:
        tar.extractall(destination.parent / "unpacked", filter="data")
    (top,) = (destination.parent / "unpacked").iterdir()
    _ = shutil.move(top, destination)
    for leftover in destination.glob("**/*.egg-info"):
        shutil.rmtree(leftover)
    return destination


def _modules(project: Path, out: Path, environment: dict[str, str]) -> list[str]:
    """Build the project's wheel from a copy and list the modules in it.

    Args:
        project: The project.
        out: A directory for the copy and the wheel.
        environment: The child environment.

    Returns:
        The ``.py`` files the wheel holds.
    """
    copy = out / "source"
    _ = shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".venv", ".git"))
    uv = find_executable("uv")
    # setsquare's find-links is relative to the project and building needs none.
    plain = {k: v for k, v in environment.items() if k != "UV_FIND_LINKS"}
    build = run_gate(
        copy, "uv build", [uv, "build", "--wheel", "--out-dir", str(out)], plain
    )
    assert build.passed, build.report()
    (wheel,) = out.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return sorted(name for name in archive.namelist() if name.endswith(".py"))


def _committed(project: Path, sdist: Sdist) -> dict[str, list[str]]:
    """Commit the unpacked sdist into a fresh repository.

    Args:
        project: The unpacked project.
        sdist: What it is.

    Returns:
        Its files' lines (see ``_lines``).
    """
    _ = run_git(project, "init", "--quiet")
    _ = commit_all(project, f"{sdist.name} {sdist.version}")
    return _lines(project)


def _lines(project: Path) -> dict[str, list[str]]:
    """Read every committed text file's non-blank lines.

    Args:
        project: The project.

    Returns:
        Path → stripped lines.
    """
    found: dict[str, list[str]] = {}
    for name in run_git(project, "ls-files").splitlines():
        try:
            text = (project / name).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found[name] = [line.strip() for line in text.splitlines() if line.strip()]
    return found


def _lost_lines(project: Path, original: dict[str, list[str]]) -> list[str]:
    """List the original lines found neither in their file nor in a ``.rej``.

    Args:
        project: The adopted project.
        original: The lines before adopting.

    Returns:
        ``path: line`` for each lost line.
    """
    rejects = "\n".join(p.read_text(encoding="utf-8") for p in project.rglob("*.rej"))
    lost: list[str] = []
    for name, lines in original.items():
        now = (
            (project / name).read_text(encoding="utf-8")
            if (project / name).is_file()
            else ""
        )
        lost.extend(
            f"{name}: {line}"
            for line in lines
            if line not in now and line not in rejects
        )
    return lost


def _expected_modules(before: list[str], sdist: Sdist) -> list[str]:
    """List the modules the adopted project's wheel must hold.

    Args:
        before: The modules of the wheel built before adopting.
        sdist: The project (``modules``: the canonical modules join the package).

    Returns:
        The same modules, plus the canonical ones when they were asked for.
    """
    if not sdist.modules:
        return before
    package = sdist.package.rpartition("/")[2]
    return sorted({*before, *(f"{package}/{name}" for name in CANONICAL_MODULES)})


def _assert_own_files_kept(
    project: Path, original: dict[str, list[str]], reported: list[str]
) -> None:
    """The project's files stay; the canon's README, licence and workflow wait beside.

    Every file but ``pyproject.toml`` and ``.gitignore`` (merged) is unchanged; the
    project's own GitHub workflows keep the canon's out (``ci=none``) and the
    canon's is offered as a ``.rej``; a ``.gitignore`` only gains lines.

    Args:
        project: The adopted project.
        original: Its files' lines before adopting.
        reported: What ``setsquare adopt`` printed, line by line.
    """
    merged = {".gitignore", "pyproject.toml"}
    kept = [name for name in original if name not in merged]
    assert run_git(project, "diff", "--name-only", "HEAD", "--", *kept) == ""
    readme = next(name for name in original if name.lower().startswith("readme"))
    licence = next(n for n in original if n.lower().startswith(("licen", "copying")))
    offered = [(readme, "README.md.rej"), (licence, "LICENSE.rej")]
    workflows = [name for name in original if name.startswith(".github/workflows/")]
    if workflows:
        assert "ci=none" in reported[0]
        offered.append((workflows[0], ".github/workflows/ci.yml.rej"))
        rej = (project / ".github/workflows/ci.yml.rej").read_text()
        assert rej.startswith("--- /dev/null\n+++ b/.github/workflows/ci.yml\n")
    assert {
        f"conflict: {kept} kept; the canon's version is in {rej}"
        for kept, rej in offered
    } <= set(reported)
    if ".gitignore" in original:
        assert "merged: .gitignore" in reported
        text = (project / ".gitignore").read_text()
        assert text.startswith(run_git(project, "show", "HEAD:.gitignore"))
        assert {".env", ".venv/", "*.egg-info/"} <= set(text.splitlines())


def _assert_conform_then_debt_growth_fails(
    project: Path,
    environment: dict[str, str],
    cli: Cli,
) -> None:
    """``conform`` exits 0 with the debt; recording a new finding makes it grow: exit 1.

    Args:
        project: The adopted project, with a new violation in it.
        environment: The project's environment.
        cli: Runs ``main()``.
    """
    whole = cli(["conform", str(project)], project)
    assert whole.code == 0, whole.stdout
    assert whole.stdout.splitlines()[0] == f"setsquare conform: {project}"
    assert whole.stdout.splitlines()[-1].startswith(
        "result: conforms with recorded debt"
    )
    debt = cli(["conform", "--check", "debt"], project)
    assert (debt.code, debt.stdout.splitlines()[:2]) == (
        0,
        [f"setsquare conform: {project}", "debt:"],
    )
    assert (
        debt.stdout.splitlines()[-1]
        == "result: conforms with recorded debt (1 items above)"
    )
    grown = run_gate(
        project,
        "setsquare baseline write",
        ["uv", "run", "setsquare", "baseline", "write"],
        environment,
    )
    assert grown.passed, grown.report()
    debt = cli(["conform", "--check", "debt"], project)
    assert debt.code == 1
    assert debt.stdout.splitlines()[-1] == "result: does NOT conform"
    assert "more than the recorded" in debt.stdout


def _assert_update_to_newer_release(
    project: Path,
    template: Path,
    packages: tuple[list[str], bool],
    cli: Cli,
) -> None:
    """Commit the adoption; ``update`` takes a newer release, as for a project from init.

    Args:
        project: The adopted project.
        template: Its template repository (a newer release is made in it).
        packages: Its packages and whether they are under ``src/``.
        cli: Runs ``main()``.
    """
    _ = commit_all(project, "adopt setsquare's canon")
    makefile = template / "template" / "Makefile.jinja"
    _ = makefile.write_text(makefile.read_text() + "\n# a newer release\n")
    _ = commit_all(template, "newer", tag="v0.2.0")

    updated = cli(["update"], project)

    assert updated.code == 0, updated.stdout + updated.stderr
    lines = updated.stdout.splitlines()
    assert lines[0] == f"Updated from v0.1.0 to v0.2.0 (template {template}):"
    assert "  changed: Makefile" in lines
    assert (project / "Makefile").read_text().endswith("# a newer release\n")
    assert find_packages(project) == packages
    assert not list(project.rglob("text_stats.py"))


def _assert_reported(
    reported: list[str], sdist: Sdist, original: dict[str, list[str]]
) -> None:
    """Adopt's report: no docs site, canonical modules kept, the pytest debt named.

    Args:
        reported: What ``setsquare adopt`` printed, line by line.
        sdist: The project.
        original: Its files' lines before adopting.
    """
    assert "docs=false" in reported[0]
    assert {
        f"conflict: {sdist.package}/{name} kept; the canon's version is in "
        + f"{sdist.package}/{name}.rej"
        for name in CANONICAL_MODULES
        if sdist.modules and f"{sdist.package}/{name}" in original
    } <= set(reported)
    assert [line for line in reported if line.startswith("debt: pytest ")] == [
        f"debt: pytest {setting} kept at the project's own value (its tests fail "
        + "with the canon's): fix them, then drop it from [tool.setsquare.debt]"
        for setting in sdist.relaxed
    ]


def _assert_green_then_red(
    project: Path, sdist: Sdist, environment: dict[str, str]
) -> None:
    """``make check`` passes on day one and fails on a new violation.

    Args:
        project: The adopted project.
        sdist: The project.
        environment: Its environment.
    """
    clean = run_gate(project, "make check", ["make", "check"], environment)
    assert clean.passed, clean.report()
    _ = (project / sdist.package / "sq_new_module.py").write_text(VIOLATION)
    dirty = run_gate(project, "make check", ["make", "check"], environment)
    assert not dirty.passed
    assert "sq_new_module.py" in dirty.output


@pytest.mark.parametrize("sdist", PROJECTS, ids=[p.name for p in PROJECTS])
def test_adopt_when_released_project_then_nothing_lost_same_wheel_green_then_red_and_conforms(
    sdist: Sdist,
    released_template: Path,
    project_env: tuple[Path, dict[str, str]],
    cli: Cli,
) -> None:
    """A real project adopted: nothing lost, ships the same, green today, red on new."""
    project, environment = project_env
    original = _committed(_unpack(_download(sdist), project), sdist)
    packages = find_packages(project)
    before = _modules(project, project.parent / "before", environment)

    adopted = cli(
        [
            "adopt",
            "--template",
            str(released_template),
            *(["--canonical-modules"] if sdist.modules else []),
        ],
        project,
    )

    assert adopted.code == 1, adopted.stderr  # the .rej files wait to be reviewed
    reported = adopted.stdout.splitlines()
    _assert_reported(reported, sdist, original)
    assert _lost_lines(project, original) == []
    _assert_own_files_kept(project, original, reported)
    assert find_packages(project) == packages
    assert not list(project.rglob("text_stats.py"))
    after = _modules(project, project.parent / "after", environment)
    assert after == _expected_modules(before, sdist)
    if sdist.update:
        _assert_update_to_newer_release(project, released_template, packages, cli)
    _assert_green_then_red(project, sdist, environment)
    _assert_conform_then_debt_growth_fails(project, environment, cli)
