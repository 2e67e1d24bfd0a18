"""One way a project's configuration is looser than the canon: what ``conform`` reports."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Weakening:
    """One way a project is looser than the canon.

    Attributes:
        area: ``ruff``, ``basedpyright``, ``pytest``, ``coverage``, ``dockerfile``
            or ``import-linter``.
        setting: The setting or rule that is weaker, by name.
        message: One line saying what the canon requires.
    """

    area: str
    setting: str
    message: str


__all__ = ["Weakening"]
