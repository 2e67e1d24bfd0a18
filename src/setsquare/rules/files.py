"""SQ012, SQ013 and SQ014: file size, package exports, stale copies."""

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Final

from setsquare.rules.base import RuleFinding, SourceModule, module_rule
from setsquare.rules.syntax import module_names

WARN_LINES: Final = 600
MAX_LINES: Final = 800

_STALE_COPY = re.compile(
    r"(?:[_-](?:old|orig|backup|bak|copy|v[2-9]|v\d{2,})|\s*\(\d+\)| copy)$",
    re.IGNORECASE,
)

_BAD_INIT = '''"""The shop package."""

from shop.orders import checkout
'''

_GOOD_INIT = '''"""The shop package."""

from shop.orders import checkout

__all__ = ["checkout"]
'''

_MODULE = '''"""Orders."""


def checkout(order_id: int) -> int:
    """Charge an order and return its id."""
    return order_id
'''

_LONG = '"""Generated lookup table."""\n\nTABLE = (\n' + "    0,\n" * 800 + ")\n"
_SHORT = '"""Generated lookup table."""\n\nTABLE = tuple(range(800))\n'


@module_rule(
    "SQ012",
    bad={"src/shop/table.py": _LONG},
    good={"src/shop/table.py": _SHORT},
)
def file_too_long(module: SourceModule) -> Iterator[RuleFinding]:
    """A module stays under 600 lines (warning) and never exceeds 800 (error).

    Long modules mix responsibilities and are hard to review and to navigate;
    split them by use case or by layer long before they reach these limits.

    Args:
        module: The module to check.

    Yields:
        One finding for a module over the warning or the error limit.
    """
    count = len(module.lines)
    if count > MAX_LINES:
        yield RuleFinding(1, 1, f"{count} lines (limit {MAX_LINES}): split the module")
    elif count > WARN_LINES:
        yield RuleFinding(
            1,
            1,
            f"{count} lines (over {WARN_LINES}, limit {MAX_LINES}): plan a split",
            severity="warning",
        )


@module_rule(
    "SQ013",
    bad={"src/shop/__init__.py": _BAD_INIT, "src/shop/orders.py": _MODULE},
    good={"src/shop/__init__.py": _GOOD_INIT, "src/shop/orders.py": _MODULE},
)
def package_without_all(module: SourceModule) -> Iterator[RuleFinding]:
    """Every ``__init__.py`` under ``src/`` declares ``__all__``.

    ``__all__`` states a package's public API: it is what ``import *`` takes,
    what type checkers and documentation tools treat as re-exported, and it lets
    ruff's F401 tell a re-export from an unused import without blanket ignores.

    Args:
        module: The module to check.

    Yields:
        One finding for a package ``__init__.py`` without ``__all__``.
    """
    if module.parts[0] != "src" or module.parts[-1] != "__init__.py":
        return
    if module.tree is not None and not module_names(module.tree, "__all__"):
        yield RuleFinding(
            1, 1, "package `__init__.py` without `__all__`: declare its API"
        )


@module_rule(
    "SQ014",
    bad={"src/shop/orders_old.py": _MODULE},
    good={"src/shop/orders.py": _MODULE},
)
def stale_copy(module: SourceModule) -> Iterator[RuleFinding]:
    """No stale copies such as ``orders_old.py``, ``orders_backup.py`` or ``orders_v2.py``.

    Version control keeps history; a copied file beside the original is dead code
    that drifts, gets imported by mistake and doubles every review. Delete it or
    give the new variant a name that says what it does.

    Args:
        module: The module to check.

    Yields:
        One finding for a file named like a stale copy.
    """
    stem = PurePosixPath(module.relpath).stem
    match = _STALE_COPY.search(stem)
    if match:
        yield RuleFinding(
            1,
            1,
            (
                f"file name looks like a stale copy ({match.group(0).strip()!r}): "
                "delete it, git keeps the history"
            ),
        )


__all__ = [
    "MAX_LINES",
    "WARN_LINES",
    "file_too_long",
    "package_without_all",
    "stale_copy",
]
