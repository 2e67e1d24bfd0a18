"""Typed views of parsed YAML documents, for tests that read configuration files."""

from pathlib import Path
from typing import cast

import yaml


def read_yaml(path: Path) -> dict[str, object]:
    """Read a YAML mapping.

    Args:
        path: The file.

    Returns:
        The document.
    """
    document = cast("object", yaml.safe_load(path.read_text(encoding="utf-8")))
    return mapping(document)


def mapping(value: object) -> dict[str, object]:
    """Check that a YAML value is a mapping.

    Args:
        value: The value.

    Returns:
        The value, typed.
    """
    assert isinstance(value, dict), value
    return cast("dict[str, object]", value)


def sequence(value: object) -> list[object]:
    """Check that a YAML value is a sequence.

    Args:
        value: The value.

    Returns:
        The value, typed.
    """
    assert isinstance(value, list), value
    return cast("list[object]", value)


__all__ = ["mapping", "read_yaml", "sequence"]
