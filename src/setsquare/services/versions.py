"""``setsquare versions``: the template's versions, and where a project stands."""

from dataclasses import dataclass, field, replace
from pathlib import Path

from setsquare import TEMPLATE_VERSION
from setsquare.adapters.copier import ANSWERS_FILE
from setsquare.adapters.template_home import ensure_template_home
from setsquare.domain.versions import (
    TemplateVersion,
    minor_versions_behind,
    newer_releases,
    newest,
    parse_recorded,
)
from setsquare.exceptions import NotFoundError
from setsquare.services.scratch import read_recorded_answers
from setsquare.services.template_resolution import (
    available_versions,
    recorded_commit,
    template_source,
)


@dataclass(frozen=True, slots=True)
class VersionsReport:
    """The template's versions and, inside a project, how far behind it is.

    Attributes:
        source: The template source whose tags were read.
        available: Its versions, oldest first.
        newest: Its newest release (pre-releases skipped), if any.
        shipped: The template version this setsquare ships.
        recorded: The project's recorded ``_commit``; None outside a project.
        behind: The releases newer than the recorded version, oldest first.
        minor_behind: How many newer ``major.minor`` series were published.
    """

    source: str
    available: list[TemplateVersion]
    newest: TemplateVersion | None
    shipped: str
    recorded: str | None = None
    behind: list[TemplateVersion] = field(default_factory=list[TemplateVersion])
    minor_behind: int = 0


def list_versions(
    path: Path | None = None, template: str | None = None
) -> VersionsReport:
    """List the template's versions and, inside a project, compare the recorded one.

    Args:
        path: A project directory, or any directory; the current one when None.
        template: Read this template source instead of the project's or the
            shipped one.

    Returns:
        The report.

    Raises:
        NotFoundError: When ``path`` is not a directory.
    """
    root = (path or Path()).resolve()
    if not root.is_dir():
        msg = f"{path} is not a directory"
        raise NotFoundError(msg)
    answers = read_recorded_answers(root) if (root / ANSWERS_FILE).is_file() else None
    if template is not None or answers is not None:
        source = template_source(answers or {}, template)
    else:
        source = ensure_template_home().recorded
    versions = available_versions(source, allow_none=True)
    report = VersionsReport(source, versions, newest(versions), TEMPLATE_VERSION)
    if answers is None:
        return report
    recorded = recorded_commit(answers)
    current = parse_recorded(recorded)
    if current is None:
        return replace(report, recorded=recorded)
    return replace(
        report,
        recorded=recorded,
        behind=newer_releases(current, versions),
        minor_behind=minor_versions_behind(current, versions),
    )


__all__ = ["VersionsReport", "list_versions"]
