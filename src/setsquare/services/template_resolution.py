"""Where a project's template comes from, which versions it has, which one to render.

One implementation shared by every command that renders or compares with a template
(``init``, ``adopt``, ``update``, ``regenerate``, ``conform``, ``versions``): the
source to record (local paths made absolute, the template home materialised when it
is the source), the version an answers file records, the versions a source has, and
the version to render or update to.
"""

from pathlib import Path

from packaging.version import Version

from setsquare.adapters.copier import ANSWERS_FILE
from setsquare.adapters.git import commit_of, has_commit, remote_tags
from setsquare.adapters.template_home import ensure_template_home
from setsquare.config import get_settings
from setsquare.domain.versions import (
    TemplateVersion,
    find_version,
    newest,
    parse_recorded,
    sort_versions,
)
from setsquare.exceptions import ConfigurationError, ExternalServiceError, NotFoundError

_RECOVER = "run `setsquare regenerate --to VERSION` to re-render from your answers at a version that exists (it shows the diff first), or set `_commit` in .copier-answers.yml to the version the project was made from"


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


def template_source(answers: dict[str, object], template: str | None) -> str:
    """Decide the template source, materialising the template home when it is it.

    Args:
        answers: The recorded answers.
        template: A source given on the command line, if any.

    Returns:
        The source to render from and record.

    Raises:
        ConfigurationError: When neither is available.
    """
    if template is not None:
        source = recorded_source(template)
    else:
        found = answers.get("_src_path")
        if not isinstance(found, str) or not found:
            msg = f"{ANSWERS_FILE} records no template source (`_src_path`): pass `--template SRC`"
            raise ConfigurationError(msg)
        source = found
    home = get_settings().template_home
    if source == home or Path(source).expanduser() == Path(home).expanduser():
        _ = ensure_template_home()
    return source


def recorded_commit(answers: dict[str, object]) -> str:
    """Return the version an answers file records (``_commit``).

    Args:
        answers: The recorded answers.

    Returns:
        The recorded ``_commit``.

    Raises:
        ConfigurationError: When it is missing.
    """
    commit = answers.get("_commit")
    if not isinstance(commit, str | int | float) or not str(commit):
        msg = f"{ANSWERS_FILE} records no template version (`_commit`): run `setsquare regenerate --to VERSION` to re-render at a known version"
        raise ConfigurationError(msg)
    return str(commit)


def available_versions(
    source: str, *, allow_none: bool = False
) -> list[TemplateVersion]:
    """List the template's versions, oldest first.

    Args:
        source: The template source.
        allow_none: Return an empty list for a source without version tags.

    Returns:
        The versions.

    Raises:
        NotFoundError: When the source cannot be read, or has no version tags and
            ``allow_none`` is unset.
    """
    try:
        tags = remote_tags(source)
    except ExternalServiceError as error:
        msg = f"cannot read the versions of the template {source}: {error.message}"
        raise NotFoundError(msg) from error
    versions = sort_versions(tags)
    if not versions and not allow_none:
        msg = f"the template {source} has no version tags (PEP 440 tags such as v1.0.0)"
        raise NotFoundError(msg)
    return versions


def check_recorded(
    recorded: str, source: str, versions: list[TemplateVersion]
) -> Version:
    """Check that the recorded version exists in the source and is a version.

    Args:
        recorded: The recorded ``_commit``.
        source: The template source.
        versions: Its versions.

    Returns:
        The recorded version.

    Raises:
        NotFoundError: When the source does not have it.
        ConfigurationError: When it is a commit that names no version.
    """
    if not version_exists(recorded, source, versions):
        ships = _shipped_hint(source)
        msg = f"the recorded template version {recorded} does not exist in {source}{ships}: {_RECOVER}"
        raise NotFoundError(msg)
    version = parse_recorded(recorded)
    if version is None:
        msg = f"the recorded `_commit: {recorded}` is not a version, so there is nothing to update from: {_RECOVER}"
        raise ConfigurationError(msg)
    return version


def version_exists(recorded: str, source: str, versions: list[TemplateVersion]) -> bool:
    """Tell whether a recorded ``_commit`` exists in the template source.

    Args:
        recorded: A tag, ``git describe`` output or commit hash.
        source: The template source.
        versions: Its versions.

    Returns:
        True when it is a tag, or a commit of a local source; for a remote source a
        non-tag cannot be checked without cloning, so copier has the last word.
    """
    if any(item.tag == recorded for item in versions):
        return True
    local = Path(source).expanduser()
    return not local.is_dir() or has_commit(local, recorded)


def template_commit(source: str, ref: str) -> str | None:
    """Return the commit a version of a local git template names.

    Args:
        source: The template source.
        ref: The version (tag, ``git describe`` output or hash).

    Returns:
        The commit's full hash; None when it cannot be told without cloning (a
        remote source or a bundle), the source is not a git repository (copier
        renders such a directory as it is) or ``ref`` is ``HEAD`` (copier renders a
        local ``HEAD`` with its uncommitted changes).
    """
    local = Path(source).expanduser()
    if ref == "HEAD" or not (local / ".git").exists():
        return None
    return commit_of(local, ref)


def _shipped_hint(source: str) -> str:
    """Explain, for the template home, which version this setsquare ships.

    Args:
        source: The template source.

    Returns:
        A parenthesised hint, or an empty string for other sources.
    """
    from setsquare import TEMPLATE_VERSION  # noqa: PLC0415 - avoids an import cycle

    if source != get_settings().template_home:
        return ""
    return f" (this setsquare ships template {TEMPLATE_VERSION}; a newer setsquare may have made the project)"


def target_version(
    requested: str | None, source: str, versions: list[TemplateVersion]
) -> TemplateVersion:
    """Resolve the version to update to.

    Args:
        requested: ``--to``; the newest release when None.
        source: The template source, for messages.
        versions: Its versions.

    Returns:
        The target version.

    Raises:
        NotFoundError: When the requested version does not exist.
    """
    found = newest(versions) if requested is None else find_version(requested, versions)
    if found is None:
        names = ", ".join(item.tag for item in versions)
        wanted = "a release" if requested is None else requested
        msg = f"{wanted} is not a version of the template {source} (available: {names})"
        raise NotFoundError(msg)
    return found


def render_version(
    requested: str | None, answers: dict[str, object], source: str
) -> str:
    """Decide the version to re-render: ``--to``, else the recorded one if it exists.

    Args:
        requested: ``--to``.
        answers: The recorded answers.
        source: The template source.

    Returns:
        The tag (or recorded ``_commit``) to render.

    Raises:
        NotFoundError: When the recorded version is not in the source.
    """
    versions = available_versions(source)
    if requested is not None:
        return target_version(requested, source, versions).tag
    recorded = recorded_commit(answers)
    if not version_exists(recorded, source, versions):
        names = ", ".join(item.tag for item in versions)
        msg = f"the recorded template version {recorded} does not exist in {source}: pass `--to VERSION` (available: {names})"
        raise NotFoundError(msg)
    return recorded


__all__ = [
    "available_versions",
    "check_recorded",
    "recorded_commit",
    "recorded_source",
    "render_version",
    "resolve_template",
    "target_version",
    "template_commit",
    "template_source",
    "version_exists",
]
