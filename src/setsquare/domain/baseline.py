"""Baselines: today's findings recorded by fingerprint, so only new ones fail.

A baseline file is JSON: ``{"version": 1, "findings": [{"fingerprint", "tool",
"code", "path", "message"}, ...]}``. Only ``fingerprint`` matters for matching; the
other fields let a reviewer read what was accepted. Pure functions, no I/O.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, cast

from setsquare.domain.diagnostics import Diagnostic

BASELINE_VERSION: Final = 1


@dataclass(frozen=True, slots=True)
class BaselineOutcome:
    """Findings split by a baseline.

    Attributes:
        remaining: Findings the baseline does not cover.
        suppressed: How many findings it covered.
        stale: Baseline fingerprints that no longer occur.
    """

    remaining: tuple[Diagnostic, ...]
    suppressed: int
    stale: frozenset[str]


def _entries(text: str) -> list[dict[str, object]]:
    """Read a baseline file's entries.

    Args:
        text: The file's content.

    Returns:
        The entries.

    Raises:
        ValueError: When the text is not a baseline of a known version.
    """
    data = cast("object", json.loads(text))
    if not isinstance(data, dict):
        msg = "not a setsquare baseline (expected a JSON object)"
        raise ValueError(msg)  # noqa: TRY004 - malformed file content
    baseline = cast("dict[str, object]", data)
    findings = baseline.get("findings")
    if baseline.get("version") != BASELINE_VERSION or not isinstance(findings, list):
        msg = f"not a setsquare baseline of version {BASELINE_VERSION}"
        raise ValueError(msg)
    entries = [
        cast("dict[str, object]", entry)
        for entry in cast("list[object]", findings)
        if isinstance(entry, dict)
    ]
    if any(not isinstance(entry.get("fingerprint"), str) for entry in entries):
        msg = "a baseline entry has no fingerprint"
        raise ValueError(msg)
    return entries


def parse_baseline(text: str) -> frozenset[str]:
    """Read the fingerprints of a baseline file.

    Args:
        text: The file's content.

    Returns:
        The recorded fingerprints.
    """
    return frozenset(str(entry["fingerprint"]) for entry in _entries(text))


def render_baseline(diagnostics: Iterable[Diagnostic]) -> str:
    """Write findings as a baseline file.

    Args:
        diagnostics: Findings with fingerprints.

    Returns:
        The JSON text, sorted by path and code so diffs stay small.
    """
    entries = sorted(
        (
            {
                "fingerprint": d.fingerprint,
                "tool": d.tool,
                "code": d.code,
                "path": d.path,
                "message": d.message.splitlines()[0] if d.message else "",
            }
            for d in diagnostics
        ),
        key=lambda entry: (entry["path"], entry["code"], entry["fingerprint"]),
    )
    document = {"version": BASELINE_VERSION, "findings": entries}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def apply_baseline(
    diagnostics: Sequence[Diagnostic], fingerprints: frozenset[str]
) -> BaselineOutcome:
    """Drop the findings a baseline records.

    Args:
        diagnostics: Findings with fingerprints.
        fingerprints: The baseline's fingerprints.

    Returns:
        What remains, how much was suppressed, and which entries are stale.
    """
    remaining = tuple(d for d in diagnostics if d.fingerprint not in fingerprints)
    present = {d.fingerprint for d in diagnostics}
    return BaselineOutcome(
        remaining=remaining,
        suppressed=len(diagnostics) - len(remaining),
        stale=frozenset(fingerprints - present),
    )


def prune_baseline(
    text: str, diagnostics: Iterable[Diagnostic]
) -> tuple[str, int, int]:
    """Remove the entries whose findings are gone.

    Args:
        text: The baseline file's content.
        diagnostics: Today's findings (the whole project's, with fingerprints).

    Returns:
        The new file content, how many entries it keeps and how many were removed.
    """
    present = {d.fingerprint for d in diagnostics}
    entries = _entries(text)
    kept = [entry for entry in entries if entry["fingerprint"] in present]
    document = {"version": BASELINE_VERSION, "findings": kept}
    rendered = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return rendered, len(kept), len(entries) - len(kept)


__all__ = [
    "BASELINE_VERSION",
    "BaselineOutcome",
    "apply_baseline",
    "parse_baseline",
    "prune_baseline",
    "render_baseline",
]
