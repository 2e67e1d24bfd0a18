"""``setsquare baseline write|prune``: adopt the canon on a legacy codebase.

``write`` records every current finding of the whole project; ``check --baseline
FILE`` then fails only on new ones; ``prune`` drops the entries whose findings
have since been fixed, so the baseline only ever shrinks.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from setsquare.domain.baseline import prune_baseline, render_baseline
from setsquare.exceptions import ConfigurationError, NotFoundError
from setsquare.services.check import CheckRequest, run_check

DEFAULT_BASELINE: Final = Path("setsquare-baseline.json")


@dataclass(frozen=True, slots=True)
class BaselineResult:
    """What a baseline command did.

    Attributes:
        path: The baseline file.
        recorded: How many findings the file now records.
        removed: How many entries were dropped (``prune`` only).
    """

    path: Path
    recorded: int
    removed: int = 0


def write_baseline(request: CheckRequest, path: Path) -> BaselineResult:
    """Record every current finding in a baseline file.

    Args:
        request: What to check (paths, ``--canon``); its own baseline is ignored.
        path: The file to write (relative paths start at ``request.cwd``).

    Returns:
        The file and how many findings it records.
    """
    target = (request.cwd or Path.cwd()) / path
    report = run_check(
        CheckRequest(
            paths=request.paths,
            canon=request.canon,
            use_cache=request.use_cache,
            cwd=request.cwd,
        )
    )
    _ = target.write_text(render_baseline(report.diagnostics), encoding="utf-8")
    return BaselineResult(target, len(report.diagnostics))


def prune(request: CheckRequest, path: Path) -> BaselineResult:
    """Drop the baseline entries whose findings no longer occur in the project.

    The whole project is checked (whatever paths the request names), so an entry
    is only dropped when its finding is gone everywhere.

    Args:
        request: How to check (``--canon``, cache use).
        path: The baseline file (relative paths start at ``request.cwd``).

    Returns:
        The file, how many entries remain and how many were removed.

    Raises:
        NotFoundError: When the baseline file does not exist.
        ConfigurationError: When it is not a setsquare baseline.
    """
    target = (request.cwd or Path.cwd()) / path
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        msg = f"baseline {target} does not exist"
        raise NotFoundError(msg) from error
    report = run_check(
        CheckRequest(canon=request.canon, use_cache=request.use_cache, cwd=request.cwd)
    )
    try:
        pruned, kept, removed = prune_baseline(text, report.diagnostics)
    except ValueError as error:
        msg = f"baseline {target} is unreadable: {error}"
        raise ConfigurationError(msg) from error
    _ = target.write_text(pruned, encoding="utf-8")
    return BaselineResult(target, kept, removed)


__all__ = ["DEFAULT_BASELINE", "BaselineResult", "prune", "write_baseline"]
