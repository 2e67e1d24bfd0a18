"""Cut a release, or derive the release tags of this checkout.

    python scripts/release.py tag          # what `make env` runs: tag every recorded release
    python scripts/release.py cut X.Y.Z    # what `make release VERSION=X.Y.Z` runs

``cut`` is the whole release step: with a clean tree (but for CHANGELOG.md) and a
``## Unreleased`` (or ``## vX.Y.Z``) entry in CHANGELOG.md, it names the entry, sets the version in pyproject.toml, ``setsquare.__version__`` and
copier.yml's ``setsquare_version``, re-locks, records the release in releases.toml and
commits; the commit that records a release is that release. A test keeps the four
versions equal (tests/unit/test_release_record.py).
"""

import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from setsquare.adapters.git import dirty_files, git
from setsquare.adapters.process import run
from setsquare.adapters.releases import recorded_releases, tag_releases
from setsquare.domain.releases import RECORD_FILE, newest_release
from setsquare.exceptions import AppError, ValidationError

ROOT: Final = Path(__file__).resolve().parents[1]
UNRELEASED: Final = re.compile(r"^## Unreleased$", flags=re.MULTILINE)
VERSIONED: Final = (
    ("pyproject.toml", r'(?m)^(version = ")([^"]+)(")'),
    ("src/setsquare/__init__.py", r'(?m)^(__version__ = ")([^"]+)(")'),
    ("copier.yml", r'(?ms)^(setsquare_version:.*?default: ")([^"]+)(")'),
)


def cut(version: str) -> None:
    """Release ``version``: bump every version, record the release, commit, tag.

    Args:
        version: ``X.Y.Z``, newer than the newest recorded release.
    """
    _refuse_unready(version)
    changelog = ROOT / "CHANGELOG.md"
    text = UNRELEASED.sub(f"## v{version}", changelog.read_text(encoding="utf-8"), 1)
    _ = changelog.write_text(text, encoding="utf-8")
    for name, pattern in VERSIONED:
        path = ROOT / name
        text = re.sub(pattern, rf"\g<1>{version}\g<3>", path.read_text(), count=1)
        _ = path.write_text(text, encoding="utf-8")
    today = datetime.now(UTC).date().isoformat()
    with (ROOT / RECORD_FILE).open("a", encoding="utf-8") as record:
        _ = record.write(f'"{version}" = {{ date = "{today}" }}\n')
    _ = run(["uv", "lock", "--quiet", "--python", sys.executable], cwd=ROOT)
    _ = git("add", "--all", cwd=ROOT)
    _ = git("commit", "--quiet", "-m", f"release {version}", cwd=ROOT)
    _ = sys.stdout.write(f"released {version}: {', '.join(tag_releases(ROOT))}\n")


def _refuse_unready(version: str) -> None:
    """Refuse a release that cannot be cut yet.

    Args:
        version: The version asked for.

    Raises:
        ValidationError: When the tree is dirty (CHANGELOG.md aside: the entry is
            committed with the release), the version is not newer than the
            newest recorded release, or CHANGELOG.md has no entry for it.
    """
    if dirty := [name for name in dirty_files(ROOT) if name != "CHANGELOG.md"]:
        msg = f"commit or stash first: {', '.join(dirty)}"
        raise ValidationError(msg)
    newest = newest_release(recorded_releases(ROOT))
    if not re.fullmatch(r"\d+\.\d+\.\d+", version) or (
        newest is not None and _key(version) <= _key(newest.version)
    ):
        msg = f"{version} is not an X.Y.Z newer than {newest.version if newest else 'nothing'}"
        raise ValidationError(msg)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    if f"\n## v{version}\n" not in changelog and not UNRELEASED.search(changelog):
        msg = f"CHANGELOG.md has no '## v{version}' (or '## Unreleased') entry with its Upgrade note"
        raise ValidationError(msg)


def _key(version: str) -> tuple[int, ...]:
    """Order ``X.Y.Z`` versions numerically.

    Args:
        version: The version.

    Returns:
        Its numbers.
    """
    return tuple(int(part) for part in version.split("."))


def main(arguments: list[str]) -> int:
    """Run ``tag`` or ``cut X.Y.Z``.

    Args:
        arguments: The command line without the program name.

    Returns:
        The exit code.
    """
    try:
        match arguments:
            case ["tag"]:
                for tag in tag_releases(ROOT):
                    _ = sys.stdout.write(f"tagged {tag}\n")
            case ["cut", version]:
                cut(version)
            case _:
                _ = sys.stderr.write(f"{__doc__}\n")
                return 2
    except AppError as error:
        _ = sys.stderr.write(f"release: {error.message}\n")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
