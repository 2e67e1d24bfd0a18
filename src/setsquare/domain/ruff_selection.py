"""Which ruff rules a configuration turns on, computed the way ruff resolves selectors.

A selector is ``ALL`` or a code prefix (``D``, ``PLR09``, ``DOC201``). For every rule
the most specific matching selector decides; on a tie ``ignore`` wins. Preview rules
need ``preview = true``, and with ``explicit-preview-rules`` an exact code. Pure: the
rule catalogue (``ruff rule --all --output-format json``) is passed in.
"""

import re
from dataclasses import dataclass
from typing import Final

_PYLINT: Final = {"PLC": "PL", "PLE": "PL", "PLR": "PL", "PLW": "PL"}


@dataclass(frozen=True, slots=True)
class RuffRule:
    """One rule of ruff's catalogue.

    Attributes:
        code: The rule code, e.g. ``D100``.
        preview: Whether the rule is still in preview.
    """

    code: str
    preview: bool


@dataclass(frozen=True, slots=True)
class Selection:
    """The selector lists of one ruff ``lint`` table.

    Attributes:
        select: ``select`` (ruff's default ``E4, E7, E9, F`` when absent).
        extend_select: ``extend-select``.
        ignore: ``ignore``.
        preview: ``preview``.
        explicit_preview_rules: ``explicit-preview-rules``.
    """

    select: tuple[str, ...]
    extend_select: tuple[str, ...]
    ignore: tuple[str, ...]
    preview: bool
    explicit_preview_rules: bool


def _letters(code: str) -> str:
    """Return the leading capital letters of a code or selector.

    Args:
        code: A rule code or selector, e.g. ``DOC201``.

    Returns:
        The letters, e.g. ``DOC``.
    """
    match = re.match(r"[A-Z]*", code)
    return match.group() if match else ""


def _specificity(selector: str, code: str) -> int:
    """Return how specifically ``selector`` matches ``code`` (-1: no match).

    A selector is a linter prefix plus digits, so ``D`` (pydocstyle) does not match
    ``DOC201`` (pydoclint) and ``E`` does not match ``EM101``; pylint's ``PL`` is the
    one linter whose codes add a category letter (``PLR0915``).

    Args:
        selector: ``ALL`` or a code prefix.
        code: A rule code.

    Returns:
        The matched prefix length (0 for ``ALL``), or -1.
    """
    if selector == "ALL":
        return 0
    if not code.startswith(selector):
        return -1
    letters = _letters(code)
    same_linter = _letters(selector) == letters or selector == _PYLINT.get(letters)
    return len(selector) if same_linter else -1


def _best(selectors: tuple[str, ...], code: str) -> int:
    """Return the highest specificity among ``selectors`` for ``code``.

    Args:
        selectors: Selectors.
        code: A rule code.

    Returns:
        The best specificity, -1 when none matches.
    """
    return max((_specificity(selector, code) for selector in selectors), default=-1)


def is_enabled(rule: RuffRule, selection: Selection) -> bool:
    """Tell whether ``selection`` turns ``rule`` on.

    Args:
        rule: The rule.
        selection: The configuration's selectors.

    Returns:
        True when the rule runs.
    """
    selected = _best(selection.select + selection.extend_select, rule.code)
    if selected < 0 or _best(selection.ignore, rule.code) >= selected:
        return False
    if not rule.preview:
        return True
    if not selection.preview:
        return False
    return not selection.explicit_preview_rules or selected == len(rule.code)


def enabled_codes(catalogue: list[RuffRule], selection: Selection) -> set[str]:
    """Return the codes ``selection`` turns on.

    Args:
        catalogue: Every rule ruff knows.
        selection: The configuration's selectors.

    Returns:
        The enabled rule codes.
    """
    return {rule.code for rule in catalogue if is_enabled(rule, selection)}


def ignored_by(selectors: list[str], codes: set[str]) -> set[str]:
    """Return which of ``codes`` a list of ignore selectors covers.

    Args:
        selectors: Ignore selectors (e.g. one per-file-ignores entry).
        codes: Candidate codes.

    Returns:
        The covered codes.
    """
    return {code for code in codes if _best(tuple(selectors), code) >= 0}


def group_by_selector(
    missing: set[str], selectors: tuple[str, ...], catalogue_codes: set[str]
) -> list[str]:
    """Describe missing codes compactly: a whole family when all of it is missing.

    Args:
        missing: The codes a project no longer enables.
        selectors: The canon's selectors, used as family names.
        catalogue_codes: Every code the canon enables.

    Returns:
        Sorted names: a selector when all its canon codes are missing, else codes.
    """
    names: set[str] = set()
    covered: set[str] = set()
    for selector in sorted(selectors, key=len):
        family = {code for code in catalogue_codes if _specificity(selector, code) >= 0}
        if family and family <= missing and not family <= covered:
            names.add(selector)
            covered |= family
    names |= missing - covered
    return sorted(names)


__all__ = [
    "RuffRule",
    "Selection",
    "enabled_codes",
    "group_by_selector",
    "ignored_by",
    "is_enabled",
]
