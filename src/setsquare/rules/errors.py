"""SQ004 and SQ005: one exception hierarchy, and no bare ``except:`` at all."""

import ast
import builtins
from collections.abc import Iterator
from typing import Final, cast

from setsquare.rules.base import RuleFinding, SourceModule, module_rule
from setsquare.rules.syntax import dotted_name

ROOT_EXCEPTION: Final = "AppError"

_BUILTIN_EXCEPTIONS: Final = frozenset(
    name
    for name, value in cast("dict[str, object]", dict(vars(builtins))).items()
    if isinstance(value, type)
    and issubclass(value, BaseException)
    and not issubclass(value, Warning)
)

_BAD_HIERARCHY = '''"""Payment errors."""


class PaymentDeclinedError(Exception):
    """The card issuer declined the payment."""
'''

_GOOD_HIERARCHY = '''"""Payment errors."""

from shop.exceptions import AppError


class PaymentDeclinedError(AppError):
    """The card issuer declined the payment."""
'''

_BAD_EXCEPT = '''"""Imports."""

from shop.store import rollback, save


def import_rows(rows: list[str]) -> None:
    """Store rows, undoing everything when one fails."""
    try:
        save(rows)
    except:
        rollback()
        raise
'''

_GOOD_EXCEPT = '''"""Imports."""

from shop.store import rollback, save


def import_rows(rows: list[str]) -> None:
    """Store rows, undoing everything when one fails."""
    try:
        save(rows)
    except BaseException:
        rollback()
        raise
'''


def _is_builtin_exception(base: ast.expr) -> bool:
    """Tell whether a base class is one of Python's own exceptions.

    Args:
        base: A class base expression.

    Returns:
        True for ``Exception``, ``ValueError``, ``builtins.KeyError``...
    """
    name = dotted_name(base).removeprefix("builtins.")
    return name in _BUILTIN_EXCEPTIONS


@module_rule(
    "SQ004",
    bad={"src/shop/payments.py": _BAD_HIERARCHY},
    good={"src/shop/payments.py": _GOOD_HIERARCHY},
)
def exception_outside_hierarchy(module: SourceModule) -> Iterator[RuleFinding]:
    """Every exception class of the project derives from its ``AppError``.

    One root lets the interface layer turn every expected error into one message
    and exit code in one place, and keeps unexpected errors (bugs) apart. A class
    whose bases are all Python's own exceptions bypasses that root; test code and
    warning categories are exempt, and so is ``AppError`` itself.

    Args:
        module: The module to check.

    Yields:
        One finding per class deriving only from built-in exceptions.
    """
    if module.is_test:
        return
    for node in module.nodes(ast.ClassDef):
        if node.name == ROOT_EXCEPTION or not node.bases:
            continue
        if all(_is_builtin_exception(base) for base in node.bases):
            yield RuleFinding(
                node.lineno,
                node.col_offset + 1,
                (
                    f"exception `{node.name}` does not derive from the project's "
                    f"{ROOT_EXCEPTION}"
                ),
            )


@module_rule(
    "SQ005",
    bad={"src/shop/imports.py": _BAD_EXCEPT},
    good={"src/shop/imports.py": _GOOD_EXCEPT},
)
def bare_except_reraise(module: SourceModule) -> Iterator[RuleFinding]:
    """No bare ``except:``, not even one that re-raises.

    Ruff's E722 lets a bare ``except:`` pass when its body re-raises; it still
    catches ``KeyboardInterrupt`` and ``SystemExit`` silently until the ``raise``
    and hides which failures the code expects. Name the exception; use
    ``except BaseException:`` when cleanup truly must run for everything.

    Args:
        module: The module to check.

    Yields:
        One finding per bare handler that E722 leaves alone.
    """
    for handler in module.nodes(ast.ExceptHandler):
        reraises = any(
            isinstance(statement, ast.Raise) and statement.exc is None
            for statement in handler.body
        )
        if handler.type is None and reraises:
            yield RuleFinding(
                handler.lineno,
                handler.col_offset + 1,
                "bare `except:` (even re-raising); name the exception",
            )


__all__ = ["ROOT_EXCEPTION", "bare_except_reraise", "exception_outside_hierarchy"]
