"""setsquare's own code obeys the canon it renders: its own ``check`` comes out clean.

``setsquare check`` on the whole repository runs ``ruff format --check``, ``ruff
check``, ``basedpyright`` (``typeCheckingMode = "all"``, ``failOnWarnings``),
import-linter (setsquare's own layers: api -> services -> rules | adapters -> domain),
deptry (every import declared, every dependency used) and the SQ rules; any finding
fails ``make test`` and so CI.
"""

from pathlib import Path

import pytest

from tests.support.process import setsquare_process

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def test_setsquare_check_when_run_on_its_own_code_then_no_findings() -> None:
    """Every tool, the import contracts and every SQ rule report nothing."""
    completed = setsquare_process("check", "--no-cache", cwd=ROOT)

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "0 errors, 0 warnings" in completed.stdout
    ran = {
        line.split()[0] for line in completed.stdout.splitlines() if "finding" in line
    }
    assert {"import-linter", "deptry"} <= ran
    assert "no import contracts configured" not in completed.stdout
