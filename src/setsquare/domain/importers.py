"""Which files a change can break: the importers of changed and deleted files.

A type error caused by a change shows up in the changed file or in a file that
imports it, directly or through other files. ``importers`` walks an import graph
(file to the files that import it, as ``ruff analyze graph --direction dependents``
prints it) from the changed files. A deleted file is no longer in the graph, so
``suspected_importers`` over-approximates its importers from the text of every
file. Pure functions, no I/O.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePosixPath
from typing import Final

_PACKAGE_INITS: Final = ("__init__.py", "__init__.pyi")


def importers(
    graph: Mapping[str, Sequence[str]], changed: Iterable[str]
) -> frozenset[str]:
    """Collect every file that imports a changed file, transitively.

    Args:
        graph: File to the files that import it directly.
        changed: The changed files (keys of the graph, or not in it at all).

    Returns:
        The importers, the changed files themselves left out.
    """
    start = frozenset(changed)
    seen = set(start)
    pending = list(start)
    while pending:
        for importer in graph.get(pending.pop(), ()):
            if importer not in seen:
                seen.add(importer)
                pending.append(importer)
    return frozenset(seen - start)


def suspected_importers(deleted: str, texts: Mapping[str, str]) -> frozenset[str]:
    """Find the files that may have imported a deleted file.

    Every import of a module names its last component (``import pkg.gone``,
    ``from pkg import gone``, ``from .gone import name``), so a file whose text
    never contains that word as a whole word cannot import it. A deleted
    ``__init__.py`` also affects the files beside and below it (``from . import``).

    Args:
        deleted: The deleted file's root-relative POSIX path.
        texts: The project's Python files' contents by root-relative path.

    Returns:
        The files that may import it (a superset of those that do).
    """
    path = PurePosixPath(deleted)
    package = path.name in _PACKAGE_INITS
    name = path.parent.name if package else path.name.split(".", 1)[0]
    if not name:
        return frozenset(texts)
    word = re.compile(rf"\b{re.escape(name)}\b")
    inside = f"{path.parent.as_posix()}/"
    return frozenset(
        file
        for file, text in texts.items()
        if word.search(text) or (package and file.startswith(inside))
    )


__all__ = ["importers", "suspected_importers"]
