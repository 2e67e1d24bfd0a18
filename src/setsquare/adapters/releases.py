"""Release tags derived from the release record, in any copy of the history.

Git tags do not travel with a clone of main, so the tag of every release recorded in
``releases.toml`` is created here wherever the history lands: in a source checkout
(``make env``), before the wheel's ``template.bundle`` is written (the build hook), and in
the per-user template home. Standard-library only (through ``adapters.git``): the build
hook imports this module before setsquare's dependencies exist.
"""

import logging
from pathlib import Path

from setsquare.adapters.git import git, has_commit, tags
from setsquare.adapters.process import run
from setsquare.domain.releases import RECORD_FILE, Release, parse_record

logger = logging.getLogger(__name__)


def recorded_releases(repository: Path, at: str = "HEAD") -> list[Release]:
    """Read the release record as it is at one commit.

    Args:
        repository: A git repository.
        at: The commit whose record to read.

    Returns:
        The releases, oldest first; empty for a history without a record.
    """
    shown = run(["git", "show", f"{at}:{RECORD_FILE}"], cwd=repository, check=False)
    return parse_record(shown.stdout) if shown.returncode == 0 else []


def release_commit(repository: Path, release: Release, at: str = "HEAD") -> str | None:
    """Find a release's commit: the one its entry names, or the one that added it.

    Args:
        repository: A git repository.
        release: The recorded release.
        at: The commit whose history is searched.

    Returns:
        The full hash, or None when that commit is not in this history (a shallow clone).
    """
    if release.commit is not None:
        return release.commit if has_commit(repository, release.commit) else None
    added = git(
        "log", "--format=%H", "--reverse", "-S", release.entry_marker, at,
        "--", RECORD_FILE, cwd=repository,
    )  # fmt: skip
    return added.splitlines()[0] if added else None


def tag_releases(repository: Path, at: str = "HEAD") -> list[str]:
    """Create the tag of every release recorded at ``at`` that has none yet.

    An existing tag is never moved: a history only gains versions.

    Args:
        repository: A git repository (a checkout, a clone, the template home).
        at: The commit whose record lists the releases.

    Returns:
        The tags created, oldest first.
    """
    existing = set(tags(repository))
    created: list[str] = []
    for release in recorded_releases(repository, at):
        if release.tag in existing:
            continue
        commit = release_commit(repository, release, at)
        if commit is None:
            logger.warning(
                "release %s: its commit is not in %s (a shallow clone?)",
                release.version,
                repository,
            )
            continue
        _ = git("tag", release.tag, commit, cwd=repository)
        created.append(release.tag)
    return created


__all__ = ["recorded_releases", "release_commit", "tag_releases"]
