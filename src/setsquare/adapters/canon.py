"""The canon as data: ``canon.toml``, shipped inside the package."""

import tomllib
from importlib.resources import files


def load_canon() -> dict[str, object]:
    """Read the canonical tool configuration.

    Returns:
        The parsed ``canon.toml``, pyproject-shaped: ``{"tool": {"ruff": ...,
        "basedpyright": ..., "pytest": ..., "coverage": ...}}``, for Python 3.13.
    """
    text = files("setsquare").joinpath("canon.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


__all__ = ["load_canon"]
