"""The release record (``releases.toml``): which versions exist, and where each begins.

Pure and standard-library only: the wheel's build hook reads the record too, before
setsquare's dependencies exist.
"""

import re
import tomllib
from dataclasses import dataclass
from typing import Final

from setsquare.domain.toml_access import table
from setsquare.exceptions import ValidationError

RECORD_FILE: Final = "releases.toml"
_VERSION: Final = re.compile(r"^\d+\.\d+\.\d+$")
_COMMIT: Final = re.compile(r"^[0-9a-f]{40}$")


@dataclass(frozen=True, slots=True)
class Release:
    """One recorded release.

    Attributes:
        version: ``X.Y.Z``.
        date: The day it was cut, ``YYYY-MM-DD``.
        commit: The full hash of its commit, or None for "the commit that added this
            entry".
    """

    version: str
    date: str
    commit: str | None

    @property
    def tag(self) -> str:
        """The git tag that names this release.

        Returns:
            ``v`` and the version.
        """
        return f"v{self.version}"

    @property
    def entry_marker(self) -> str:
        """The text that opens this release's line in the record.

        Returns:
            ``"X.Y.Z" =``, what ``git log -S`` looks for to find the commit that added it.
        """
        return f'"{self.version}" ='


def parse_record(text: str) -> list[Release]:
    """Read the release record.

    Args:
        text: The content of ``releases.toml``.

    Returns:
        The releases, in the order recorded (oldest first).

    Raises:
        ValidationError: When the record is not valid TOML or an entry is malformed.
    """
    try:
        document: dict[str, object] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        msg = f"{RECORD_FILE} is not valid TOML: {error}"
        raise ValidationError(msg) from error
    entries = table(document, "releases")
    return [_release(version, entry) for version, entry in entries.items()]


def newest_release(releases: list[Release]) -> Release | None:
    """Return the newest recorded release.

    Args:
        releases: The record, oldest first.

    Returns:
        The last entry, or None when nothing was released.
    """
    return releases[-1] if releases else None


def _release(version: str, entry: object) -> Release:
    """Validate one entry of the record.

    Args:
        version: The entry's key.
        entry: Its value, an inline table.

    Returns:
        The release.

    Raises:
        ValidationError: When the version, the date or the commit is malformed.
    """
    fields = table(entry)
    if not _VERSION.match(version) or not fields:
        msg = f'{RECORD_FILE}: expected "X.Y.Z" = {{ date = "YYYY-MM-DD" }}, got {version!r}'
        raise ValidationError(msg)
    date, commit = fields.get("date"), fields.get("commit")
    if not isinstance(date, str) or (
        commit is not None and not (isinstance(commit, str) and _COMMIT.match(commit))
    ):
        msg = f"{RECORD_FILE}: release {version} needs a date and, if any, a full commit hash"
        raise ValidationError(msg)
    return Release(version=version, date=date, commit=commit)


__all__ = ["RECORD_FILE", "Release", "newest_release", "parse_record"]
