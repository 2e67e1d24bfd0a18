"""``setsquare regenerate``: render a project afresh from its recorded answers.

Like ``copier recopy``: every template file is rendered again at the recorded version
(or ``--to``), overwriting the project's edits to it; files the template does not
have are left alone. The change is computed in a scratch clone and shown as a diff
first; ``apply_regeneration`` writes it only when the caller decides to.
"""

from dataclasses import dataclass, replace
from pathlib import Path

from setsquare.adapters import copier
from setsquare.exceptions import ExternalServiceError
from setsquare.services.scratch import (
    Plan,
    apply_plan,
    open_project,
    plan_from,
    scratch_clone,
)
from setsquare.services.template_resolution import render_version, template_source
from setsquare.services.update import relock


@dataclass(frozen=True, slots=True)
class RegenerateRequest:
    """What ``regenerate`` was asked to do.

    Attributes:
        project: The project directory.
        to: The version to render; the recorded one when None.
    """

    project: Path = Path()
    to: str | None = None


@dataclass(frozen=True, slots=True)
class Regeneration:
    """A computed regeneration, not yet applied.

    Attributes:
        source: The template source.
        version: The version rendered.
        plan: The change it makes.
    """

    source: str
    version: str
    plan: Plan


def plan_regeneration(request: RegenerateRequest) -> Regeneration:
    """Render the project afresh in a scratch clone and describe the change.

    Args:
        request: The project and version.

    Returns:
        The regeneration, for the caller to show and, maybe, apply.

    Raises:
        ExternalServiceError: When copier or a task fails.
    """
    project = open_project(request.project, "regenerate")
    source = template_source(project.answers, None)
    version = render_version(request.to, project.answers, source)
    with scratch_clone(project) as scratch:
        try:
            copier.recopy(scratch.root, vcs_ref=version)
        except ExternalServiceError as error:
            msg = f"{error.message} (the working tree was not changed)"
            raise ExternalServiceError(msg) from error
        note = relock(project, scratch)
        plan = plan_from(project, scratch)
    return Regeneration(source, version, replace(plan, notes=[note] if note else []))


def apply_regeneration(regeneration: Regeneration) -> None:
    """Write a computed regeneration to the project's working tree.

    Args:
        regeneration: From ``plan_regeneration``; refused when the project changed since.
    """
    apply_plan(regeneration.plan, "regenerate")


__all__ = [
    "RegenerateRequest",
    "Regeneration",
    "apply_regeneration",
    "plan_regeneration",
]
