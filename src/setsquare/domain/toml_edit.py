"""Typed helpers over tomlkit documents, which keep a file's comments and layout (pure).

tomlkit's containers are mutable mappings of untyped values; these helpers give
them one type, ``TomlTable``, and narrow every value they hand out.
"""

from collections.abc import Iterable, Mapping, MutableMapping
from typing import cast

import tomlkit

type TomlTable = MutableMapping[str, object]


def parse(text: str) -> tomlkit.TOMLDocument:
    """Parse TOML text, keeping its comments and layout.

    Args:
        text: The text.

    Returns:
        The document.
    """
    return tomlkit.parse(text)


def sub_table(container: TomlTable, key: str) -> TomlTable | None:
    """Return the table under ``key``, if there is one.

    Args:
        container: A document or table.
        key: The key.

    Returns:
        The table, or None when the key is missing or holds another value.
    """
    value = container.get(key)
    return cast("TomlTable", value) if isinstance(value, MutableMapping) else None


def ensure_table(container: TomlTable, *keys: str, parent: bool = False) -> TomlTable:
    """Return the nested table at ``keys``, creating the missing ones.

    Intermediate tables that are created hold only tables, so they stay implicit
    (``[tool.x]`` without a ``[tool]`` header).

    Args:
        container: A document or table.
        *keys: The path of table names.
        parent: The last table, too, will hold only tables (implicit as well).

    Returns:
        The table.
    """
    current = container
    for index, key in enumerate(keys):
        found = sub_table(current, key)
        if found is None:
            implicit = parent or index < len(keys) - 1
            found = cast("TomlTable", tomlkit.table(is_super_table=implicit))
            current[key] = found
        current = found
    return current


def set_value(container: TomlTable, keys: tuple[str, ...], value: object) -> None:
    """Set the value at a dotted path, creating the tables on the way.

    Args:
        container: A document or table.
        keys: The table names, then the key.
        value: The value (converted by tomlkit).
    """
    ensure_table(container, *keys[:-1])[keys[-1]] = value


def put_keys(
    container: TomlTable, values: Mapping[str, object], keys: Iterable[str]
) -> None:
    """Give each key its value from ``values``, or remove it when ``values`` lacks it.

    Args:
        container: A document or table (changed in place).
        values: The values to set.
        keys: The keys to settle.
    """
    for key in keys:
        if key in values:
            container[key] = values[key]
        elif key in container:
            del container[key]


def plain(value: object) -> object:
    """Turn a tomlkit value into plain Python data (dicts, lists, strings, numbers).

    Args:
        value: A tomlkit item or plain value.

    Returns:
        The plain value.
    """
    unwrap: object = getattr(value, "unwrap", None)
    return unwrap() if callable(unwrap) else value


__all__ = [
    "TomlTable",
    "ensure_table",
    "parse",
    "plain",
    "put_keys",
    "set_value",
    "sub_table",
]
