"""``setsquare init``: a new project from the canonical template."""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from setsquare.adapters import copier
from setsquare.adapters.git import git, is_work_tree
from setsquare.adapters.template_home import ensure_template_home
from setsquare.exceptions import ValidationError

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class InitRequest:
    """What ``init`` was asked to do.

    Attributes:
        destination: The project directory to create.
        answers: Answers given as options (question name → value).
        extra_data: Further answers as ``KEY=VALUE`` strings.
        defaults: Never prompt; unanswered questions take their defaults.
        template: A template source other than the shipped one.
        vcs_ref: The template version (git ref) to render.
        force: Render into a non-empty directory, keeping every existing file.
    """

    destination: Path
    answers: dict[str, str] = field(default_factory=dict[str, str])
    extra_data: list[str] = field(default_factory=list[str])
    defaults: bool = False
    template: str | None = None
    vcs_ref: str | None = None
    force: bool = False


@dataclass(frozen=True, slots=True)
class InitResult:
    """What ``init`` made.

    Attributes:
        destination: The project directory.
        source: The template source recorded in the answers file.
        version: The template version recorded (``_commit``).
        skipped: Files the template has that already existed and were kept.
    """

    destination: Path
    source: str
    version: str
    skipped: list[str]


def parse_data(pairs: list[str]) -> dict[str, str]:
    """Turn ``KEY=VALUE`` strings into answers.

    Args:
        pairs: The strings, as given on the command line.

    Returns:
        The answers.

    Raises:
        ValidationError: When a string has no ``=`` or an empty key.
    """
    answers: dict[str, str] = {}
    for pair in pairs:
        key, separator, value = pair.partition("=")
        if not separator or not key.strip():
            msg = f"--data expects KEY=VALUE, got {pair!r}"
            raise ValidationError(msg)
        answers[key.strip()] = value
    return answers


def recorded_source(template: str) -> str:
    """Return a template source in the form that stays valid from any directory.

    copier records a source exactly as given; a relative path breaks as soon as the
    project or the working directory moves, so local paths become absolute.

    Args:
        template: A path, ``~`` path, or git URL.

    Returns:
        The source to pass to copier and record.
    """
    if template.startswith(("~", "gh:", "gl:", "git@")) or "://" in template:
        return template
    return str(Path(template).resolve())


def resolve_template(
    template: str | None, vcs_ref: str | None
) -> tuple[str, str | None]:
    """Return the template source to render and record, and the version to render.

    Args:
        template: A source given by the user, or None for the shipped template.
        vcs_ref: A version given by the user, or None.

    Returns:
        The source (the template home's ``~`` path for the shipped template) and the
        version: the one given, else the newest release this setsquare ships (its
        commit when it ships none).
    """
    if template is not None:
        return recorded_source(template), vcs_ref
    home = ensure_template_home()
    return home.recorded, vcs_ref or home.shipped_release or home.shipped_commit


def init_project(request: InitRequest) -> InitResult:
    """Render a new project and record where its template comes from.

    Args:
        request: The destination, answers and options.

    Returns:
        What was made.

    Raises:
        ValidationError: When the destination is not empty and ``force`` is unset.
    """
    destination = request.destination.resolve()
    if _has_entries(destination) and not request.force:
        msg = f"{request.destination} is not empty; use --force to render into it (existing files are kept)"
        raise ValidationError(msg)
    answers = {**request.answers, **parse_data(request.extra_data)}
    source, vcs_ref = resolve_template(request.template, request.vcs_ref)
    skipped: list[str] = []
    if _has_entries(destination):
        skipped = copier.render_missing(
            source, destination, answers, vcs_ref=vcs_ref, defaults=request.defaults
        ).kept
        logger.info("kept %d existing files in %s", len(skipped), destination)
    else:
        copier.render(
            source, destination, answers, vcs_ref=vcs_ref, defaults=request.defaults
        )
    if not is_work_tree(destination):
        _ = git("init", "--quiet", cwd=destination)
    recorded = copier.read_answers(destination)
    return InitResult(
        destination=destination,
        source=str(recorded.get("_src_path", source)),
        version=str(recorded.get("_commit", "unknown")),
        skipped=skipped,
    )


def _has_entries(directory: Path) -> bool:
    """Tell whether a directory exists and holds anything.

    Args:
        directory: The directory.

    Returns:
        True when it exists and is not empty.
    """
    return directory.is_dir() and any(directory.iterdir())


__all__ = [
    "InitRequest",
    "InitResult",
    "init_project",
    "parse_data",
    "recorded_source",
    "resolve_template",
]
