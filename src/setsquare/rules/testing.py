"""SQ015 and SQ016: integration tests are marked, test names tell the scenario."""

import ast
import re
from collections.abc import Iterator

from setsquare.rules.base import RuleFinding, SourceModule, module_rule
from setsquare.rules.syntax import FunctionNode, decorator_names, module_names

_WORDS = r"[a-z0-9]+(?:_[a-z0-9]+)*"
_TEST_NAME = re.compile(rf"^test_{_WORDS}_when_{_WORDS}_then_{_WORDS}$")

_BAD_MARKER = '''"""Checkout against a real database."""

from shop.orders import checkout


def test_checkout_when_order_exists_then_returns_its_id() -> None:
    """Checkout returns the order id."""
    assert checkout(7) == 7
'''

_GOOD_MARKER = '''"""Checkout against a real database."""

import pytest

from shop.orders import checkout

pytestmark = pytest.mark.integration


def test_checkout_when_order_exists_then_returns_its_id() -> None:
    """Checkout returns the order id."""
    assert checkout(7) == 7
'''

_BAD_NAME = '''"""Prices."""

from shop.prices import total


def test_total() -> None:
    """Totals add tax."""
    assert total([10.0]) == 12.0
'''

_GOOD_NAME = '''"""Prices."""

from shop.prices import total


def test_total_when_one_price_then_adds_tax() -> None:
    """Totals add tax."""
    assert total([10.0]) == 12.0
'''


def _is_test_module(module: SourceModule) -> bool:
    """Tell whether pytest collects the file (``test_*.py`` or ``*_test.py``).

    Args:
        module: The module.

    Returns:
        True for test modules.
    """
    name = module.parts[-1]
    return name.endswith(".py") and (
        name.startswith("test_") or name.endswith("_test.py")
    )


def _tests(tree: ast.Module) -> Iterator[FunctionNode | ast.ClassDef]:
    """Yield a test module's test functions and ``Test*`` classes.

    Args:
        tree: The module.

    Yields:
        Module-level ``test*`` functions and ``Test*`` classes.
    """
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            if statement.name.startswith("test"):
                yield statement
        elif isinstance(statement, ast.ClassDef) and statement.name.startswith("Test"):
            yield statement


def _marks_integration(node: ast.AST) -> bool:
    """Tell whether an expression mentions ``<...>.mark.integration``.

    Args:
        node: A ``pytestmark`` value or a decorator.

    Returns:
        True when it applies the ``integration`` marker.
    """
    return any(
        isinstance(child, ast.Attribute)
        and child.attr == "integration"
        and isinstance(child.value, ast.Attribute)
        and child.value.attr == "mark"
        for child in ast.walk(node)
    )


@module_rule(
    "SQ015",
    bad={"tests/integration/test_checkout.py": _BAD_MARKER},
    good={"tests/integration/test_checkout.py": _GOOD_MARKER},
)
def unmarked_integration_test(module: SourceModule) -> Iterator[RuleFinding]:
    """Test modules under ``tests/integration/`` carry the ``integration`` marker.

    The marker is how a developer runs the fast suite alone (``-m "not
    integration"``) and how CI selects the slow one; an unmarked integration test
    runs in the wrong lane. Set ``pytestmark = pytest.mark.integration`` at module
    level (or mark every test).

    Args:
        module: The module to check.

    Yields:
        One finding for an integration test module without the marker.
    """
    if module.tree is None or "integration" not in module.parts[:-1]:
        return
    if not (module.is_test and _is_test_module(module)):
        return
    tests = list(_tests(module.tree))
    marked_module = any(
        _marks_integration(statement)
        for statement in module_names(module.tree, "pytestmark")
    )
    marked_each = all(
        any(_marks_integration(decorator) for decorator in test.decorator_list)
        for test in tests
    )
    if tests and not marked_module and not marked_each:
        yield RuleFinding(
            1,
            1,
            (
                "integration test module without the `integration` marker: add "
                "`pytestmark = pytest.mark.integration`"
            ),
        )


def _test_functions(tree: ast.Module) -> Iterator[FunctionNode]:
    """Yield test functions, methods of ``Test*`` classes included.

    Args:
        tree: The module.

    Yields:
        Each test function.
    """
    for node in _tests(tree):
        if isinstance(node, ast.ClassDef):
            for statement in node.body:
                if isinstance(
                    statement, ast.FunctionDef | ast.AsyncFunctionDef
                ) and statement.name.startswith("test"):
                    yield statement
        else:
            yield node


@module_rule(
    "SQ016",
    bad={"tests/unit/test_prices.py": _BAD_NAME},
    good={"tests/unit/test_prices.py": _GOOD_NAME},
    severity="warning",
)
def unscenario_test_name(module: SourceModule) -> Iterator[RuleFinding]:
    """Test names read ``test_<what>_when_<condition>_then_<expected>``.

    A failing test's name is the first thing a reader sees; naming the subject,
    the situation and the expectation makes the failure self-explanatory and
    shows at a glance which scenarios are covered.

    Args:
        module: The module to check.

    Yields:
        One warning per test whose name lacks the pattern.
    """
    if module.tree is None or not (module.is_test and _is_test_module(module)):
        return
    for node in _test_functions(module.tree):
        if not _TEST_NAME.match(node.name) and "fixture" not in decorator_names(node):
            yield RuleFinding(
                node.lineno,
                node.col_offset + 1,
                (
                    f"test `{node.name}` should be named "
                    "test_<what>_when_<condition>_then_<expected>"
                ),
            )


__all__ = ["unmarked_integration_test", "unscenario_test_name"]
