"""The template's options, which combinations it refuses, and the variants to prove.

``COVERING`` is what ``make test`` renders and gates: every value of every option at
least once, in a handful of projects. ``full_matrix()`` is what ``make test-matrix``
renders: the product flavour x database x cache x ci x Python without the refused
combinations.
"""

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest

from tests.template.rendering import FLAVOURS, PYTHON_VERSIONS, render

DATABASES: Final = ("none", "postgres")
CACHES: Final = ("none", "redis")
CIS: Final = ("github", "gitlab", "none")
LICENSES: Final = ("MIT", "Apache-2.0", "BSD-3-Clause", "proprietary")
LONG_RUNNING: Final = frozenset({"service", "worker"})


def refusal(flavour: str, database: str, cache: str) -> str | None:
    """Say why the template refuses a combination (mirrors copier.yml's validators).

    Args:
        flavour: The ``flavour`` answer.
        database: The ``database`` answer.
        cache: The ``cache`` answer.

    Returns:
        The reason, or ``None`` when the combination is valid.
    """
    if flavour not in LONG_RUNNING and database != "none":
        return f"database={database} needs a long-running flavour"
    if flavour not in LONG_RUNNING and cache != "none":
        return f"cache={cache} needs a long-running flavour"
    if flavour == "worker" and cache == "none":
        return "flavour=worker consumes its jobs from a Redis list"
    return None


@dataclass(frozen=True, slots=True)
class Variant:
    """One combination of answers.

    Attributes:
        flavour: ``library``, ``cli``, ``service`` or ``worker``.
        database: ``none`` or ``postgres``.
        cache: ``none`` or ``redis``.
        ci: ``github``, ``gitlab`` or ``none``.
        pre_commit: Whether ``.pre-commit-config.yaml`` is rendered.
        python: ``3.12`` or ``3.13``.
        license: One of ``LICENSES``.
        docs: Whether the documentation site is rendered.
    """

    flavour: str
    database: str = "none"
    cache: str = "none"
    ci: str = "none"
    pre_commit: bool = False
    python: str = "3.13"
    license: str = "MIT"
    docs: bool = False

    @property
    def name(self) -> str:
        """A short, unique, path-safe name.

        Returns:
            E.g. ``service-postgres-redis-github-pc-py313``.
        """
        parts = [self.flavour, self.database, self.cache, self.ci]
        if self.pre_commit:
            parts.append("pc")
        parts.append(f"py{self.python.replace('.', '')}")
        if self.license != "MIT":
            parts.append(self.license.lower())
        if self.docs:
            parts.append("docs")
        return "-".join(parts)

    @property
    def servers(self) -> tuple[str, ...]:
        """The servers the rendered project's integration tests need.

        Returns:
            ``postgres`` and/or ``redis``.
        """
        return tuple(
            server
            for server, used in (
                ("postgres", self.database == "postgres"),
                ("redis", self.cache == "redis"),
            )
            if used
        )

    def answers(self, project_name: str) -> dict[str, str]:
        """Return the copier answers of this variant.

        Args:
            project_name: The project's name.

        Returns:
            The answers, as ``--data`` would pass them.
        """
        return {
            "project_name": project_name,
            "flavour": self.flavour,
            "database": self.database,
            "cache": self.cache,
            "ci": self.ci,
            "pre_commit": "true" if self.pre_commit else "false",
            "python_version": self.python,
            "license": self.license,
            "docs": "true" if self.docs else "false",
        }


# Every value of every option at least once: flavours 4/4, databases 2/2, caches 2/2,
# ci 3/3, pre_commit 2/2, Python 2/2, licences 4/4, docs 2/2 (the library as by default,
# and a cli that asks for them); each server-using flavour with and without each server,
# so the code of every Jinja branch renders and is gated.
COVERING: Final[tuple[Variant, ...]] = (
    Variant(
        "library",
        ci="none",
        pre_commit=False,
        python="3.12",
        license="Apache-2.0",
        docs=True,
    ),
    Variant("cli", ci="gitlab", pre_commit=True, python="3.13", docs=True),
    Variant(
        "service", ci="none", pre_commit=False, python="3.12", license="BSD-3-Clause"
    ),
    Variant("service", "postgres", "redis", ci="github", pre_commit=True),
    Variant(
        "service", "postgres", "none", ci="gitlab", python="3.12", license="proprietary"
    ),
    Variant("worker", "none", "redis", ci="github", python="3.12"),
    Variant("worker", "postgres", "redis", ci="gitlab", pre_commit=True),
)


def full_matrix() -> list[Variant]:
    """Return every valid combination of flavour, database, cache, ci and Python.

    ``pre_commit`` is not a factor of the product: it is on for Python 3.13 and off
    for 3.12, so both values are gated with every other option. ``docs`` takes its
    default: on for a library only.

    Returns:
        The variants, in a stable order.
    """
    return [
        Variant(
            flavour,
            database,
            cache,
            ci,
            pre_commit=python == "3.13",
            python=python,
            docs=flavour == "library",
        )
        for flavour, database, cache, ci, python in itertools.product(
            FLAVOURS, DATABASES, CACHES, CIS, PYTHON_VERSIONS
        )
        if refusal(flavour, database, cache) is None
    ]


def render_each(
    source: Path,
    factory: pytest.TempPathFactory,
    variants: Iterable[Variant],
    project_name: str,
) -> dict[str, Path]:
    """Render variants (without the lock task), each into a directory of its own.

    Args:
        source: The template snapshot.
        factory: pytest's temporary directories.
        variants: The variants.
        project_name: The project's name in every render (its directory's name).

    Returns:
        The rendered project by variant name.
    """
    return {
        variant.name: render(
            source,
            factory.mktemp(variant.name) / project_name,
            variant.answers(project_name),
        )
        for variant in variants
    }
