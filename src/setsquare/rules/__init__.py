"""The SQ rules: the canon's rules that neither ruff nor basedpyright enforce.

Each rule is one small documented function in a module of this package, registered
by ``module_rule``/``project_rule`` (see ``base``). ``all_rules`` discovers them by
importing every module here, so adding a rule is adding one decorated function.
"""

import importlib
import pkgutil
from functools import cache

from setsquare.rules.base import (
    ProjectFiles,
    Rule,
    RuleFinding,
    SourceModule,
    registered,
)

_INFRASTRUCTURE = frozenset({"base", "engine", "syntax"})


@cache
def all_rules() -> tuple[Rule, ...]:
    """Import every rule module and return the registered rules.

    Returns:
        The rules, sorted by code.
    """
    for info in pkgutil.iter_modules(__path__):
        if info.name not in _INFRASTRUCTURE:
            _ = importlib.import_module(f"{__name__}.{info.name}")
    return tuple(registered())


def get_rule(code: str) -> Rule | None:
    """Find one rule by its code (case-insensitive).

    Args:
        code: E.g. ``SQ001``.

    Returns:
        The rule, or None when there is no such code.
    """
    wanted = code.upper()
    return next((rule for rule in all_rules() if rule.code == wanted), None)


__all__ = [
    "ProjectFiles",
    "Rule",
    "RuleFinding",
    "SourceModule",
    "all_rules",
    "get_rule",
]
