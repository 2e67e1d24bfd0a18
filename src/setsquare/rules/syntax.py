"""Small questions about syntax trees that several SQ rules ask."""

import ast

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
DefinitionNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def dotted_name(node: ast.expr) -> str:
    """Spell a name or attribute chain, e.g. ``typing.overload``.

    Args:
        node: An expression.

    Returns:
        The dotted name, or ``""`` when the expression is not a plain name chain.
    """
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted_name(node.value)
        return f"{base}.{node.attr}" if base else ""
    return ""


def last_name(node: ast.expr) -> str:
    """Return the last component of a name, attribute, call or subscript.

    Args:
        node: An expression, e.g. ``pytest.mark.integration`` or ``Protocol[T]``.

    Returns:
        ``integration``, ``Protocol``..., or ``""``.
    """
    if isinstance(node, ast.Call | ast.Subscript):
        return last_name(node.func if isinstance(node, ast.Call) else node.value)
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def decorator_names(node: DefinitionNode) -> set[str]:
    """Return the last name of every decorator.

    Args:
        node: A function or class definition.

    Returns:
        E.g. ``{"overload", "abstractmethod"}``.
    """
    return {last_name(decorator) for decorator in node.decorator_list}


def docstring_node(node: DefinitionNode | ast.Module) -> ast.Expr | None:
    """Return the statement holding a definition's docstring.

    Args:
        node: A module, function or class.

    Returns:
        The docstring statement, or None when there is none.
    """
    if not node.body:
        return None
    first = node.body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return first
    return None


def body_after_docstring(node: DefinitionNode) -> list[ast.stmt]:
    """Return a definition's statements, its docstring left out.

    Args:
        node: A function or class definition.

    Returns:
        The remaining statements.
    """
    return node.body[1:] if docstring_node(node) is not None else list(node.body)


def is_dunder(name: str) -> bool:
    """Tell whether a name is a ``__dunder__``.

    Args:
        name: An identifier.

    Returns:
        True for names like ``__init__``.
    """
    return len(name) > 4 and name.startswith("__") and name.endswith("__")  # noqa: PLR2004 - "____" is no dunder


def module_names(tree: ast.Module, name: str) -> list[ast.stmt]:
    """Find the module-level statements that bind ``name``.

    Args:
        tree: The module.
        name: The bound name, e.g. ``__all__``.

    Returns:
        The assignments (plain, annotated or augmented) to that name.
    """
    found: list[ast.stmt] = []
    for statement in tree.body:
        targets: list[ast.expr] = []
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, ast.AnnAssign | ast.AugAssign):
            targets = [statement.target]
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            found.append(statement)
    return found


def exported_names(tree: ast.Module) -> set[str] | None:
    """Read the string entries of a module's ``__all__``.

    Args:
        tree: The module.

    Returns:
        The names, or None when the module defines no ``__all__``.
    """
    statements = module_names(tree, "__all__")
    if not statements:
        return None
    names: set[str] = set()
    for statement in statements:
        value = (
            statement.value
            if isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign)
            else None
        )
        if isinstance(value, ast.List | ast.Tuple):
            names.update(
                element.value
                for element in value.elts
                if isinstance(element, ast.Constant) and isinstance(element.value, str)
            )
    return names


__all__ = [
    "DefinitionNode",
    "FunctionNode",
    "body_after_docstring",
    "decorator_names",
    "docstring_node",
    "dotted_name",
    "exported_names",
    "is_dunder",
    "last_name",
    "module_names",
]
