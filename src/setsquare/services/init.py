"""``setsquare init``: a new project from the canonical template."""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from setsquare.adapters import copier
from setsquare.adapters.git import git, is_work_tree
from setsquare.exceptions import ValidationError
from setsquare.services.template_resolution import resolve_template

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
]
