"""SQ002 and SQ003: no placeholder bodies, no placeholder comments."""

import ast
import re
from collections.abc import Iterator

from setsquare.rules.base import RuleFinding, SourceModule, module_rule
from setsquare.rules.syntax import body_after_docstring, decorator_names, last_name

_EXEMPT_DECORATORS = frozenset({"overload", "abstractmethod"})

_PLACEHOLDER_COMMENT = re.compile(
    (
        r"implement (?:this|me|here|later|it)\b"
        r"|(?:rest|remainder) of (?:the )?(?:code|implementation|function|method|logic|file|class)\b"
        r"|(?:your|the|more|additional) (?:code|logic|implementation) (?:goes )?here\b"
        r"|(?:add|insert|put|write) (?:your |the |more )?(?:code|logic|implementation) here\b"
        r"|existing code\b"
        r"|code (?:unchanged|omitted|elided)\b"
        r"|\.{3}\s*(?:more|rest|other|remaining)\b"
    ),
    re.IGNORECASE,
)

_BAD_BODY = '''"""Invoices."""


def send_invoice(customer_id: int) -> None:
    """Email the latest invoice to a customer."""
    raise NotImplementedError
'''

_GOOD_BODY = '''"""Invoices."""

from shop.mail import deliver


def send_invoice(customer_id: int) -> None:
    """Email the latest invoice to a customer."""
    deliver(customer_id, subject="Your invoice")
'''

_BAD_COMMENT = '''"""Orders."""


def checkout(order_id: int) -> int:
    """Charge an order and return its id."""
    # ... rest of the code stays as before
    return order_id
'''

_GOOD_COMMENT = '''"""Orders."""


def checkout(order_id: int) -> int:
    """Charge an order and return its id."""
    return order_id
'''


def _is_placeholder(statement: ast.stmt) -> bool:
    """Tell whether a statement is ``pass``, ``...`` or ``raise NotImplementedError``.

    Args:
        statement: The only statement of a body.

    Returns:
        True for a placeholder.
    """
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return statement.value.value is Ellipsis
    if isinstance(statement, ast.Raise) and statement.exc is not None:
        return last_name(statement.exc) == "NotImplementedError"
    return False


def _protocol_members(module: SourceModule) -> set[int]:
    """Collect the ids of functions defined directly in ``Protocol`` classes.

    Args:
        module: The module.

    Returns:
        ``id()`` of each such function node.
    """
    members: set[int] = set()
    for node in module.nodes(ast.ClassDef):
        if any(last_name(base) == "Protocol" for base in node.bases):
            members.update(id(statement) for statement in node.body)
    return members


@module_rule(
    "SQ002",
    bad={"src/shop/invoices.py": _BAD_BODY},
    good={"src/shop/invoices.py": _GOOD_BODY},
)
def placeholder_body(module: SourceModule) -> Iterator[RuleFinding]:
    """A function body is more than ``pass``, ``...`` or ``raise NotImplementedError``.

    A placeholder body type-checks and imports fine, so unfinished code ships
    silently. Members of a ``Protocol``, ``@overload`` signatures,
    ``@abstractmethod`` declarations and stub files are exempt: there the empty body
    is the point.

    Args:
        module: The module to check.

    Yields:
        One finding per function whose only statement is a placeholder.
    """
    if module.tree is None or module.is_stub:
        return
    protocol_members = _protocol_members(module)
    functions = [
        *module.nodes(ast.FunctionDef),
        *module.nodes(ast.AsyncFunctionDef),
    ]
    for node in functions:
        if id(node) in protocol_members or decorator_names(node) & _EXEMPT_DECORATORS:
            continue
        body = body_after_docstring(node)
        if len(body) == 1 and _is_placeholder(body[0]):
            yield RuleFinding(
                body[0].lineno,
                body[0].col_offset + 1,
                f"`{node.name}` has a placeholder body; implement it or remove it",
            )


@module_rule(
    "SQ003",
    bad={"src/shop/orders.py": _BAD_COMMENT},
    good={"src/shop/orders.py": _GOOD_COMMENT},
)
def placeholder_comment(module: SourceModule) -> Iterator[RuleFinding]:
    """No placeholder comments such as "implement here" or "rest of code".

    Such comments mark code that was elided or never written; they are a frequent
    artefact of generated code and hide missing behaviour from reviewers. Ruff's
    FIX rules catch ``TODO``/``FIXME`` markers, not these phrases.

    Args:
        module: The module to check.

    Yields:
        One finding per comment that reads like a placeholder.
    """
    if not module.may_comment(_PLACEHOLDER_COMMENT):
        return  # no candidate anywhere: skip tokenizing
    for comment in module.comments:
        match = _PLACEHOLDER_COMMENT.search(comment.text)
        if match:
            yield RuleFinding(
                comment.line,
                comment.column,
                f"placeholder comment ({match.group(0)!r}): write the code or drop the comment",
            )


__all__ = ["placeholder_body", "placeholder_comment"]
