"""Typed access to parsed TOML/JSON data, whose values are plain ``object``s."""

from typing import cast


def table(data: object, *keys: str) -> dict[str, object]:
    """Return the nested table at ``keys``, or an empty one.

    Args:
        data: A parsed TOML document or table.
        *keys: The path of table names, e.g. ``"tool", "ruff"``.

    Returns:
        The table (a dict), empty when any step is missing or not a table.
    """
    current = data
    for key in keys:
        if not isinstance(current, dict):
            return {}
        current = cast("dict[str, object]", current).get(key)
    return cast("dict[str, object]", current) if isinstance(current, dict) else {}


def strings(value: object) -> list[str]:
    """Return ``value`` as a list of strings (a lone string becomes a list of one).

    Args:
        value: A TOML value.

    Returns:
        The strings; non-string items and non-list values are dropped.
    """
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in cast("list[object]", value) if isinstance(item, str)]
    return []


def number(value: object) -> float | None:
    """Return a TOML number as a float, or None for anything else.

    Args:
        value: A TOML value.

    Returns:
        The number, or None (booleans are not numbers here).
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


__all__ = ["number", "strings", "table"]
