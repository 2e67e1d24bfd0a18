"""The diagnostic model: fingerprints, exit codes, serialisation and baselines."""

import json
from pathlib import Path
from typing import cast

import pytest

import setsquare
from setsquare.domain.baseline import (
    apply_baseline,
    parse_baseline,
    prune_baseline,
    render_baseline,
)
from setsquare.domain.diagnostics import (
    CheckReport,
    Diagnostic,
    assign_fingerprints,
    diagnostic_from_dict,
    diagnostic_to_dict,
)
from setsquare.services.check_cache import RESULT_MODULES

SOURCE = ("import os", "", "def f(x):", "    return x")


def finding(line: int, code: str = "F401", **changes: object) -> Diagnostic:
    """Build a diagnostic in ``src/m.py``.

    Args:
        line: Its line.
        code: Its code.
        **changes: Other fields to set.

    Returns:
        The diagnostic.
    """
    base = Diagnostic("ruff-check", code, "error", "src/m.py", line, 1, "message")
    values = {**diagnostic_to_dict(base), **changes}
    return diagnostic_from_dict(values)


def test_fingerprint_when_lines_shift_then_unchanged() -> None:
    """Inserting lines above a finding keeps its fingerprint."""
    (before,) = assign_fingerprints([finding(1)], {"src/m.py": SOURCE})
    shifted = ["# new", "", *SOURCE]
    (after,) = assign_fingerprints([finding(3)], {"src/m.py": shifted})
    assert before.fingerprint == after.fingerprint
    assert len(before.fingerprint) == 32


def test_fingerprint_when_line_text_or_code_changes_then_different() -> None:
    """The line's text, the code and the path are part of the identity."""
    lines = {"src/m.py": SOURCE}
    (original,) = assign_fingerprints([finding(1)], lines)
    (other_code,) = assign_fingerprints([finding(1, "E401")], lines)
    (edited,) = assign_fingerprints(
        [finding(1)], {"src/m.py": ["import sys", *SOURCE[1:]]}
    )
    assert len({original.fingerprint, other_code.fingerprint, edited.fingerprint}) == 3


def test_fingerprint_when_same_line_text_twice_then_occurrences_differ() -> None:
    """Two identical lines with the same finding get distinct fingerprints."""
    lines = {"src/m.py": ["pass", "pass"]}
    first, second = assign_fingerprints([finding(2, "X"), finding(1, "X")], lines)
    assert first.line == 1
    assert first.fingerprint != second.fingerprint


def test_fingerprint_when_whitespace_or_message_changes_then_unchanged() -> None:
    """Indentation and messages do not matter (type checkers embed details there)."""
    (a,) = assign_fingerprints([finding(1)], {"src/m.py": ["import  os"]})
    (b,) = assign_fingerprints(
        [finding(1, message="another message")], {"src/m.py": ["    import os  "]}
    )
    assert a.fingerprint == b.fingerprint


def test_report_when_only_info_then_exit_zero() -> None:
    """Errors and warnings fail a check; notes do not."""
    info = finding(1, severity="info")
    warning = finding(2, severity="warning")
    assert CheckReport("/p", (info,), (), 1, 0.1).exit_code == 0
    assert CheckReport("/p", (info, warning), (), 1, 0.1).exit_code == 1
    counts = CheckReport("/p", (info, warning), (), 1, 0.1).counts()
    assert counts == {"error": 0, "warning": 1, "info": 1}


def test_diagnostic_when_round_tripped_then_equal() -> None:
    """``to_dict``/``from_dict`` preserve every field."""
    original = Diagnostic(
        "basedpyright",
        "reportAny",
        "warning",
        "a.py",
        3,
        4,
        "m",
        3,
        9,
        "unsafe",
        "u",
        "fp",
    )
    copied = cast(
        "dict[str, object]", json.loads(json.dumps(diagnostic_to_dict(original)))
    )
    assert diagnostic_from_dict(copied) == original


@pytest.mark.parametrize(
    "changes",
    [
        {"severity": "fatal"},
        {"line": "3"},
        {"tool": None},
        {"fix": "maybe"},
        {"line": None},
    ],
)
def test_diagnostic_when_dict_is_malformed_then_rejected(
    changes: dict[str, object],
) -> None:
    """Malformed cache entries raise instead of producing nonsense."""
    values = {**diagnostic_to_dict(finding(1)), **changes}
    with pytest.raises((TypeError, ValueError)):
        _ = diagnostic_from_dict(values)


def test_baseline_when_applied_then_only_new_findings_remain() -> None:
    """Recorded findings are suppressed; stale entries are reported."""
    old, new = assign_fingerprints(
        [finding(1), finding(3, "ANN001")], {"src/m.py": SOURCE}
    )
    text = render_baseline([old])
    fingerprints = parse_baseline(text) | {"gone"}
    outcome = apply_baseline([old, new], fingerprints)
    assert outcome.remaining == (new,)
    assert outcome.suppressed == 1
    assert outcome.stale == frozenset({"gone"})


def test_baseline_when_pruned_then_fixed_entries_removed() -> None:
    """Pruning keeps the entries that still occur and drops the rest."""
    kept, fixed = assign_fingerprints(
        [finding(1), finding(3, "X")], {"src/m.py": SOURCE}
    )
    text = render_baseline([kept, fixed])
    pruned, remaining, removed = prune_baseline(text, [kept])
    assert (remaining, removed) == (1, 1)
    assert parse_baseline(pruned) == frozenset({kept.fingerprint})


@pytest.mark.parametrize(
    "text", ["[]", '{"version": 2, "findings": []}', '{"version": 1, "findings": [{}]}']
)
def test_baseline_when_file_is_not_a_baseline_then_rejected(text: str) -> None:
    """Foreign or future files are refused rather than silently ignored."""
    with pytest.raises(ValueError, match=r"baseline|fingerprint"):
        _ = parse_baseline(text)


def test_cache_key_when_listing_result_modules_then_every_one_exists() -> None:
    """A renamed module would silently drop out of the cache key."""
    package = Path(setsquare.__file__).parent
    assert [name for name in RESULT_MODULES if not (package / name).is_file()] == []
