"""Template versions: PEP 440 git tags (``v1.2.0``), compared with ``packaging``.

Pure decisions only: which tags are versions, their order, the newest release,
whether a move is an upgrade or a downgrade, and how far behind a project is.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from packaging.version import InvalidVersion, Version

_DESCRIBED = re.compile(r"^(?P<tag>.+)-(?P<count>\d+)-g(?P<hash>[0-9a-f]+)$")


@dataclass(frozen=True, slots=True)
class TemplateVersion:
    """One released template version.

    Attributes:
        tag: The git tag, exactly as the repository spells it (``v1.2.0``).
        version: The tag read as a PEP 440 version.
    """

    tag: str
    version: Version


class Direction(StrEnum):
    """Where moving from one version to another goes."""

    UPGRADE = "upgrade"
    SAME = "same"
    DOWNGRADE = "downgrade"


def parse_version(tag: str) -> Version | None:
    """Parse a release tag such as ``v1.2.0`` or ``1.2.0``.

    Args:
        tag: The tag name.

    Returns:
        The version, or None when the tag is not a PEP 440 version.
    """
    try:
        return Version(tag.removeprefix("v"))
    except InvalidVersion:
        return None


def parse_recorded(commit: str) -> Version | None:
    """Read the version an answers file records in ``_commit``.

    copier records ``git describe --tags``: a tag (``v1.2.0``), or ``v1.2.0-3-gabc1234``
    for the third commit after it, read here as the post-release ``1.2.0.post3``.

    Args:
        commit: The recorded ``_commit``.

    Returns:
        The version, or None when the value names no version (a bare commit hash).
    """
    described = _DESCRIBED.match(commit)
    if described is None:
        return parse_version(commit)
    base = parse_version(described["tag"])
    if base is None:
        return None
    past = parse_version(f"{base}.post{described['count']}+g{described['hash']}")
    return past or base


def sort_versions(tags: Iterable[str]) -> list[TemplateVersion]:
    """Keep the tags that are versions, oldest first.

    Args:
        tags: Tag names, in any order; non-version tags are dropped.

    Returns:
        The versions in ascending PEP 440 order.
    """
    parsed = [
        TemplateVersion(tag, version)
        for tag in set(tags)
        if (version := parse_version(tag)) is not None
    ]
    return sorted(parsed, key=lambda item: (item.version, item.tag))


def newest(
    versions: Sequence[TemplateVersion], *, prereleases: bool = False
) -> TemplateVersion | None:
    """Return the newest version, skipping pre-releases unless asked (as copier does).

    Args:
        versions: Versions sorted oldest first.
        prereleases: Consider pre-releases (``2.0.0rc1``) too.

    Returns:
        The newest version, or None when there is none.
    """
    candidates = [
        item for item in versions if prereleases or not item.version.is_prerelease
    ]
    return candidates[-1] if candidates else None


def find_version(
    requested: str, versions: Sequence[TemplateVersion]
) -> TemplateVersion | None:
    """Find a requested version among the available ones.

    Args:
        requested: A tag name (``v1.2.0``) or a version equal to one (``1.2``).
        versions: The available versions.

    Returns:
        The matching version, or None when no tag matches.
    """
    exact = [item for item in versions if item.tag == requested]
    if exact:
        return exact[0]
    wanted = parse_version(requested)
    matches = [item for item in versions if item.version == wanted]
    return matches[-1] if matches else None


def direction(current: Version, target: Version) -> Direction:
    """Tell whether moving from ``current`` to ``target`` upgrades.

    Args:
        current: The version a project was rendered from.
        target: The version asked for.

    Returns:
        Upgrade, same or downgrade.
    """
    if target > current:
        return Direction.UPGRADE
    if target == current:
        return Direction.SAME
    return Direction.DOWNGRADE


def newer_releases(
    recorded: Version, versions: Sequence[TemplateVersion]
) -> list[TemplateVersion]:
    """List the releases (not pre-releases) newer than a recorded version.

    Args:
        recorded: The project's version.
        versions: The available versions.

    Returns:
        The newer releases, oldest first; empty when the project is current.
    """
    return [
        item
        for item in versions
        if item.version > recorded and not item.version.is_prerelease
    ]


def minor_versions_behind(
    recorded: Version, versions: Sequence[TemplateVersion]
) -> int:
    """Count the minor release series published after the recorded one.

    ``1.2.0`` with ``1.2.5, 1.3.0, 1.4.1, 2.0.0`` available is 3 behind: patch
    releases of its own series do not count, each newer ``major.minor`` does.

    Args:
        recorded: The project's version.
        versions: The available versions.

    Returns:
        The number of newer ``major.minor`` series.
    """
    own = (recorded.major, recorded.minor)
    series = {
        (item.version.major, item.version.minor)
        for item in newer_releases(recorded, versions)
    }
    return len({pair for pair in series if pair > own})


def within_grace(
    recorded: Version, versions: Sequence[TemplateVersion], allow_behind: int
) -> bool:
    """Decide whether a project is recent enough with a grace of minor versions.

    Args:
        recorded: The project's version.
        versions: The available versions.
        allow_behind: Newer minor series tolerated; 0 demands the newest release.

    Returns:
        True when the project is the newest release, or within the grace.
    """
    if allow_behind <= 0:
        return not newer_releases(recorded, versions)
    return minor_versions_behind(recorded, versions) <= allow_behind


__all__ = [
    "Direction",
    "TemplateVersion",
    "direction",
    "find_version",
    "minor_versions_behind",
    "newer_releases",
    "newest",
    "parse_recorded",
    "parse_version",
    "sort_versions",
    "within_grace",
]
