"""uv, behind one adapter: syncing a project's environment and running in it."""

from pathlib import Path
from typing import Final

from setsquare.adapters.process import Completed, run

_TIMEOUT: Final = 1800.0


def uv(project: Path, *args: str) -> Completed:
    """Run ``uv`` in a project and return how it ended (a failure does not raise).

    Args:
        project: The project's root.
        *args: uv's arguments, e.g. ``sync``.

    Returns:
        The completed command.
    """
    return run(["uv", *args], cwd=project, check=False, timeout=_TIMEOUT)


def last_line(completed: Completed) -> str:
    """Return the last line a command printed (stderr first), for a message.

    Args:
        completed: The command.

    Returns:
        The line, or the exit status when it printed nothing.
    """
    lines = (completed.stderr.strip() or completed.stdout.strip()).splitlines()
    return lines[-1] if lines else f"exit status {completed.returncode}"


__all__ = ["last_line", "uv"]
