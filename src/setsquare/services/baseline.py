"""``setsquare baseline write|prune``: adopt the canon on a legacy codebase.

``write`` records every current finding of the whole project; ``check --baseline
FILE`` (or ``check`` in a project whose ``[tool.setsquare] baseline`` names the
file) then fails only on new ones; ``prune`` drops the entries whose findings
have since been fixed, and lowers the recorded debt with them, so the baseline
only ever shrinks.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from setsquare.adapters.project_settings import (
    configured_baseline,
    lower_findings_limit,
)
from setsquare.domain.baseline import prune_baseline, render_baseline
from setsquare.exceptions import ConfigurationError, NotFoundError
from setsquare.services.check import CheckRequest, run_check
from setsquare.services.check_scope import find_root

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
    limit_lowered: bool = False


def baseline_file(request: CheckRequest, path: Path | None) -> Path:
    """Resolve the baseline file a command works on.

    Args:
        request: The check request (its ``cwd`` anchors relative paths).
        path: The file given, or None for the project's configured one (else
            ``setsquare-baseline.json`` at the project root).

    Returns:
        The absolute path.
    """
    cwd = request.cwd or Path.cwd()
    if path is not None:
        return cwd / path
    root = find_root(cwd)
    return configured_baseline(root) or root / DEFAULT_BASELINE


def write_baseline(request: CheckRequest, path: Path | None) -> BaselineResult:
    """Record every current finding in a baseline file.

    Args:
        request: What to check (paths, ``--canon``); its own baseline is ignored.
        path: The file to write (relative paths start at ``request.cwd``), or None
            for the project's configured baseline.

    Returns:
        The file and how many findings it records.
    """
    target = baseline_file(request, path)
    report = run_check(
        CheckRequest(
            paths=request.paths,
            canon=request.canon,
            configured_baseline=False,
            use_cache=request.use_cache,
            cwd=request.cwd,
        )
    )
    _ = target.write_text(render_baseline(report.diagnostics), encoding="utf-8")
    return BaselineResult(target, len(report.diagnostics))


def prune(request: CheckRequest, path: Path | None) -> BaselineResult:
    """Drop the baseline entries whose findings no longer occur in the project.

    The whole project is checked (whatever paths the request names), so an entry
    is only dropped when its finding is gone everywhere. A recorded debt limit
    (``[tool.setsquare.debt] findings``) is lowered to what the project's
    configured baseline still records.

    Args:
        request: How to check (``--canon``, cache use).
        path: The baseline file (relative paths start at ``request.cwd``), or
            None for the project's configured baseline.

    Returns:
        The file, how many entries remain, how many were removed, and whether
        the recorded limit was lowered.

    Raises:
        NotFoundError: When the baseline file does not exist.
        ConfigurationError: When it is not a setsquare baseline.
    """
    target = baseline_file(request, path)
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        msg = f"baseline {target} does not exist"
        raise NotFoundError(msg) from error
    report = run_check(
        CheckRequest(
            canon=request.canon,
            configured_baseline=False,
            use_cache=request.use_cache,
            cwd=request.cwd,
        )
    )
    try:
        pruned, kept, removed = prune_baseline(text, report.diagnostics)
    except ValueError as error:
        msg = f"baseline {target} is unreadable: {error}"
        raise ConfigurationError(msg) from error
    _ = target.write_text(pruned, encoding="utf-8")
    root = Path(report.root)
    lowered = target == configured_baseline(root) and lower_findings_limit(root, kept)
    return BaselineResult(target, kept, removed, limit_lowered=lowered)


__all__ = [
    "DEFAULT_BASELINE",
    "BaselineResult",
    "baseline_file",
    "prune",
    "write_baseline",
]
