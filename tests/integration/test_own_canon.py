"""setsquare's own code obeys the canon it renders: its own ``check`` comes out clean.

``setsquare check`` runs ``ruff format --check``, ``ruff check``, ``basedpyright``
(``typeCheckingMode = "all"``, ``failOnWarnings``) and the SQ rules on ``src``,
``tests`` and ``bench``; any finding fails ``make test`` and so CI.
"""

from pathlib import Path

import pytest

from tests.support.process import setsquare_process

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def test_setsquare_check_when_run_on_its_own_code_then_no_findings() -> None:
    """Every tool and every SQ rule reports nothing on setsquare's own code."""
    completed = setsquare_process(
        "check", "--no-cache", "src", "tests", "bench", "scripts", cwd=ROOT
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "0 errors, 0 warnings" in completed.stdout
