"""ruff's rule catalogue, from ``ruff rule --all --output-format json``."""

import json
from functools import cache
from typing import cast

from setsquare.adapters.process import run
from setsquare.domain.ruff_selection import RuffRule
from setsquare.exceptions import ExternalServiceError


@cache
def rule_catalogue() -> list[RuffRule]:
    """Return every rule the installed ruff knows (removed rules excluded).

    Returns:
        The rules with their preview status.

    Raises:
        ExternalServiceError: When ruff's output is not the expected JSON.
    """
    output = run(["ruff", "rule", "--all", "--output-format", "json"]).stdout
    try:
        entries = cast("list[dict[str, object]]", json.loads(output))
    except json.JSONDecodeError as error:
        msg = "ruff rule --all printed no JSON"
        raise ExternalServiceError(msg) from error
    return [
        RuffRule(code=str(entry["code"]), preview=entry.get("preview") is True)
        for entry in entries
        if "Removed" not in str(entry.get("status", ""))
    ]


__all__ = ["rule_catalogue"]
