"""Template-version decisions (pure): parsing, ordering, direction, how far behind."""

from typing import Final

import pytest
from packaging.version import Version

from setsquare.domain.versions import (
    Direction,
    direction,
    find_version,
    minor_versions_behind,
    newer_releases,
    newest,
    parse_recorded,
    parse_version,
    sort_versions,
    within_grace,
)

TAGS: Final = ["v1.10.0", "v1.2.0", "v1.9.1", "latest", "v2.0.0rc1", "1.2.5", "v1.3.0"]


def test_sort_versions_when_mixed_tags_then_pep440_order_and_non_versions_dropped() -> (
    None
):
    """``v1.10.0`` sorts after ``v1.9.1`` (not as text); ``latest`` is not a version."""
    ordered = [item.tag for item in sort_versions(TAGS)]

    assert ordered == ["v1.2.0", "1.2.5", "v1.3.0", "v1.9.1", "v1.10.0", "v2.0.0rc1"]


def test_newest_when_prerelease_newest_then_skipped_unless_asked() -> None:
    """Like copier, the newest release skips pre-releases by default."""
    versions = sort_versions(TAGS)

    assert (found := newest(versions)) is not None
    assert found.tag == "v1.10.0"
    assert (pre := newest(versions, prereleases=True)) is not None
    assert pre.tag == "v2.0.0rc1"
    assert newest([]) is None


@pytest.mark.parametrize(
    ("recorded", "expected"),
    [
        ("v1.2.0", Version("1.2.0")),
        ("1.2.0", Version("1.2.0")),
        ("v1.2.0-3-gabc1234", Version("1.2.0.post3+gabc1234")),
        ("abc1234", None),
        ("main", None),
    ],
)
def test_parse_recorded_when_describe_forms_then_versions(
    recorded: str, expected: Version | None
) -> None:
    """The recorded ``_commit`` is ``git describe`` output; a bare hash is no version."""
    assert parse_recorded(recorded) == expected


def test_parse_recorded_when_past_a_tag_then_newer_than_tag_older_than_next() -> None:
    """Three commits after v1.2.0 sits between v1.2.0 and v1.2.1."""
    past = parse_recorded("v1.2.0-3-gabc1234")

    assert past is not None
    assert Version("1.2.0") < past < Version("1.2.1")


def test_find_version_when_tag_or_equal_version_then_found() -> None:
    """``--to`` accepts the tag or any spelling of the same version."""
    versions = sort_versions(TAGS)

    assert (exact := find_version("v1.3.0", versions)) is not None
    assert exact.tag == "v1.3.0"
    assert (loose := find_version("1.3", versions)) is not None
    assert loose.tag == "v1.3.0"
    assert find_version("v9.9.9", versions) is None
    assert find_version("not-a-version", versions) is None


def test_direction_when_compared_then_upgrade_same_or_downgrade() -> None:
    """Direction is decided by PEP 440 comparison."""
    assert direction(Version("1.2.0"), Version("1.10.0")) is Direction.UPGRADE
    assert direction(Version("1.2.0"), Version("1.2")) is Direction.SAME
    assert direction(Version("1.10.0"), Version("1.9.1")) is Direction.DOWNGRADE


def test_newer_releases_when_behind_then_listed_without_prereleases() -> None:
    """A project at v1.3.0 is behind v1.9.1 and v1.10.0, not the release candidate."""
    behind = newer_releases(Version("1.3.0"), sort_versions(TAGS))

    assert [item.tag for item in behind] == ["v1.9.1", "v1.10.0"]


def test_minor_versions_behind_when_patches_and_minors_newer_then_series_counted() -> (
    None
):
    """Patch releases of the project's own series do not count; each newer minor does."""
    versions = sort_versions(
        ["v1.2.0", "v1.2.5", "v1.3.0", "v1.4.0", "v1.4.1", "v2.0.0"]
    )

    assert minor_versions_behind(Version("1.2.0"), versions) == 3
    assert minor_versions_behind(Version("1.4.0"), versions) == 1
    assert minor_versions_behind(Version("2.0.0"), versions) == 0


def test_within_grace_when_allowance_given_then_minor_series_tolerated() -> None:
    """With no grace only the newest release passes; a grace of N tolerates N minors."""
    versions = sort_versions(["v1.2.0", "v1.2.1", "v1.3.0", "v1.4.0"])

    assert not within_grace(Version("1.2.1"), versions, 0)
    assert within_grace(Version("1.4.0"), versions, 0)
    assert within_grace(Version("1.2.0"), versions, 2)
    assert not within_grace(Version("1.2.0"), versions, 1)


def test_parse_version_when_not_pep440_then_none() -> None:
    """``parse_version`` (used by conform) keeps its contract."""
    assert parse_version("v1.2.0") == Version("1.2.0")
    assert parse_version("release-one") is None
