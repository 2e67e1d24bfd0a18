"""Benchmark ``setsquare init``, ``update`` and ``conform`` against plain copier.

Everything happens in a temporary directory: the template is a clone of this
checkout's history with the tag of every recorded release (as the tests make them),
and setsquare's wheels of the two newest releases are built from it, since a rendered
project depends on setsquare and this machine's index has none. The commands run
round-robin in the same run (one of each per round, after a warm-up round):

- ``setsquare init --defaults`` against ``copier copy --trust --defaults`` at the same
  release (setsquare renders from its template home, made from the same clone);
- ``setsquare update`` against ``copier update --trust --defaults`` on the same
  project, rendered at the older release and updated to the newer one, reset before
  each run;
- ``setsquare conform`` on a default render: again on an unchanged project (the run
  the target is for) and with an empty cache (a first run).

Installed tools run from bytecode caches, and this machine's environment forbids
writing them (``PYTHONDONTWRITEBYTECODE``), which would make every command compile
copier and setsquare anew: the commands write them under a temporary
``PYTHONPYCACHEPREFIX``, both sides alike. ``uv`` is pinned to a real interpreter
(``UV_PYTHON``), never a pyenv shim.

Run with ``make bench`` or ``.venv/bin/python -m bench.project_speed [--runs N]``.
"""

import argparse
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Final, cast

from bench.timing import paired_ratio, round_robin_samples, timed
from setsquare.adapters.copier import read_answers
from setsquare.adapters.git import git
from setsquare.adapters.process import child_environment, run
from setsquare.adapters.releases import tag_releases
from setsquare.domain.versions import sort_versions

REPO: Final = Path(__file__).resolve().parents[1]
BIN: Final = Path(sys.executable).parent
RATIO_LIMIT: Final = 1.1
CONFORM_LIMIT: Final = 1.0
IDENTITY: Final = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@setsquare.invalid",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@setsquare.invalid",
}


@dataclass(frozen=True, slots=True)
class Bench:
    """The benchmark's temporary world.

    Attributes:
        root: The temporary directory.
        template: The tagged clone of this checkout.
        older: The release the update starts from.
        newer: The release it updates to (and init renders).
        env: The environment every command runs with.
    """

    root: Path
    template: Path
    older: str
    newer: str
    env: dict[str, str]


def prepare(root: Path) -> Bench:
    """Clone and tag the template, build the wheels, and set the environment.

    Args:
        root: An empty temporary directory.

    Returns:
        The benchmark's world.

    Raises:
        SystemExit: When the history records fewer than two releases.
    """
    template = root / "template"
    _ = git("clone", "--quiet", "--no-tags", str(REPO), str(template))
    _ = tag_releases(template)
    versions = sort_versions(git("tag", "--list", cwd=template).splitlines())
    if len(versions) < 2:  # noqa: PLR2004 - an update needs two releases
        message = "bench: the release record names fewer than two releases"
        raise SystemExit(message)
    older, newer = versions[-2].tag, versions[-1].tag
    python = run([str(REPO / "scripts" / "find-python"), "3.13"]).stdout.strip()
    dist = root / "dist"
    for tag in (older, newer):
        build_wheel(template, tag, dist, python)
    env = {
        **IDENTITY,
        "PATH": f"{BIN}:{child_environment()['PATH']}",
        "UV_FIND_LINKS": str(dist),
        "UV_PYTHON": python,
        "UV_PYTHON_DOWNLOADS": "never",
        "SETSQUARE_TEMPLATE_HOME": str(root / "home" / "template"),
        "SETSQUARE_SHIPPED_TEMPLATE": str(template),
        "SETSQUARE_CACHE_DIR": str(root / "cache"),
        "PYTHONPYCACHEPREFIX": str(root / "pycache"),
        "PYTHONDONTWRITEBYTECODE": "",
    }
    return Bench(root, template, older, newer, env)


def build_wheel(template: Path, tag: str, dist: Path, python: str) -> None:
    """Build setsquare's wheel of one release into ``dist``.

    Args:
        template: The tagged clone.
        tag: The release.
        dist: The directory of wheels.
        python: The interpreter uv builds with.
    """
    tree = template.parent / f"build-{tag}"
    _ = git("worktree", "add", "--quiet", "--detach", str(tree), tag, cwd=template)
    command = ["uv", "build", "--quiet", "--wheel", "--out-dir", str(dist)]
    _ = run(command, cwd=tree, env={"UV_PYTHON": python})
    _ = git("worktree", "remove", "--force", str(tree), cwd=template)


def copier_copy(bench: Bench, destination: Path, version: str) -> float:
    """Render the template with plain copier.

    Args:
        bench: The world.
        destination: The project directory to create.
        version: The release to render.

    Returns:
        Seconds.
    """
    command = [str(BIN / "copier"), "copy", "--trust", "--defaults", "--quiet"]
    command += ["--vcs-ref", version, str(bench.template), str(destination)]
    return timed(command, bench.root, bench.env)


def rendered_at(destination: Path, version: str) -> Path:
    """Check that a render recorded the expected version.

    Args:
        destination: The project directory.
        version: The release it must record.

    Returns:
        ``destination``.

    Raises:
        SystemExit: When it records another version or none (the command failed).
    """
    recorded = (
        read_answers(destination).get("_commit")
        if (destination / ".copier-answers.yml").is_file()
        else None
    )
    if recorded != version:
        message = f"bench: {destination} records {recorded}, not {version}"
        raise SystemExit(message)
    return destination


def init_commands(bench: Bench) -> dict[str, Callable[[], float]]:
    """Return the ``init`` and ``copier copy`` rows: a fresh directory each run.

    Args:
        bench: The world.

    Returns:
        Row name → measurement.
    """
    runs = count()
    setsquare = str(BIN / "setsquare")

    def init() -> float:
        """Run ``setsquare init --defaults`` into a fresh directory.

        Returns:
            Seconds.
        """
        destination = bench.root / f"init-{next(runs)}" / "demo"
        destination.parent.mkdir()
        command = [setsquare, "init", str(destination), "--defaults"]
        seconds = timed(command, bench.root, bench.env)
        _ = rendered_at(destination, bench.newer)
        shutil.rmtree(destination.parent)
        return seconds

    def copy() -> float:
        """Run ``copier copy`` into a fresh directory.

        Returns:
            Seconds.
        """
        destination = bench.root / f"copy-{next(runs)}" / "demo"
        destination.parent.mkdir()
        seconds = copier_copy(bench, destination, bench.newer)
        _ = rendered_at(destination, bench.newer)
        shutil.rmtree(destination.parent)
        return seconds

    return {"setsquare init": init, "copier copy": copy}


def update_commands(bench: Bench) -> dict[str, Callable[[], float]]:
    """Return the ``update`` and ``copier update`` rows on one project, reset each run.

    Args:
        bench: The world.

    Returns:
        Row name → measurement.
    """
    project = bench.root / "update" / "demo"
    project.parent.mkdir()
    _ = copier_copy(bench, project, bench.older)
    _ = rendered_at(project, bench.older)
    _ = git("init", "--quiet", cwd=project)
    _ = git("add", "--all", cwd=project)
    _ = run(["git", "commit", "--quiet", "-m", "rendered"], cwd=project, env=bench.env)

    def measured(command: list[str]) -> Callable[[], float]:
        """Time one update of the project from its committed render.

        Args:
            command: The update command.

        Returns:
            The measurement.
        """

        def measure() -> float:
            """Reset the project, update it, check the version it records.

            Returns:
                Seconds.
            """
            _ = git("reset", "--quiet", "--hard", "HEAD", cwd=project)
            _ = git("clean", "--quiet", "-d", "--force", "-x", cwd=project)
            seconds = timed(command, project, bench.env)
            _ = rendered_at(project, bench.newer)
            return seconds

        return measure

    setsquare = [str(BIN / "setsquare"), "update", "--to", bench.newer]
    copier = [str(BIN / "copier"), "update", "--trust", "--defaults", "--quiet"]
    return {
        "setsquare update": measured(setsquare),
        "copier update": measured([*copier, "--vcs-ref", bench.newer]),
    }


def conform_commands(bench: Bench) -> dict[str, Callable[[], float]]:
    """Return the ``conform`` rows on a default render: repeat run and first run.

    Args:
        bench: The world.

    Returns:
        Row name → measurement.
    """
    project = bench.root / "conform" / "demo"
    project.parent.mkdir()
    setsquare = str(BIN / "setsquare")
    _ = run([setsquare, "init", str(project), "--defaults"], env=bench.env)
    fresh = count()

    def cold() -> float:
        """Run ``setsquare conform`` with an empty cache.

        Returns:
            Seconds.
        """
        cache = bench.root / "cold-cache" / str(next(fresh))
        env = {**bench.env, "SETSQUARE_CACHE_DIR": str(cache)}
        return timed([setsquare, "conform"], project, env)

    return {
        "setsquare conform (again)": lambda: timed(
            [setsquare, "conform"], project, bench.env
        ),
        "setsquare conform (first run)": cold,
    }


def table(samples: dict[str, list[float]], bench: Bench, runs: int) -> str:
    """Format the targets as a Markdown table: paired ratios and median seconds.

    Args:
        samples: Seconds per round by row (``round_robin_samples``).
        bench: The world (for the versions).
        runs: Measured rounds.

    Returns:
        The table.
    """
    results = {name: statistics.median(values) for name, values in samples.items()}

    def ratio(mine: str, plain: str) -> str:
        """Format one paired ratio with the two medians beside it.

        Args:
            mine: setsquare's row.
            plain: copier's row.

        Returns:
            The cell.
        """
        share = paired_ratio(samples, mine, plain)
        return f"{share:.2f} ({results[mine]:.2f} s / {results[plain]:.2f} s)"

    again = results["setsquare conform (again)"]
    first = results["setsquare conform (first run)"]
    lines = [
        f"Template {bench.newer} (update from {bench.older}), {runs} round-robin "
        + "rounds after a warm-up round; ratios are medians of the per-round ratios, "
        + "seconds are medians:",
        "",
        "| what | measured | target |",
        "|---|---|---|",
        f"| `update` / plain `copier update`, same project, same two versions | {ratio('setsquare update', 'copier update')} | ≤ {RATIO_LIMIT} |",
        f"| `conform` on a default render (unchanged project, again) | {again:.2f} s | ≤ {CONFORM_LIMIT:g} s |",
        f"| `conform` on a default render, first run (empty cache) | {first:.2f} s | - |",
        f"| `init` / plain `copier copy` | {ratio('setsquare init', 'copier copy')} | ≤ {RATIO_LIMIT} |",
    ]
    return "\n".join(lines)


def main() -> None:
    """Prepare the world, time every command round-robin, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    _ = parser.add_argument(
        "--runs", type=int, default=5, help="measured rounds after the warm-up"
    )
    arguments = cast("dict[str, object]", vars(parser.parse_args()))
    runs = int(str(arguments["runs"]))
    with tempfile.TemporaryDirectory(prefix="setsquare-bench-") as folder:
        bench = prepare(Path(folder))
        commands = {
            **init_commands(bench),
            **update_commands(bench),
            **conform_commands(bench),
        }
        samples = round_robin_samples(commands, runs)
    _ = sys.stdout.write(table(samples, bench, runs) + "\n")


if __name__ == "__main__":
    main()
