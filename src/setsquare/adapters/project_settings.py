"""Read and update ``[tool.setsquare]`` in a project's ``pyproject.toml``.

Updates go through tomlkit, so the rest of the file keeps its comments and layout.
"""

from pathlib import Path

from setsquare.adapters.canon_config import read_pyproject
from setsquare.domain.debt import DEBT_TABLE, ProjectSettings, project_settings
from setsquare.domain.toml_edit import parse, set_value
from setsquare.exceptions import ConfigurationError


def read_settings(root: Path) -> ProjectSettings:
    """Read a project's setsquare settings.

    Args:
        root: The project root.

    Returns:
        The settings (empty without a ``pyproject.toml``).
    """
    return project_settings(read_pyproject(root))


def configured_baseline(root: Path) -> Path | None:
    """Return the baseline file a project configures, if any.

    Args:
        root: The project root.

    Returns:
        The absolute path, or None (also for an unparsable ``pyproject.toml``:
        the tools then report it in their own words).
    """
    try:
        baseline = read_settings(root).baseline
    except ConfigurationError:
        return None
    return root / baseline if baseline is not None else None


def lower_findings_limit(root: Path, count: int) -> bool:
    """Lower the recorded limit of baselined findings to ``count``.

    Args:
        root: The project root.
        count: The entries the baseline now records.

    Returns:
        True when the limit was lowered, False when none is recorded or it is
        already at most ``count``.
    """
    limit = read_settings(root).debt.findings
    if limit is None or limit <= count:
        return False
    path = root / "pyproject.toml"
    document = parse(path.read_text(encoding="utf-8"))
    set_value(document, (*DEBT_TABLE, "findings"), count)
    _ = path.write_text(document.as_string(), encoding="utf-8")
    return True


__all__ = ["configured_baseline", "lower_findings_limit", "read_settings"]
