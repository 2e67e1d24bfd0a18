"""setsquare's own sdist and wheel, as users receive them.

Rendered projects have setsquare as a dev dependency, and this machine's package index
has no setsquare: the template suite and the artifact tests hand uv the directory these
are built into (``UV_FIND_LINKS``). ``make test`` builds it once (``make dist``) and
names it in ``SETSQUARE_DIST``; a pytest run without it builds its own, once per process.
"""

import contextlib
import functools
import tempfile
import threading
from pathlib import Path
from typing import Final

from setsquare.adapters.process import child_environment, find_executable, run

REPO_ROOT: Final = Path(__file__).resolve().parents[2]
_LINK: Final = "setsquare-dist"
_BUILDING: Final = threading.Lock()


def dist_directory() -> Path:
    """Return a directory holding setsquare's sdist and wheel built from this checkout.

    Returns:
        ``SETSQUARE_DIST`` when set (``make test``), else a fresh build, made once per
        process (the matrix runner's threads wait for the first).
    """
    given = child_environment().get("SETSQUARE_DIST")
    if given:
        return Path(given)
    with _BUILDING:
        return _built()


@functools.cache
def _built() -> Path:
    """Build setsquare's sdist and wheel into a fresh directory.

    Returns:
        The directory.
    """
    built = Path(tempfile.mkdtemp(prefix="setsquare-dist-"))
    _ = run(
        [find_executable("uv"), "build", "--quiet", "--out-dir", str(built)],
        cwd=REPO_ROOT,
    )
    return built


def wheel() -> Path:
    """Return setsquare's wheel.

    Returns:
        The ``.whl`` in ``dist_directory()``.
    """
    (found,) = dist_directory().glob("setsquare-*.whl")
    return found


def find_links(project: Path) -> str:
    """Return the ``UV_FIND_LINKS`` value that hands uv setsquare's sdist and wheel.

    uv records a find-links location in ``uv.lock`` as given. A link beside the project
    makes it ``../setsquare-dist`` on every machine (as ``make demo``'s ``../dist``), so
    no lock file names a path of the machine that rendered the project.

    Args:
        project: The project uv runs in.

    Returns:
        The relative location.
    """
    link = project.parent / _LINK
    project.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):  # renders beside each other share it
        link.symlink_to(dist_directory(), target_is_directory=True)
    return f"../{_LINK}"


__all__ = ["dist_directory", "find_links", "wheel"]
