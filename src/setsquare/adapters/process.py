"""Every subprocess setsquare starts goes through ``run``: argument lists, never a shell."""

import contextlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from setsquare.exceptions import ExternalServiceError

logger = logging.getLogger(__name__)

BACKGROUND_NICENESS: Final = 10
_LOWEST: Final = 19


@dataclass(frozen=True, slots=True)
class Completed:
    """The outcome of one finished command.

    Attributes:
        args: The command that ran.
        returncode: Its exit status.
        stdout: What it printed on stdout.
        stderr: What it printed on stderr.
    """

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


def child_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Return this process's environment for a child, with ``extra`` on top.

    Args:
        extra: Variables to set or override for the child.

    Returns:
        A fresh mapping the caller may change.
    """
    environment = dict(os.environ)  # noqa: TID251 - a child's environment, not configuration
    environment.update(extra or {})
    return environment


def find_executable(name: str) -> str:
    """Return the full path of an executable: beside this interpreter, else on PATH.

    The interpreter's own directory (setsquare's or the project's venv) comes first,
    so the tools pinned with setsquare are the ones that run.

    Args:
        name: The executable's name, e.g. ``ruff``.

    Returns:
        The executable's path.

    Raises:
        ExternalServiceError: When it is nowhere to be found.
    """
    beside = shutil.which(name, path=str(Path(sys.executable).parent))
    found = beside or shutil.which(name)
    if found is None:
        msg = f"{name} is not installed or not on PATH"
        raise ExternalServiceError(msg)
    return found


def lower_priority(pid: int) -> None:
    """Lower a process's (or, on Linux, a thread's) scheduling priority by 10 steps.

    Relative to its current niceness, up to the lowest (19); on systems without
    ``setpriority``, or where a sandbox refuses it, nothing changes.

    Args:
        pid: The process id (or a Linux thread's native id).
    """
    if hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            current = os.getpriority(os.PRIO_PROCESS, pid)
            os.setpriority(
                os.PRIO_PROCESS, pid, min(current + BACKGROUND_NICENESS, _LOWEST)
            )


def _output(
    process: subprocess.Popen[str],
    spooled: IO[bytes] | None,
    timeout: float | None,
    name: str,
) -> tuple[str, str]:
    """Wait for a command and collect what it printed.

    Args:
        process: The running command.
        spooled: The file its stdout goes to, or None for a pipe.
        timeout: Seconds before it is killed.
        name: The command's name, for the error.

    Returns:
        Its stdout and stderr.

    Raises:
        ExternalServiceError: When it does not finish in time.
    """
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        process.kill()
        _ = process.communicate()
        msg = f"{name} did not finish within {timeout} s"
        raise ExternalServiceError(msg) from error
    if spooled is not None:
        _ = spooled.seek(0)
        stdout = spooled.read().decode("utf-8", "replace")
    return stdout or "", stderr or ""


def run(  # noqa: PLR0913 - keyword options of one subprocess call
    args: list[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    check: bool = True,
    timeout: float | None = None,
    background: bool = False,
    spool: bool = False,
) -> Completed:
    """Run a command to completion and capture its output.

    Args:
        args: The command; ``args[0]`` is looked up with ``find_executable``.
        cwd: The working directory.
        env: Extra environment variables for the child.
        check: Raise when the command exits non-zero.
        timeout: Seconds before the command is killed.
        background: Run it at a lower scheduling priority, so that a concurrent
            process on the critical path (``check``'s basedpyright) keeps its CPU.
        spool: Collect stdout in a temporary file instead of a pipe, so a child
            printing megabytes never waits for this process to read a full pipe
            (which, on a busy machine, costs it a scheduling delay each time).

    Returns:
        The completed command.

    Raises:
        ExternalServiceError: When the executable is missing, times out, or fails
            while ``check`` is set; the message carries the tool's own error.
    """
    executable = find_executable(args[0])
    logger.debug("running %s in %s", args, cwd)
    with contextlib.ExitStack() as stack:
        spooled = stack.enter_context(tempfile.TemporaryFile()) if spool else None
        process = stack.enter_context(
            subprocess.Popen(  # noqa: S603 - argument list, no shell
                [executable, *args[1:]],
                cwd=cwd,
                env=child_environment(env),
                stdout=spooled or subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
        if background:
            lower_priority(process.pid)
        stdout, stderr = _output(process, spooled, timeout, args[0])
    result = Completed(tuple(args), process.returncode, stdout, stderr)
    if check and result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        last = detail[-1] if detail else f"exit status {result.returncode}"
        msg = f"{' '.join(args[:2])} failed: {last}"
        raise ExternalServiceError(msg)
    return result


__all__ = [
    "BACKGROUND_NICENESS",
    "Completed",
    "child_environment",
    "find_executable",
    "run",
]
