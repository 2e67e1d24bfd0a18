"""SQ010 and SQ011: no pydantic v1 ``class Config``, no legacy ``session.query``."""

import ast
from collections.abc import Iterator

from setsquare.rules.base import RuleFinding, SourceModule, module_rule

_BAD_CONFIG = '''"""Customers."""

from pydantic import BaseModel


class Customer(BaseModel):
    """A customer as the API returns it."""

    name: str

    class Config:
        """Pydantic v1 options."""

        frozen = True
'''

_GOOD_CONFIG = '''"""Customers."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class Customer(BaseModel):
    """A customer as the API returns it."""

    model_config: ClassVar[ConfigDict] = ConfigDict(frozen=True)

    name: str
'''

_BAD_QUERY = '''"""Customer queries."""

from sqlalchemy.orm import Session

from shop.models import Customer


def customer_names(session: Session) -> list[str]:
    """Return every customer's name."""
    return [customer.name for customer in session.query(Customer).all()]
'''

_GOOD_QUERY = '''"""Customer queries."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from shop.models import Customer


def customer_names(session: Session) -> list[str]:
    """Return every customer's name."""
    return list(session.scalars(select(Customer.name)))
'''


@module_rule(
    "SQ010",
    bad={"src/shop/customers.py": _BAD_CONFIG},
    good={"src/shop/customers.py": _GOOD_CONFIG},
)
def nested_model_config(module: SourceModule) -> Iterator[RuleFinding]:
    """Model options use ``model_config = ConfigDict(...)``, not a nested ``class Config``.

    The nested ``class Config`` is pydantic v1's API: v2 only warns about it and
    ignores the options it does not recognise, so a migrated model can silently
    lose its settings. The canon is pydantic v2 throughout.

    Args:
        module: The module to check.

    Yields:
        One finding per ``class Config`` nested in a class with bases.
    """
    for node in module.nodes(ast.ClassDef):
        if not node.bases:
            continue
        for statement in node.body:
            if isinstance(statement, ast.ClassDef) and statement.name == "Config":
                yield RuleFinding(
                    statement.lineno,
                    statement.col_offset + 1,
                    (
                        f"`{node.name}` uses a nested `class Config` (pydantic v1); "
                        "use `model_config = ConfigDict(...)`"
                    ),
                )


def _is_session(node: ast.expr) -> bool:
    """Tell whether an expression names a session (``session``, ``self.db_session``).

    Args:
        node: The object a method is called on.

    Returns:
        True when its last name ends with ``session``.
    """
    name = ""
    if isinstance(node, ast.Name):
        name = node.id
    elif isinstance(node, ast.Attribute):
        name = node.attr
    return name.lower().endswith("session")


@module_rule(
    "SQ011",
    bad={"src/shop/queries.py": _BAD_QUERY},
    good={"src/shop/queries.py": _GOOD_QUERY},
)
def legacy_session_query(module: SourceModule) -> Iterator[RuleFinding]:
    """SQLAlchemy queries use ``select()``, not the legacy ``session.query()``.

    ``Session.query`` is SQLAlchemy's 1.x API, kept as "legacy" in 2.0: it does
    not type-check well and cannot be shared with async sessions. Build
    statements with ``select()`` and run them with ``session.execute`` or
    ``session.scalars``.

    Args:
        module: The module to check.

    Yields:
        One finding per ``<something>session.query(...)`` call.
    """
    for call in module.nodes(ast.Call):
        function = call.func
        if (
            isinstance(function, ast.Attribute)
            and function.attr == "query"
            and _is_session(function.value)
        ):
            yield RuleFinding(
                call.lineno,
                call.col_offset + 1,
                (
                    "legacy `session.query()`: use `select()` with "
                    "`session.execute`/`session.scalars`"
                ),
            )


__all__ = ["legacy_session_query", "nested_model_config"]
