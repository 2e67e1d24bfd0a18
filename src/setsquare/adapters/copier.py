"""copier, behind one adapter: rendering, and reading the answers it records.

copier is imported inside the functions (half a second of imports), so commands that do
not render start fast. Its errors become setsquare's own, with copier's message kept.
"""

import shutil
import tempfile
import warnings
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, cast, override

import yaml

from setsquare.domain.changes import ConflictStyle
from setsquare.exceptions import (
    ConfigurationError,
    ExternalServiceError,
    ValidationError,
)

if TYPE_CHECKING:
    from copier._main import Worker

ANSWERS_FILE = ".copier-answers.yml"


@contextmanager
def _copier_errors() -> Generator[None]:
    """Translate copier's exceptions into setsquare's hierarchy.

    Yields:
        Nothing; the body runs with the translation in place.

    Raises:
        ValidationError: For an answer copier's validators refused.
        ExternalServiceError: For any other copier failure, with copier's message.
    """
    from copier.errors import CopierError  # noqa: PLC0415 - heavy import, only when rendering

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            yield
        except ValueError as error:
            raise ValidationError(str(error).strip().splitlines()[-1]) from error
        except CopierError as error:
            msg = f"copier: {error}"
            raise ExternalServiceError(msg) from error


def render(  # noqa: PLR0913 - mirrors copier's own options
    source: str,
    destination: Path,
    answers: dict[str, str],
    *,
    vcs_ref: str | None,
    defaults: bool,
    skip_tasks: bool = False,
) -> None:
    """Render the template into ``destination`` from zero (``copier copy``).

    Args:
        source: The template source as it must be recorded (path, ``~`` path or URL).
        destination: Where to render; created when missing.
        answers: Answers to use without asking.
        vcs_ref: The template version (git ref); copier's default when None.
        defaults: Use defaults for every unanswered question instead of prompting.
        skip_tasks: Do not run the template's post-copy tasks.
    """
    from copier import run_copy  # noqa: PLC0415 - heavy import, only when rendering

    with _copier_errors():
        _ = run_copy(
            source,
            destination,
            data=dict(answers),
            vcs_ref=vcs_ref,
            defaults=defaults,
            unsafe=True,
            quiet=True,
            skip_tasks=skip_tasks,
        )


@dataclass(frozen=True, slots=True)
class Merge:
    """What rendering beside existing files did.

    Attributes:
        added: Files the template has that did not exist, now written.
        kept: Files that existed already and were left untouched.
        clashes: Of ``kept``, those whose content differs from the template's,
            mapped to the template's text.
    """

    added: list[str]
    kept: list[str]
    clashes: dict[str, str]


def render_missing(  # noqa: PLR0913 - mirrors copier's own options
    source: str,
    destination: Path,
    answers: dict[str, str],
    *,
    vcs_ref: str | None,
    defaults: bool,
    skip_tasks: bool = False,
) -> Merge:
    """Render into a scratch directory, then add only the files that do not exist.

    Never overwrites: each existing file is kept and, when the template's version
    differs, reported as a clash with the template's text.

    Args:
        source: The template source.
        destination: The existing project directory.
        answers: The answers.
        vcs_ref: The template version.
        defaults: Use defaults for unanswered questions.
        skip_tasks: Do not run the template's tasks.

    Returns:
        What was added and what clashed.
    """
    added: list[str] = []
    kept: list[str] = []
    clashes: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="setsquare-render-") as scratch:
        rendered = Path(scratch) / destination.name
        render(
            source,
            rendered,
            answers,
            vcs_ref=vcs_ref,
            defaults=defaults,
            skip_tasks=skip_tasks,
        )
        for path in sorted(item for item in rendered.rglob("*") if item.is_file()):
            relative = path.relative_to(rendered).as_posix()
            target = destination / relative
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                _ = shutil.copy2(path, target)
                added.append(relative)
                continue
            kept.append(relative)
            if target.read_bytes() != path.read_bytes():
                clashes[relative] = path.read_text(encoding="utf-8", errors="replace")
    return Merge(added=added, kept=kept, clashes=clashes)


def read_answers(project: Path) -> dict[str, object]:
    """Read a project's recorded answers.

    Args:
        project: The project's root directory.

    Returns:
        The answers mapping, copier's private keys (``_commit``, ``_src_path``) included.

    Raises:
        ConfigurationError: When the file is missing, unreadable or not a mapping.
    """
    path = project / ANSWERS_FILE
    try:
        loaded = cast("object", yaml.safe_load(path.read_text(encoding="utf-8")))
    except FileNotFoundError as error:
        msg = f"{path} is missing: this project was not made from a template (try `setsquare adopt`)"
        raise ConfigurationError(msg) from error
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        msg = f"{path} is not readable YAML: {error}".splitlines()[0]
        raise ConfigurationError(msg) from error
    if not isinstance(loaded, dict):
        msg = f"{path} does not hold a mapping of answers"
        raise ConfigurationError(msg)
    mapping = cast("dict[object, object]", loaded)
    return {str(key): value for key, value in mapping.items()}


def write_answers(project: Path, answers: dict[str, object]) -> None:
    """Rewrite a project's answers file (copier rewrites it again on its next run).

    Args:
        project: The project's root directory.
        answers: The full answers, private keys included.
    """
    text = yaml.safe_dump(answers, sort_keys=False, allow_unicode=True)
    _ = (project / ANSWERS_FILE).write_text(text, encoding="utf-8")


@contextmanager
def _update_errors() -> Generator[None]:
    """Translate copier's errors, and git failing under copier, into setsquare's.

    Yields:
        Nothing; the body runs with the translation in place.

    Raises:
        ExternalServiceError: When git, a task or a migration failed under copier.
    """
    try:
        with _copier_errors():
            yield
    except OSError as error:  # plumbum's ProcessExecutionError: git failed
        lines = [line.strip(" |") for line in str(error).splitlines()]
        detail = [line for line in lines if line]
        msg = f"copier: {detail[-1] if detail else type(error).__name__}"
        raise ExternalServiceError(msg) from error


def render_recorded(
    source: str, destination: Path, answers: dict[str, object], vcs_ref: str
) -> frozenset[str]:
    """Render recorded answers at a recorded version, without tasks, to compare with.

    Args:
        source: The template source.
        destination: An empty scratch directory.
        answers: The recorded answers (private keys are left out).
        vcs_ref: The recorded version.

    Returns:
        The names of the questions that version of the template asks.
    """
    from copier import run_copy  # noqa: PLC0415 - heavy import, only when rendering

    data = {key: value for key, value in answers.items() if not key.startswith("_")}
    with _update_errors():
        worker = run_copy(
            source,
            destination,
            data=data,
            vcs_ref=vcs_ref,
            defaults=True,
            unsafe=True,
            quiet=True,
            skip_tasks=True,
        )
        questions = cast("dict[str, object]", worker.template.questions_data)
    return frozenset(questions)


class _UpdateOptions(TypedDict):
    """The keyword arguments ``update`` gives copier's update, watched or not."""

    data: dict[str, object]
    vcs_ref: str
    conflict: ConflictStyle
    defaults: bool
    overwrite: bool
    unsafe: bool
    quiet: bool
    skip_answered: bool


@dataclass(frozen=True, slots=True)
class UpdateRun:
    """What copier's update showed on its way, for the caller to reuse.

    Attributes:
        questions: The names of the questions the recorded version asks, when its
            render was kept; None when it was not (the caller renders it).
        rendered: Files of the project (relative path → bytes) as the new
            version's render and the template's tasks left them, before copier
            merged the project's own changes back; only the files asked for.
    """

    questions: frozenset[str] | None
    rendered: dict[str, bytes]


def update(  # noqa: PLR0913 - mirrors copier's own options
    project: Path,
    *,
    vcs_ref: str,
    conflict: ConflictStyle,
    answers: dict[str, str] | None = None,
    keep_recorded: Path | None = None,
    watch: tuple[str, ...] = (),
) -> UpdateRun:
    """Update a committed project in place to another template version (``copier update``).

    New questions take the answers given, else their defaults; tasks and migrations
    run (the template is trusted, as with ``init``).

    copier's update first renders the recorded version from the recorded answers in
    a scratch directory, then renders the new version over the project (running the
    tasks) before it merges the project's changes back. With ``keep_recorded`` the
    first render is kept, so a caller that compares with it does not render it a
    second time; ``watch`` keeps files as the second left them.

    Args:
        project: The project's root directory, committed and clean.
        vcs_ref: The version to update to.
        conflict: ``inline`` conflict markers, or ``rej`` files beside each file.
        answers: Answers to new (or changed) questions.
        keep_recorded: An absent directory to copy copier's render of the recorded
            version into.
        watch: Files of the project (relative paths) to keep as the new version's
            render and tasks left them.

    Returns:
        What the update showed on its way.
    """
    options: _UpdateOptions = {
        "data": dict(answers or {}),
        "vcs_ref": vcs_ref,
        "conflict": conflict,
        "defaults": True,
        "overwrite": True,
        "unsafe": True,
        "quiet": True,
        "skip_answered": True,
    }
    with _update_errors():
        watching = _watching_worker(project, keep_recorded, watch)
        if watching is None:  # a copier without its Worker class: nothing kept
            from copier import run_update  # noqa: PLC0415 - heavy

            _ = run_update(project, **options)
            return UpdateRun(None, {})
        worker_class, run = watching
        with worker_class(dst_path=project, **options) as worker:
            worker.run_update()
    return UpdateRun(run.questions, run.rendered)


@dataclass(slots=True)
class _Seen:
    """What a watching worker saw (filled while copier runs).

    Attributes:
        questions: The recorded version's question names, once its render is kept.
        rendered: The watched files after the render over the project.
    """

    questions: frozenset[str] | None = None
    rendered: dict[str, bytes] = field(default_factory=dict[str, bytes])


def _watching_worker(
    project: Path, keep: Path | None, watch: tuple[str, ...]
) -> tuple[type["Worker"], _Seen] | None:
    """Make a copier worker class that keeps what ``update`` asks of its renders.

    copier's update renders with copies of its worker (``dataclasses.replace``): the
    first one renders the recorded version elsewhere, a later one renders over the
    project. Should a copier render differently, nothing is kept and the caller
    falls back to rendering itself. ``Worker`` is copier's internal class (its public
    API is ``run_update``): a copier without it gets None and updates unwatched.

    Args:
        project: The project being updated.
        keep: Where to copy the recorded version's render; None keeps nothing.
        watch: Project files to read after the render over the project.

    Returns:
        The class and the record it fills, or None when copier has no such class.
    """
    try:
        from copier._main import Worker  # noqa: PLC0415, PLC2701 - heavy; the class copier updates with
    except ImportError:
        return None

    seen = _Seen()

    class WatchingWorker(Worker):
        """A copier worker that keeps the renders ``update`` reuses."""

        @override
        def run_copy(self) -> None:
            """Render, then keep what was asked of this render."""
            super().run_copy()
            if self.dst_path == project:
                seen.rendered = {
                    name: (project / name).read_bytes()
                    for name in watch
                    if (project / name).is_file()
                }
            elif keep is not None and seen.questions is None:
                _ = shutil.copytree(self.dst_path, keep, symlinks=True)
                questions = cast("dict[str, object]", self.template.questions_data)
                seen.questions = frozenset(questions)

    return WatchingWorker, seen


def recopy(project: Path, *, vcs_ref: str) -> None:
    """Render a project afresh over itself from its recorded answers (``copier recopy``).

    Args:
        project: The project's root directory, committed and clean.
        vcs_ref: The version to render.
    """
    from copier import run_recopy  # noqa: PLC0415 - heavy import, only when rendering

    with _update_errors():
        _ = run_recopy(
            project,
            vcs_ref=vcs_ref,
            defaults=True,
            overwrite=True,
            unsafe=True,
            quiet=True,
            skip_answered=True,
        )


__all__ = [
    "ANSWERS_FILE",
    "Merge",
    "UpdateRun",
    "read_answers",
    "recopy",
    "render",
    "render_missing",
    "render_recorded",
    "update",
    "write_answers",
]
