"""Release tags are derived from the record in a copy of the history that has none."""

from pathlib import Path

import pytest

from setsquare.adapters.releases import release_commit, tag_releases
from setsquare.domain.releases import parse_record
from tests.support.repos import run_git

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def test_clone_without_tags_when_tagged_then_every_recorded_release_exists(
    tmp_path: Path,
) -> None:
    """A tagless clone of this repository gets each release's tag, v0.1.0 at its commit."""
    clone = tmp_path / "clone"
    _ = run_git(tmp_path, "clone", "--quiet", "--no-tags", str(ROOT), str(clone))
    records = parse_record((clone / "releases.toml").read_text(encoding="utf-8"))

    created = tag_releases(clone)
    again = tag_releases(clone)

    assert run_git(clone, "tag", "--list") == "\n".join(sorted(r.tag for r in records))
    assert created == [release.tag for release in records]
    assert again == []
    first = run_git(clone, "rev-parse", "v0.1.0^{commit}")
    assert first == "17d8560d15505187c49e832779eca01cd00da8fa"


def test_entry_without_commit_when_resolved_then_the_commit_that_added_it(
    tmp_path: Path,
) -> None:
    """An entry naming no commit belongs to the commit that added it; tags never move."""
    repository = tmp_path / "repository"
    repository.mkdir()
    _ = run_git(repository, "init", "--quiet")
    record = repository / "releases.toml"
    _ = record.write_text('[releases]\n"1.0.0" = { date = "2026-01-01" }\n')
    _ = run_git(repository, "add", "--all")
    _ = run_git(repository, "commit", "--quiet", "-m", "release 1.0.0")
    released = run_git(repository, "rev-parse", "HEAD")
    _ = record.write_text(record.read_text() + '"1.1.0" = { date = "2026-02-01" }\n')
    _ = run_git(repository, "commit", "--quiet", "-am", "release 1.1.0")

    (first, second) = parse_record(record.read_text())
    created = tag_releases(repository)

    assert release_commit(repository, first) == released
    assert release_commit(repository, second) == run_git(
        repository, "rev-parse", "HEAD"
    )
    assert created == ["v1.0.0", "v1.1.0"]
    assert run_git(repository, "rev-parse", "v1.0.0") == released


def test_tagless_clone_when_prepared_then_plain_copier_copy_records_a_release(
    tmp_path: Path,
) -> None:
    """After ``make env``'s tagging, plain ``copier copy`` of a checkout records a release."""
    from copier import run_copy  # noqa: PLC0415 - heavy import, only here

    clone = tmp_path / "clone"
    _ = run_git(tmp_path, "clone", "--quiet", "--no-tags", str(ROOT), str(clone))
    newest = parse_record((clone / "releases.toml").read_text(encoding="utf-8"))[-1]
    _ = tag_releases(clone)

    _ = run_copy(
        str(clone),
        tmp_path / "made",
        defaults=True,
        unsafe=True,
        skip_tasks=True,
        quiet=True,
    )

    answers = (tmp_path / "made" / ".copier-answers.yml").read_text(encoding="utf-8")
    assert f"_commit: {newest.tag}\n" in answers
