"""Read a project's tool configuration files (pyproject, ruff.toml, pyrightconfig)."""

import json
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Final, cast

from setsquare.domain.strictness import ToolConfig
from setsquare.exceptions import ConfigurationError

LAYERS: Final = ("api", "services", "adapters", "domain")


def _read_toml(path: Path) -> dict[str, object]:
    """Parse one TOML file.

    Args:
        path: The file.

    Returns:
        The parsed document.

    Raises:
        ConfigurationError: When the file is not valid TOML.
    """
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        msg = f"{path.name} is not valid TOML: {error}"
        raise ConfigurationError(msg) from error


def read_tool_config(project: Path) -> ToolConfig:
    """Read the tool tables that govern ``project``, as the tools themselves would.

    ruff prefers ``.ruff.toml``/``ruff.toml`` over ``[tool.ruff]``; basedpyright prefers
    ``pyrightconfig.json`` over ``[tool.basedpyright]``.

    Args:
        project: The project's root directory.

    Returns:
        The effective tool tables.

    Raises:
        ConfigurationError: When ``pyproject.toml`` is missing or a file is invalid.
    """
    pyproject = project / "pyproject.toml"
    if not pyproject.is_file():
        msg = f"{project} has no pyproject.toml"
        raise ConfigurationError(msg)
    config = ToolConfig.from_pyproject(_read_toml(pyproject))
    for name in (".ruff.toml", "ruff.toml"):
        if (project / name).is_file():
            config = replace(config, ruff=_read_toml(project / name))
            break
    pyright_json = project / "pyrightconfig.json"
    if pyright_json.is_file():
        try:
            loaded = cast(
                "object", json.loads(pyright_json.read_text(encoding="utf-8"))
            )
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            msg = f"pyrightconfig.json is not valid JSON: {error}"
            raise ConfigurationError(msg) from error
        if isinstance(loaded, dict):
            config = replace(config, basedpyright=cast("dict[str, object]", loaded))
    return config


def has_layered_package(project: Path) -> bool:
    """Tell whether a package under ``src/`` has the canon's layers.

    The canon's import contracts are about ``api``, ``services``, ``adapters`` and
    ``domain``; a project without them (an adopted one) has nothing they apply to.

    Args:
        project: The project's root directory.

    Returns:
        True when some ``src/<package>/`` has all four as packages.
    """
    return any(
        all((package / layer / "__init__.py").is_file() for layer in LAYERS)
        for package in (project / "src").glob("*/")
    )


__all__ = ["LAYERS", "has_layered_package", "read_tool_config"]
