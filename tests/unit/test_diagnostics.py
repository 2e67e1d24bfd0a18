"""The diagnostic model: fingerprints, exit codes, serialisation and baselines."""

import dataclasses
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
)
from setsquare.services.check_cache import RESULT_MODULES, Collected, decode, encode

SOURCE = ("import os", "", "def f(x):", "    return x")


def finding(line: int, code: str = "F401", **changes: str) -> Diagnostic:
    """Build a diagnostic in ``src/m.py``.

    Args:
        line: Its line.
        code: Its code.
        **changes: Other text fields to set (``message``, ``severity``, ...).

    Returns:
        The diagnostic.
    """
    base = Diagnostic("ruff-check", code, "error", "src/m.py", line, 1, "message")
    return dataclasses.replace(base, **changes)


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


def test_cache_entry_when_round_tripped_through_json_then_equal() -> None:
    """The result cache's rows preserve every field of a diagnostic."""
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
    collected = Collected((original,), (), 1, ("note",))
    stored = cast("dict[str, object]", json.loads(json.dumps(encode(collected))))
    assert decode(stored) == collected


@pytest.mark.parametrize(
    ("field", "value"),
    [(2, "fatal"), (4, "3"), (0, None), (9, "maybe"), (4, None)],
)
def test_cache_entry_when_a_row_is_malformed_then_no_result(
    field: int, value: object
) -> None:
    """A malformed cached row makes the entry a miss instead of producing nonsense."""
    stored = encode(Collected((finding(1),), (), 1, ()))
    rows = cast("list[list[object]]", stored["diagnostics"])
    rows[0][field] = value
    assert decode(stored) is None


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
