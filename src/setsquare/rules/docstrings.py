"""SQ001: every function and class has a docstring, private and nested ones too."""

import ast
from collections.abc import Iterator
from pathlib import PurePosixPath

from setsquare.rules.base import RuleFinding, SourceModule, module_rule
from setsquare.rules.syntax import (
    DefinitionNode,
    decorator_names,
    docstring_node,
    exported_names,
    is_dunder,
)

_BAD = '''"""Prices."""


def total(prices: list[float]) -> float:
    """Return the sum of the prices after tax."""
    return sum(_with_tax(price) for price in prices)


def _with_tax(price: float) -> float:
    return price * 1.2
'''

_GOOD = '''"""Prices."""


def total(prices: list[float]) -> float:
    """Return the sum of the prices after tax."""
    return sum(_with_tax(price) for price in prices)


def _with_tax(price: float) -> float:
    """Add the 20 % sales tax to one price."""
    return price * 1.2
'''


def _module_is_public(module: SourceModule) -> bool:
    """Tell whether pydocstyle treats the module as public.

    Args:
        module: The module.

    Returns:
        False when a path component (a package or the file) starts with ``_``.
    """
    stems = [PurePosixPath(part).stem for part in module.parts]
    return not any(stem.startswith("_") and not is_dunder(stem) for stem in stems)


def _definitions(
    body: list[ast.stmt], *, public: bool, exported: set[str] | None, level: str
) -> Iterator[tuple[DefinitionNode, bool]]:
    """Yield each definition with whether ruff's D rules see it as public.

    Args:
        body: The statements of a module, class or function.
        public: Whether the enclosing scope is public.
        exported: The module's ``__all__`` names, if it has one.
        level: ``module``, ``class`` or ``function``.

    Yields:
        ``(definition, is_public)`` pairs, nested definitions included.
    """
    for statement in body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = statement.name
            visible = public and level != "function"
            if level == "module":
                visible = visible and not name.startswith("_")
                visible = visible and (exported is None or name in exported)
            elif level == "class":
                visible = visible and (not name.startswith("_") or is_dunder(name))
            yield statement, visible
            inner = "class" if isinstance(statement, ast.ClassDef) else "function"
            yield from _definitions(
                statement.body, public=visible, exported=exported, level=inner
            )
        elif isinstance(statement, ast.If | ast.Try | ast.With | ast.For | ast.While):
            for block in _blocks(statement):
                yield from _definitions(
                    block, public=public, exported=exported, level=level
                )


def _blocks(
    statement: ast.If | ast.Try | ast.With | ast.For | ast.While,
) -> list[list[ast.stmt]]:
    """Return the statement lists nested in a compound statement.

    Args:
        statement: An ``if``, ``try``, ``with``, ``for`` or ``while``.

    Returns:
        Its bodies (``else``, handlers and ``finally`` included).
    """
    if isinstance(statement, ast.With):
        return [statement.body]
    blocks = [statement.body, statement.orelse]
    if isinstance(statement, ast.Try):
        blocks.extend(handler.body for handler in statement.handlers)
        blocks.append(statement.finalbody)
    return blocks


@module_rule(
    "SQ001", bad={"src/shop/prices.py": _BAD}, good={"src/shop/prices.py": _GOOD}
)
def missing_docstring(module: SourceModule) -> Iterator[RuleFinding]:
    """Every function and class has a docstring, private and nested ones included.

    Ruff's pydocstyle rules (D1xx) ask only public names for a docstring; this rule
    asks every other definition: ``_private`` helpers, members of private classes,
    nested functions, and public methods marked ``@override``. A reader of a helper
    deserves the same one line of intent as a reader of the API. ``@overload``
    signatures and stub files are exempt.

    Args:
        module: The module to check.

    Yields:
        One finding per undocumented definition ruff's D rules do not report.
    """
    if module.tree is None or module.is_stub:
        return
    definitions = _definitions(
        module.tree.body,
        public=_module_is_public(module),
        exported=exported_names(module.tree),
        level="module",
    )
    for node, public in definitions:
        decorators = decorator_names(node)
        if "overload" in decorators or docstring_node(node) is not None:
            continue
        if public and "override" not in decorators:
            continue
        kind = "class" if isinstance(node, ast.ClassDef) else "function"
        yield RuleFinding(
            node.lineno,
            node.col_offset + 1,
            (
                f"{kind} `{node.name}` has no docstring (the canon documents every "
                "definition, private and nested ones included)"
            ),
        )


__all__ = ["missing_docstring"]
