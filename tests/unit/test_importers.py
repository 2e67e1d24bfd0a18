"""The importers of changed and deleted files (``domain/importers.py``)."""

from typing import Final

from setsquare.domain.importers import importers, suspected_importers

GRAPH: Final = {
    "src/p/a.py": ("src/p/b.py",),
    "src/p/b.py": ("src/p/c.py", "src/p/a.py"),
    "src/p/c.py": (),
    "src/p/d.py": ("src/p/c.py",),
}


def test_importers_when_chain_with_cycle_then_transitive_without_changed() -> None:
    """Chain a <- b <- c with a cycle a <-> b: c is reached, a is not an importer."""
    assert importers(GRAPH, ["src/p/a.py"]) == {"src/p/b.py", "src/p/c.py"}
    assert importers(GRAPH, ["src/p/c.py", "src/p/new.py"]) == frozenset()


def test_suspected_importers_when_module_deleted_then_files_naming_it() -> None:
    """Whole words only: ``rates`` names ``rates``, ``ratestore`` does not."""
    texts = {
        "src/p/x.py": "from .rates import fee\n",
        "src/p/y.py": "import p.ratestore\n",
        "src/p/z.py": "from p import rates\n",
    }
    assert suspected_importers("src/p/rates.py", texts) == {"src/p/x.py", "src/p/z.py"}


def test_suspected_importers_when_package_init_deleted_then_package_files_too() -> None:
    """A deleted ``__init__.py`` names its package; files inside may import it by dots."""
    texts = {
        "src/p/x.py": "from . import helper\n",
        "src/q.py": "import p\n",
        "src/r.py": "import os\n",
    }
    assert suspected_importers("src/p/__init__.py", texts) == {
        "src/p/x.py",
        "src/q.py",
    }
    assert suspected_importers("__init__.py", texts) == set(texts)
