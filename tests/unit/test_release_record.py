"""The release record agrees with every version the repository states."""

import re
import tomllib
from pathlib import Path
from typing import Final, cast

import pytest
import yaml

import setsquare
from setsquare.domain.releases import Release, newest_release, parse_record
from setsquare.exceptions import ValidationError

ROOT: Final = Path(__file__).resolve().parents[2]


def _record() -> list[Release]:
    """Read this repository's ``releases.toml``.

    Returns:
        Its releases.
    """
    return parse_record((ROOT / "releases.toml").read_text(encoding="utf-8"))


def test_record_when_compared_then_the_newest_release_is_every_stated_version() -> None:
    """pyproject.toml, ``__version__`` and copier.yml all name the newest release."""
    newest = newest_release(_record())
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    copier_yml = cast(
        "dict[str, dict[str, object]]",
        yaml.safe_load((ROOT / "copier.yml").read_text(encoding="utf-8")),
    )

    assert newest is not None
    assert pyproject["project"]["version"] == newest.version
    assert setsquare.__version__ == newest.version
    assert copier_yml["setsquare_version"]["default"] == newest.version


def test_record_when_compared_then_each_release_has_a_changelog_entry() -> None:
    """Every release has its ``## vX.Y.Z`` entry, with an Upgrade note, newest first."""
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (v\d+\.\d+\.\d+)$", changelog, flags=re.MULTILINE)

    assert headings == [release.tag for release in reversed(_record())]
    for section in re.split(r"^## v", changelog, flags=re.MULTILINE)[1:]:
        assert "**Upgrade" in section, section.splitlines()[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[releases]\n"1.0" = { date = "2026-01-01" }\n', "expected"),
        ('[releases]\n"1.0.0" = { commit = "abc" }\n', "needs a date"),
        (
            '[releases]\n"1.0.0" = { date = "2026-01-01", commit = "abc" }\n',
            "full commit",
        ),
        ("[releases\n", "not valid TOML"),
    ],
)
def test_record_when_malformed_then_refused_naming_the_problem(
    text: str, message: str
) -> None:
    """A malformed entry is refused with a message that says what is wrong."""
    with pytest.raises(ValidationError, match=message):
        _ = parse_record(text)
