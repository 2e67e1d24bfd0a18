"""Render the outcomes of ``update``, ``regenerate`` and ``versions`` for a terminal."""

from setsquare.domain.changes import ChangeKind
from setsquare.domain.versions import parse_recorded
from setsquare.services.regenerate import Regeneration
from setsquare.services.scratch import Plan
from setsquare.services.update import UpdateResult
from setsquare.services.versions import VersionsReport


def plan_lines(plan: Plan) -> list[str]:
    """Summarise a plan: files by kind, notes, then every conflict with its location.

    Args:
        plan: The plan.

    Returns:
        The lines.
    """
    lines = [
        f"  {kind.value}: {path}"
        for kind in (ChangeKind.ADDED, ChangeKind.CHANGED, ChangeKind.REMOVED)
        for path in plan.paths(kind)
    ]
    lines.extend(f"  {note}" for note in plan.notes)
    if plan.conflicts:
        lines.append(
            f"{len(plan.conflicts)} conflict(s) to resolve by hand before committing:"
        )
        lines.extend(
            f"  {conflict.location}: {conflict.reason}" for conflict in plan.conflicts
        )
    return lines


def update_lines(result: UpdateResult, *, dry_run: bool) -> list[str]:
    """Summarise an update (or what a dry run would do).

    Args:
        result: The outcome.
        dry_run: Whether nothing was written.

    Returns:
        The lines; a dry run starts with the unified diff.
    """
    plan = result.plan
    if plan is None:
        return [
            f"Already at {result.from_version}: nothing to update ({result.source})."
        ]
    move = (
        f"from {result.from_version} to {result.to_version} (template {result.source})"
    )
    if dry_run:
        head = [plan.diff.rstrip()] if plan.diff else []
        return [
            *head,
            f"Dry run: would update {move}; nothing was written.",
            *plan_lines(plan),
        ]
    if not plan.patch:
        return [f"Updated {move}: no file changed."]
    done = [f"Updated {move}:", *plan_lines(plan)]
    if not plan.conflicts:
        done.append("Review with `git diff`, then commit.")
    return done


def regeneration_lines(regeneration: Regeneration) -> list[str]:
    """Show a regeneration before it is applied: its diff and summary.

    Args:
        regeneration: The computed regeneration.

    Returns:
        The lines.
    """
    plan = regeneration.plan
    where = f"{regeneration.version} ({regeneration.source})"
    if not plan.patch:
        return [f"Nothing to regenerate: the project matches the template at {where}."]
    return [
        plan.diff.rstrip(),
        f"Regenerating from {where} changes:",
        *plan_lines(plan),
    ]


def versions_lines(report: VersionsReport) -> list[str]:
    """Describe the template's versions and where the project stands.

    Args:
        report: The report.

    Returns:
        The lines.
    """
    newest = report.newest.tag if report.newest else None
    tags = [
        f"{item.tag} (newest)" if item.tag == newest else item.tag
        for item in report.available
    ]
    lines = [
        f"template: {report.source}",
        f"versions: {', '.join(tags) or 'none (the template has no PEP 440 tags)'}",
        f"setsquare ships template {report.shipped}",
    ]
    if report.recorded is None:
        return lines
    if parse_recorded(report.recorded) is None or report.newest is None:
        lines.append(f"this project: {report.recorded} (cannot compare)")
        return lines
    if not report.behind:
        lines.append(f"this project: {report.recorded}, up to date")
        return lines
    count = len(report.behind)
    lines.append(
        f"this project: {report.recorded}, behind by {count} release(s) ({report.minor_behind} minor): run `setsquare update`"
    )
    return lines


__all__ = ["plan_lines", "regeneration_lines", "update_lines", "versions_lines"]
