"""SQ006 and SQ007: loggers named after their module, no hidden global state."""

import ast
from collections.abc import Iterator
from typing import Final

from setsquare.rules.base import RuleFinding, SourceModule, module_rule
from setsquare.rules.syntax import dotted_name, is_dunder, last_name

_MUTABLE_CALLS: Final = frozenset(
    {
        "list",
        "dict",
        "set",
        "bytearray",
        "defaultdict",
        "OrderedDict",
        "Counter",
        "deque",
        "ChainMap",
    }
)
_MUTABLE_LITERALS = (
    ast.List,
    ast.Dict,
    ast.Set,
    ast.ListComp,
    ast.DictComp,
    ast.SetComp,
)
_EXEMPT_NAMES: Final = frozenset({"pytestmark"})

_BAD_LOGGER = '''"""Billing."""

import logging

logger = logging.getLogger("billing")
'''

_GOOD_LOGGER = '''"""Billing."""

import logging

logger = logging.getLogger(__name__)
'''

_BAD_STATE = '''"""Sessions."""

active_sessions: dict[str, int] = {}
'''

_GOOD_STATE = '''"""Sessions."""

from typing import Final

ACTIVE_SESSIONS: Final[dict[str, int]] = {}
'''


@module_rule(
    "SQ006",
    bad={"src/shop/billing.py": _BAD_LOGGER},
    good={"src/shop/billing.py": _GOOD_LOGGER},
)
def logger_not_module_named(module: SourceModule) -> Iterator[RuleFinding]:
    """Loggers are created with ``getLogger(__name__)``.

    A logger named after its module inherits the package's handlers and levels,
    and its records say where they come from; a hand-written name drifts when code
    moves, and ``getLogger()`` without a name is the root logger.

    Args:
        module: The module to check.

    Yields:
        One finding per ``getLogger`` call with anything but ``__name__``.
    """
    for call in module.nodes(ast.Call):
        if last_name(call.func) != "getLogger" or not dotted_name(call.func):
            continue
        arguments = [*call.args, *(keyword.value for keyword in call.keywords)]
        named = (
            len(arguments) == 1
            and isinstance(arguments[0], ast.Name)
            and arguments[0].id == "__name__"
        )
        if not named:
            yield RuleFinding(
                call.lineno,
                call.col_offset + 1,
                "call getLogger(__name__): one logger per module, named after it",
            )


def _module_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Yield module-level statements, looking into ``if``/``try`` blocks.

    Args:
        body: The module's statements.

    Yields:
        Every statement that runs at module level.
    """
    for statement in body:
        yield statement
        if isinstance(statement, ast.If):
            yield from _module_level(statement.body)
            yield from _module_level(statement.orelse)
        elif isinstance(statement, ast.Try):
            for block in (statement.body, statement.orelse, statement.finalbody):
                yield from _module_level(block)
            for handler in statement.handlers:
                yield from _module_level(handler.body)


def _is_mutable(value: ast.expr | None) -> bool:
    """Tell whether an expression builds a mutable container.

    Args:
        value: An assigned value.

    Returns:
        True for list/dict/set literals, comprehensions and constructor calls.
    """
    if isinstance(value, _MUTABLE_LITERALS):
        return True
    return isinstance(value, ast.Call) and last_name(value.func) in _MUTABLE_CALLS


def _mutable_binding(statement: ast.stmt) -> ast.Name | None:
    """Return the name a statement binds to a new mutable container, if any.

    Args:
        statement: A module-level statement.

    Returns:
        The bound name, or None when the statement binds nothing mutable or is
        annotated ``Final``.
    """
    if isinstance(statement, ast.AnnAssign):
        if last_name(statement.annotation) == "Final" or not _is_mutable(
            statement.value
        ):
            return None
        targets = [statement.target]
    elif isinstance(statement, ast.Assign) and _is_mutable(statement.value):
        targets = statement.targets
    else:
        return None
    for target in targets:
        if isinstance(target, ast.Name) and not (
            is_dunder(target.id) or target.id in _EXEMPT_NAMES
        ):
            return target
    return None


@module_rule(
    "SQ007",
    bad={"src/shop/sessions.py": _BAD_STATE},
    good={"src/shop/sessions.py": _GOOD_STATE},
)
def global_mutable_state(module: SourceModule) -> Iterator[RuleFinding]:
    """A module-level mutable container is declared ``Final``.

    A module-level list, dict or set that any function may rebind or fill is
    global state: it couples tests, leaks between requests and hides data flow.
    Pass state explicitly; when a module-level container is intended (a registry,
    a lookup table), declare it ``Final`` so the binding at least never changes,
    or use a tuple or frozenset. ``__all__`` and ``pytestmark`` are exempt.

    Args:
        module: The module to check.

    Yields:
        One finding per mutable module-level binding without ``Final``.
    """
    if module.tree is None:
        return
    for statement in _module_level(module.tree.body):
        name = _mutable_binding(statement)
        if name is not None:
            yield RuleFinding(
                name.lineno,
                name.col_offset + 1,
                (
                    f"module-level mutable `{name.id}`: pass state explicitly, or "
                    "declare it Final (or use a tuple/frozenset)"
                ),
            )


__all__ = ["global_mutable_state", "logger_not_module_named"]
