"""The result caches of ``check`` and ``conform``: one JSON file per input fingerprint.

The key (computed by the service) covers every input, for ``check`` the files'
contents, the configuration, the lock file and the tools' identities, for ``conform``
the template commit and the answers, so an entry is never stale: a hit is exactly the
result a fresh run would give. Entries live under ``<cache_dir>/<kind>/`` and the
oldest are dropped beyond ``KEEP`` entries.
"""

import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Final, cast

from setsquare.config import get_settings

logger = logging.getLogger(__name__)

KEEP: Final = 64


def cache_directory(kind: str = "check") -> Path:
    """Return where results of one kind are cached (``cache_dir`` from the settings).

    Args:
        kind: ``check`` (check results) or ``conform`` (renders of owned files).

    Returns:
        The directory (it may not exist yet).
    """
    return Path(get_settings().cache_dir).expanduser() / kind


def load(key: str, directory: Path | None = None) -> dict[str, object] | None:
    """Read a cached result.

    Args:
        key: The input fingerprint.
        directory: The cache directory; ``cache_directory()`` by default.

    Returns:
        The stored payload, or None on a miss or an unreadable entry.
    """
    path = (directory or cache_directory()) / f"{key}.json"
    try:
        data = cast("object", json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        logger.debug("ignoring unreadable cache entry %s: %s", path, error)
        return None
    if not isinstance(data, dict):
        return None
    with contextlib.suppress(OSError):  # recency only orders eviction
        os.utime(path)
    return cast("dict[str, object]", data)


def store(
    key: str, payload: Mapping[str, object], directory: Path | None = None
) -> None:
    """Write a result atomically and drop the oldest entries beyond ``KEEP``.

    A cache that cannot be written (read-only home, full disk) is skipped with a
    debug log: caching is an optimisation, never a reason to fail a check.

    Args:
        key: The input fingerprint.
        payload: The JSON-ready result.
        directory: The cache directory; ``cache_directory()`` by default.
    """
    folder = directory or cache_directory()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=folder, suffix=".tmp", delete=False
        ) as handle:
            _ = handle.write(json.dumps(payload))  # one write: json.dump streams slowly
        _ = Path(handle.name).replace(folder / f"{key}.json")
        entries = sorted(folder.glob("*.json"), key=lambda entry: entry.stat().st_mtime)
        for stale in entries[:-KEEP]:
            stale.unlink(missing_ok=True)
    except OSError as error:
        logger.debug("not caching the check result in %s: %s", folder, error)


__all__ = ["KEEP", "cache_directory", "load", "store"]
