"""Render and gate every valid combination of the template's options; print a table.

``make test-matrix`` runs ``python -m tests.template.matrix``: the product flavour x
database x cache x ci x Python (``variants.full_matrix``, refused combinations left
out), each variant gated as ``make test`` gates its covering set (``gating``), several
at a time. It prints one line per finished variant, then a Markdown table, and exits 1
when any variant failed. Options: ``--jobs N`` (default 2), ``--only TEXT`` (variants
whose name contains TEXT).
"""

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import cast

from tests.template.gating import Outcome, gate_variant
from tests.template.rendering import snapshot_template
from tests.template.variants import Variant, full_matrix


def _parse(argv: Sequence[str] | None) -> tuple[int, str]:
    """Parse the command line.

    Args:
        argv: The arguments; ``sys.argv[1:]`` when ``None``.

    Returns:
        The number of parallel jobs and the name filter.
    """
    parser = argparse.ArgumentParser(
        prog="python -m tests.template.matrix",
        description="Render and gate every combination of the template's options.",
    )
    _ = parser.add_argument("--jobs", type=int, default=2, help="variants at a time")
    _ = parser.add_argument("--only", default="", help="variants whose name has this")
    arguments = parser.parse_args(argv)
    return cast("int", arguments.jobs), cast("str", arguments.only)


def _status(outcome: Outcome) -> str:
    """Summarise an outcome in one word.

    Args:
        outcome: The outcome.

    Returns:
        ``pass``, ``FAIL`` or ``pass, servers skipped``.
    """
    if outcome.failures:
        return "FAIL"
    return "pass" if outcome.skipped is None else "pass, servers skipped"


def table(outcomes: list[Outcome]) -> str:
    """Render the outcomes as a Markdown table, in matrix order.

    Args:
        outcomes: The outcomes.

    Returns:
        The table, one row per variant.
    """
    rows = [
        "| flavour | database | cache | ci | pre-commit | Python | result | gates | s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for outcome in outcomes:
        variant = outcome.variant
        failed = ", ".join(result.name for result in outcome.failures)
        gates = f"failed: {failed}" if failed else f"{len(outcome.results)} passed"
        cells = [
            variant.flavour,
            variant.database,
            variant.cache,
            variant.ci,
            "yes" if variant.pre_commit else "no",
            variant.python,
            _status(outcome),
            gates,
            f"{outcome.seconds:.0f}",
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def run_matrix(variants: list[Variant], jobs: int, workdir: Path) -> list[Outcome]:
    """Gate variants in parallel, reporting each as it finishes.

    Args:
        variants: The variants.
        jobs: How many at a time.
        workdir: An empty directory for the snapshot and the renders.

    Returns:
        The outcomes, in the order of ``variants``.
    """
    source = snapshot_template(workdir / "source")
    outcomes: dict[Variant, Outcome] = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {
            pool.submit(gate_variant, source, workdir / variant.name, variant): variant
            for variant in variants
        }
        for number, future in enumerate(as_completed(futures), start=1):
            outcome = future.result()
            outcomes[futures[future]] = outcome
            status = f"{_status(outcome)} ({outcome.seconds:.0f} s)"
            progress = f"[{number}/{len(variants)}] {outcome.variant.name}"
            _ = sys.stdout.write(f"{progress}: {status}\n")
            for failure in outcome.failures:
                _ = sys.stdout.write(failure.report() + "\n")
            _ = sys.stdout.flush()
    return [outcomes[variant] for variant in variants]


def main(argv: Sequence[str] | None = None) -> int:
    """Gate the full matrix and print the table.

    Args:
        argv: The arguments; ``sys.argv[1:]`` when ``None``.

    Returns:
        0 when every variant passed, else 1.
    """
    jobs, only = _parse(argv)
    variants = [variant for variant in full_matrix() if only in variant.name]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="setsquare-matrix-") as directory:
        (Path(directory) / "renders").mkdir()
        outcomes = run_matrix(variants, jobs, Path(directory) / "renders")
    failed = sum(1 for outcome in outcomes if outcome.failures)
    summary = f"{len(outcomes)} variants, {failed} failed"
    elapsed = f"{time.monotonic() - started:.0f} s with {jobs} jobs"
    _ = sys.stdout.write(f"\n{table(outcomes)}\n\n{summary}, {elapsed}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
