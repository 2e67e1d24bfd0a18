"""Benchmark ``setsquare check`` against the raw tools on a large real codebase.

The codebase is an installed package's source copied from this environment's
site-packages (``pydantic`` by default: about 47,000 lines, never fetched from the
network) into a temporary git repository whose ``pyproject.toml`` is the canon, so the
raw tools and ``setsquare check`` read the same configuration. One file is then
changed so that a file importing it breaks (``to_pascal`` gains a required
parameter; ``deprecated/decorator.py`` calls it), for ``check --changed``: the bench
asserts that the importer's error is reported (soundness) before timing anything.
Commands run round-robin after one warm-up round (ruff keeps its own cache, as it does
for users); every cold run gets an empty result cache. The table shows median wall
times, and the ratios the targets bound as the median of the per-round ratios (runs
of one round are seconds apart, so load from other jobs drifting between rounds
cancels out).

setsquare's modules and its environment's are compiled to bytecode first, as an
installer does: where ``PYTHONDONTWRITEBYTECODE`` is set (CI, sandboxes) every run
would otherwise compile its imports from source, which installed copies never do.

Run with ``make bench`` or ``.venv/bin/python -m bench.check_speed [--runs N]``.
"""

import argparse
import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Final, cast

import tomlkit

import setsquare
from bench.timing import paired_ratio, round_robin_samples, timed
from setsquare.adapters.process import child_environment

if TYPE_CHECKING:
    from collections.abc import Callable

    from tomlkit.items import Table

BIN: Final = Path(sys.executable).parent
PACKAGE: Final = "pydantic"
PROJECT_TABLE: Final = (
    '[project]\nname = "bench"\nversion = "0"\nrequires-python = ">=3.13"\n\n'
)
GIT: Final = ("git", "-c", "user.name=bench", "-c", "user.email=bench@localhost")
# The one-file change for ``check --changed``: a required parameter that the
# (unchanged) importer does not pass.
CHANGED: Final = "src/pydantic/alias_generators.py"
SIGNATURE: Final = (
    "def to_pascal(snake: str) -> str:",
    "def to_pascal(snake: str, *, upper: bool) -> str:",
)
BROKEN: Final = "src/pydantic/deprecated/decorator.py"
COLD_LIMIT: Final = 1.1
WARM_LIMIT: Final = 0.1
CHANGED_LIMIT: Final = 0.3
HELP_LIMIT: Final = 0.3


def make_corpus(destination: Path) -> int:
    """Copy pydantic's source into a git repository with the canon, then change one file.

    Args:
        destination: An empty directory.

    Returns:
        How many Python files were copied.

    Raises:
        SystemExit: When the package is not installed here.
    """
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        message = f"bench: package {PACKAGE!r} is not installed in this environment"
        raise SystemExit(message)
    source = Path(spec.origin).parent
    _ = shutil.copytree(
        source,
        destination / "src" / PACKAGE,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    canon = tomlkit.parse(
        files("setsquare").joinpath("canon.toml").read_text(encoding="utf-8")
    )
    del cast("Table", canon["tool"])["importlinter"]  # about our layers
    _ = (destination / "pyproject.toml").write_text(
        PROJECT_TABLE + tomlkit.dumps(canon), encoding="utf-8"
    )
    for args in (
        ("init", "--quiet"),
        ("add", "--all"),
        ("commit", "--quiet", "-m", "corpus"),
    ):
        _ = subprocess.run([*GIT, *args], cwd=destination, check=True)  # noqa: S603 - fixed arguments
    changed = destination / CHANGED
    text = changed.read_text(encoding="utf-8")
    if SIGNATURE[0] not in text:
        message = f"bench: {CHANGED} no longer defines {SIGNATURE[0]!r}"
        raise SystemExit(message)
    _ = changed.write_text(text.replace(*SIGNATURE), encoding="utf-8")
    return len(list((destination / "src").rglob("*.py")))


def compile_bytecode() -> None:
    """Compile setsquare's package and this environment's site-packages to bytecode."""
    package = Path(setsquare.__file__).parent
    site = sysconfig.get_paths()["purelib"]
    _ = subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, "-m", "compileall", "-q", "-j", "0", site, str(package)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


def assert_sound(project: Path, cache: Path) -> str:
    """Run ``check --changed`` once and require the unchanged importer's error.

    Args:
        project: The benchmark project.
        cache: An empty directory for the result cache.

    Returns:
        A line saying what was reported.

    Raises:
        SystemExit: When the importer's type error is missing.
    """
    completed = subprocess.run(  # noqa: S603 - fixed argument list
        [str(BIN / "setsquare"), "check", "--changed", "--format", "json"],
        cwd=project,
        env=child_environment({"SETSQUARE_CACHE_DIR": str(cache)}),
        capture_output=True,
        text=True,
        check=False,
    )
    report = cast("dict[str, object]", json.loads(completed.stdout or "{}"))
    found = cast("list[dict[str, object]]", report.get("diagnostics", []))
    broken = [
        f"{d['path']}:{d['line']} {d['code']} {d['message']}"
        for d in found
        if d.get("path") == BROKEN
        and d.get("code") == "reportCallIssue"
        and '"upper"' in str(d.get("message"))
    ]
    if not broken:
        message = f"bench: check --changed missed the error in {BROKEN}: {completed.stdout[:400]}"
        raise SystemExit(message)
    return (
        f"soundness: `check --changed` ({CHANGED} changed) checked {report.get('files')} "
        f"files and reported the unchanged importer's error: {broken[0]}"
    )


def measure_all(project: Path, runs: int, cache_root: Path) -> dict[str, list[float]]:
    """Time the raw tools, setsquare cold, warm and ``--changed``, and ``--help``.

    The commands run round-robin (one of each per round, after a warm-up round), so
    load from anything else on the machine affects them alike.

    Args:
        project: The benchmark project.
        runs: Measured rounds.
        cache_root: A directory for setsquare's result caches.

    Returns:
        Seconds per round by row name.
    """
    ruff, pyright = str(BIN / "ruff"), str(BIN / "basedpyright")
    setsquare = str(BIN / "setsquare")
    fresh = iter(range(10_000))

    def cold(*args: str) -> float:
        """Run setsquare check with an empty result cache.

        Args:
            *args: Extra arguments.

        Returns:
            Seconds.
        """
        directory = cache_root / f"cold-{next(fresh)}"
        return timed(
            [setsquare, "check", *args],
            project,
            {"SETSQUARE_CACHE_DIR": str(directory)},
        )

    warm_env = {"SETSQUARE_CACHE_DIR": str(cache_root / "warm")}
    commands: dict[str, Callable[[], float]] = {
        "ruff check": lambda: timed(
            [ruff, "check", "--output-format", "json"], project
        ),
        "ruff format --check": lambda: timed(
            [ruff, "format", "--check", "--output-format", "json"], project
        ),
        "basedpyright": lambda: timed([pyright, "--outputjson"], project),
        "setsquare check (cold)": cold,
        "setsquare check (warm)": lambda: timed(
            [setsquare, "check"], project, warm_env
        ),
        "setsquare check --changed (cold)": lambda: cold("--changed"),
        "setsquare --help": lambda: timed([setsquare, "--help"], project),
    }
    return round_robin_samples(commands, runs)


def table(samples: dict[str, list[float]], count: int, runs: int) -> str:
    """Format the medians and the target ratios as Markdown tables.

    Args:
        samples: Seconds per round by row.
        count: The corpus's number of Python files.
        runs: Measured rounds.

    Returns:
        The tables and the verdicts.
    """
    results = {name: statistics.median(values) for name, values in samples.items()}
    raw = ("ruff check", "ruff format --check", "basedpyright")
    sequential = sum(results[name] for name in raw)
    cold, changed = "setsquare check (cold)", "setsquare check --changed (cold)"
    rows = [
        *((name, results[name]) for name in raw),
        ("raw tools, sequential sum", sequential),
    ]
    rows += [(name, results[name]) for name in results if name.startswith("setsquare")]
    targets = [
        (
            "`check` cold / raw basedpyright",
            paired_ratio(samples, cold, "basedpyright"),
            f"<= {COLD_LIMIT}",
        ),
        (
            "`check` warm / cold",
            paired_ratio(samples, "setsquare check (warm)", cold),
            f"<= {WARM_LIMIT}",
        ),
        (
            "`check --changed`, one file changed / raw basedpyright",
            paired_ratio(samples, changed, "basedpyright"),
            f"<= {CHANGED_LIMIT}",
        ),
        ("`check` cold / raw tools' sequential sum", results[cold] / sequential, "-"),
    ]
    helped = results["setsquare --help"]
    lines = [
        f"`{PACKAGE}` ({count} files), {runs} round-robin rounds after a warm-up round:",
        "",
        "| command | median wall time |",
        "|---|---:|",
        *(f"| {name} | {seconds:.2f} s |" for name, seconds in rows),
        "",
        "| target (ratios: median of the per-round ratios) | measured | limit | met |",
        "|---|---:|---:|---|",
        *(
            f"| {name} | {value:.2f} | {limit} | {_verdict(value, limit)} |"
            for name, value, limit in targets
        ),
        f"| `setsquare --help` | {helped:.2f} s | <= {HELP_LIMIT} s | {_verdict(helped, f'<= {HELP_LIMIT}')} |",
    ]
    return "\n".join(lines)


def _verdict(value: float, limit: str) -> str:
    """Say whether a measurement meets its limit.

    Args:
        value: The measurement.
        limit: ``<= N``, or ``-`` for none.

    Returns:
        ``yes``, ``NO``, or ``-``.
    """
    if not limit.startswith("<= "):
        return "-"
    return "yes" if value <= float(limit.removeprefix("<= ")) else "NO"


def main() -> None:
    """Build the corpus, check soundness, time every command, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    _ = parser.add_argument("--runs", type=int, default=5, help="measured rounds")
    arguments = cast("dict[str, object]", vars(parser.parse_args()))
    runs = int(str(arguments["runs"]))
    with tempfile.TemporaryDirectory(prefix="setsquare-bench-") as folder:
        project = Path(folder) / "project"
        project.mkdir()
        count = make_corpus(project)
        compile_bytecode()
        sound = assert_sound(project, Path(folder) / "sound")
        results = measure_all(project, runs, Path(folder) / "cache")
    _ = sys.stdout.write(table(results, count, runs) + "\n\n" + sound + "\n")


if __name__ == "__main__":
    main()
