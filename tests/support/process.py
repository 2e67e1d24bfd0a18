"""Run ``python -m setsquare`` as a separate process, the way a user or CI does."""

import subprocess
import sys
from pathlib import Path


def setsquare_process(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m setsquare`` with no terminal on stdin.

    Args:
        *args: Its arguments.
        cwd: The working directory.

    Returns:
        The completed process, output captured as text.
    """
    return subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, "-m", "setsquare", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )


__all__ = ["setsquare_process"]
