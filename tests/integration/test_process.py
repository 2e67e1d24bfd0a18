"""``process.run``: background commands run at a lower scheduling priority."""

import os
import sys

import pytest

from setsquare.adapters.process import BACKGROUND_NICENESS, run

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not hasattr(os, "getpriority"), reason="no niceness here"),
]

PRINT_NICENESS = "import os; print(os.getpriority(os.PRIO_PROCESS, 0))"


def test_run_when_background_then_child_is_ten_steps_nicer() -> None:
    """A background child is 10 steps nicer than this process; a foreground one is not."""
    own = os.getpriority(os.PRIO_PROCESS, 0)
    command = [sys.executable, "-c", PRINT_NICENESS]
    background = run(command, background=True).stdout.strip()
    foreground = run(command).stdout.strip()
    assert (int(background), int(foreground)) == (
        min(own + BACKGROUND_NICENESS, 19),
        own,
    )


def test_run_when_spooled_then_megabytes_of_output_arrive_whole() -> None:
    """Output spooled to a file (not a pipe) comes back complete, stderr too."""
    script = "import sys; sys.stdout.write('x' * 3_000_000); sys.stderr.write('done')"
    completed = run([sys.executable, "-c", script], spool=True)
    assert (len(completed.stdout), completed.stderr) == (3_000_000, "done")
