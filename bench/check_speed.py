"""Benchmark ``setsquare check`` against the raw tools on a large real codebase.

The codebase is an installed package's source copied from this environment's
site-packages (``pygments`` by default: several hundred files, never fetched from the
network) into a temporary project whose ``pyproject.toml`` is the canon, so the raw
tools and ``setsquare check`` read the same configuration. Each command runs several
times after one warm-up run (ruff keeps its own cache, as it does for users); the
table shows median wall times and the ratios the issue sets as targets.

Run with ``make bench`` or ``.venv/bin/python bench/check_speed.py [--package NAME]
[--runs N]``.
"""

import argparse
import importlib.util
import shutil
import sys
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, cast

import tomlkit

from bench.timing import round_robin, timed

if TYPE_CHECKING:
    from collections.abc import Callable

    from tomlkit.items import Table

BIN = Path(sys.executable).parent
PROJECT_TABLE = (
    '[project]\nname = "bench"\nversion = "0"\nrequires-python = ">=3.13"\n\n'
)
COLD_LIMIT = 1.1
WARM_LIMIT = 0.1
HELP_LIMIT = 0.3


def copy_package(name: str, destination: Path) -> int:
    """Copy an installed package's source into ``destination/src`` with the canon.

    Args:
        name: The import name, e.g. ``pygments``.
        destination: An empty directory.

    Returns:
        How many Python files were copied.

    Raises:
        SystemExit: When the package is not installed here.
    """
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        message = f"bench: package {name!r} is not installed in this environment"
        raise SystemExit(message)
    source = Path(spec.origin).parent
    _ = shutil.copytree(
        source, destination / "src" / name, ignore=shutil.ignore_patterns("__pycache__")
    )
    canon = tomlkit.parse(
        files("setsquare").joinpath("canon.toml").read_text(encoding="utf-8")
    )
    del cast("Table", canon["tool"])["importlinter"]  # about our layers
    _ = (destination / "pyproject.toml").write_text(
        PROJECT_TABLE + tomlkit.dumps(canon), encoding="utf-8"
    )
    return len(list((destination / "src").rglob("*.py")))


def measure_all(project: Path, runs: int, cache_root: Path) -> dict[str, float]:
    """Time the raw tools, setsquare cold and warm, and ``setsquare --help``.

    The commands run round-robin (one of each per round, after a warm-up round), so
    load from anything else on the machine affects them alike.

    Args:
        project: The benchmark project.
        runs: Measured rounds.
        cache_root: A directory for setsquare's result caches.

    Returns:
        Median seconds by row name.
    """
    ruff, pyright = str(BIN / "ruff"), str(BIN / "basedpyright")
    setsquare = str(BIN / "setsquare")
    fresh = iter(range(10_000))

    def cold() -> float:
        """Run setsquare check with an empty result cache.

        Returns:
            Seconds.
        """
        directory = cache_root / f"cold-{next(fresh)}"
        return timed(
            [setsquare, "check"], project, {"SETSQUARE_CACHE_DIR": str(directory)}
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
        "setsquare --help": lambda: timed([setsquare, "--help"], project),
    }
    return round_robin(commands, runs)


def table(results: dict[str, float], package: str, count: int, runs: int) -> str:
    """Format the results and the target ratios as a Markdown table.

    Args:
        results: Median seconds by row.
        package: The benchmarked package.
        count: Its number of Python files.
        runs: Measured runs per command.

    Returns:
        The table and the verdicts.
    """
    raw = ("ruff check", "ruff format --check", "basedpyright")
    sequential = sum(results[name] for name in raw)
    slowest = max(results[name] for name in raw)
    cold, warm = results["setsquare check (cold)"], results["setsquare check (warm)"]
    rows = [
        *((name, results[name]) for name in raw),
        ("raw tools, sequential sum", sequential),
    ]
    rows += [(name, results[name]) for name in results if name.startswith("setsquare")]
    lines = [
        f"`{package}` ({count} files), median of {runs} round-robin rounds after a warm-up round:",
        "",
        "| command | median wall time |",
        "|---|---:|",
        *(f"| {name} | {seconds:.2f} s |" for name, seconds in rows),
        "",
        "| target | measured | limit |",
        "|---|---:|---:|",
        f"| cold / slowest raw tool | {cold / slowest:.2f} | {COLD_LIMIT} |",
        f"| warm / cold | {warm / cold:.3f} | {WARM_LIMIT} |",
        f"| cold / sequential sum | {cold / sequential:.2f} | - |",
        f"| `setsquare --help` | {results['setsquare --help']:.2f} s | {HELP_LIMIT} s |",
    ]
    return "\n".join(lines)


def main() -> None:
    """Copy the package, time every command, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    _ = parser.add_argument(
        "--package", default="pygments", help="installed package to copy"
    )
    _ = parser.add_argument(
        "--runs", type=int, default=3, help="measured runs per command"
    )
    arguments = cast("dict[str, object]", vars(parser.parse_args()))
    package, runs = str(arguments["package"]), int(str(arguments["runs"]))
    with tempfile.TemporaryDirectory(prefix="setsquare-bench-") as folder:
        project = Path(folder) / "project"
        project.mkdir()
        count = copy_package(package, project)
        results = measure_all(project, runs, Path(folder) / "cache")
    _ = sys.stdout.write(table(results, package, count, runs) + "\n")


if __name__ == "__main__":
    main()
