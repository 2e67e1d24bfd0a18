"""Wall-clock timing shared by the benchmarks: one command, round-robin rounds, ratios.

Every benchmark in ``bench/`` measures setsquare against the raw tool it wraps in the
same run, round-robin (one of each per round, after a warm-up round), so load from
anything else on the machine affects both alike. Every target ratio is the median of
the per-round ratios (``paired_ratio``), in both benchmarks.
"""

import statistics
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from setsquare.adapters.process import child_environment


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Run a command to completion and return its wall time.

    Args:
        command: The command.
        cwd: The working directory.
        env: Extra environment variables.

    Returns:
        Seconds.
    """
    started = time.perf_counter()
    _ = subprocess.run(  # noqa: S603 - fixed argument lists built by the benchmarks
        command,
        cwd=cwd,
        env=child_environment(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started


def round_robin_samples(
    commands: Mapping[str, Callable[[], float]], runs: int
) -> dict[str, list[float]]:
    """Measure every command once per round, after one unmeasured warm-up round.

    Args:
        commands: Row name to a callable that runs the command and returns seconds.
        runs: Measured rounds.

    Returns:
        Seconds by row name, one per round in round order (for paired ratios).
    """
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for round_number in range(runs + 1):
        for name, measure in commands.items():
            seconds = measure()
            if round_number:
                samples[name].append(seconds)
    return samples


def paired_ratio(
    samples: Mapping[str, list[float]], numerator: str, denominator: str
) -> float:
    """Compare two commands round by round: the median of their per-round ratios.

    Runs of the same round are seconds apart, so the machine's load drifting between
    rounds cancels out, which a ratio of medians taken from different rounds does not.

    Args:
        samples: Seconds per round by row name (``round_robin_samples``).
        numerator: The row measured.
        denominator: The row it is compared with.

    Returns:
        The median ratio.
    """
    return statistics.median(
        mine / theirs
        for mine, theirs in zip(samples[numerator], samples[denominator], strict=True)
    )
