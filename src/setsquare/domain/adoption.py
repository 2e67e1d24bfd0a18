"""Adopting an existing project: its metadata, the answers, the files it receives (pure).

Metadata comes from ``pyproject.toml`` ``[project]``, else from ``setup.cfg`` and the
``setup()`` call of ``setup.py`` (read by the adapter, never executed), turned here into
a PEP 621 ``[project]`` table.
"""

import keyword
import re
from dataclasses import dataclass, field
from typing import Final, cast

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from setsquare.domain.toml_access import strings, table

SUPPORTED_PYTHONS: Final = ("3.12", "3.13")
DEFAULT_PYTHON: Final = "3.13"
# The [metadata] keys of setup.cfg, read as they are (setup() takes the same names).
METADATA_FIELDS: Final = (
    "name",
    "version",
    "description",
    "author",
    "author_email",
    "maintainer",
    "maintainer_email",
    "url",
    "download_url",
    "project_urls",
    "license",
    "keywords",
    "classifiers",
)
# setup() arguments that become [project] fields (long_description: the README file).
PROJECT_FIELDS: Final = frozenset(
    {
        *METADATA_FIELDS,
        "python_requires",
        "install_requires",
        "extras_require",
        "entry_points",
    }
)
REQUIRED_FIELDS: Final = ("name", "version")
TEST_EXTRAS: Final = ("test", "tests", "testing")
_ENTRY: Final = re.compile(r"^\s*([^=\s][^=]*?)\s*=\s*(\S.*?)\s*$")


@dataclass(frozen=True, slots=True)
class Metadata:
    """A project's metadata, as a PEP 621 ``[project]`` table.

    Attributes:
        project: The ``[project]`` table found or built from setup.cfg/setup.py.
        source: The file(s) it came from, or None when nothing names the project.
        missing: ``setup()`` arguments whose values cannot be read without running
            ``setup.py``.
        test_requirements: What the project's tests need (``tests_require``, the
            ``test``/``tests``/``testing`` extras).
    """

    project: dict[str, object] = field(default_factory=dict[str, object])
    source: str | None = None
    missing: tuple[str, ...] = ()
    test_requirements: tuple[str, ...] = ()

    def text(self, key: str) -> str | None:
        """Return a non-empty string field of ``[project]``.

        Args:
            key: The field.

        Returns:
            The stripped string, or None.
        """
        value = self.project.get(key)
        return value.strip() if isinstance(value, str) and value.strip() else None

    def first_author(self) -> dict[str, object]:
        """Return the first entry of ``authors``.

        Returns:
            The entry (``name``/``email``), empty when there is none.
        """
        authors = self.project.get("authors")
        entries = cast("list[object]", authors) if isinstance(authors, list) else []
        return table(entries[0]) if entries else {}


def python_version(requires_python: str | None) -> str:
    """Choose the template's Python version from a ``requires-python`` specifier.

    The oldest supported version the specifier admits wins, so the adopted project
    keeps running where it ran; a specifier admitting none of them gets the default.

    Args:
        requires_python: The specifier, e.g. ``>=3.12``.

    Returns:
        ``3.12`` or ``3.13``.
    """
    if not requires_python:
        return DEFAULT_PYTHON
    try:
        specifier = SpecifierSet(requires_python)
    except InvalidSpecifier:
        return DEFAULT_PYTHON
    return next(
        (version for version in SUPPORTED_PYTHONS if f"{version}.0" in specifier),
        DEFAULT_PYTHON,
    )


def package_from_name(name: str) -> str:
    """Derive an import package name from a distribution name.

    Args:
        name: The distribution name, e.g. ``My-Project``.

    Returns:
        A lowercase identifier, e.g. ``my_project``.
    """
    package = re.sub(r"[^0-9a-zA-Z]+", "_", name).strip("_").lower()
    if not package or package[0].isdigit() or keyword.iskeyword(package):
        package = f"pkg_{package}"
    return package


def infer_answers(
    metadata: Metadata, package: str, fallback_name: str
) -> dict[str, str]:
    """Build template answers from metadata and the project's package.

    Args:
        metadata: What the project's metadata files say.
        package: The project's import package.
        fallback_name: The project directory's name, when no metadata names it.

    Returns:
        The answers ``copier`` receives; absent facts are left to the template.
    """
    author = metadata.first_author()
    emails = str(author.get("email") or "").split(",")
    answers = {
        "project_name": metadata.text("name") or fallback_name,
        "package_name": package,
        "python_version": python_version(metadata.text("requires-python")),
    }
    optional = {
        "description": (metadata.text("description") or "").splitlines()[:1],
        "author_name": str(author.get("name") or "").strip().splitlines()[:1],
        "author_email": [emails[0].strip()],
    }
    answers.update(
        {key: value[0] for key, value in optional.items() if value and value[0]}
    )
    return answers


def _lines(value: object) -> list[str]:
    """Read a list-valued setup argument: a list, or one string of lines or commas.

    Args:
        value: The argument.

    Returns:
        The non-empty entries.
    """
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[\n,]", value) if part.strip()]
    return [item.strip() for item in strings(value) if item.strip()]


def _entry_points(value: object) -> dict[str, dict[str, str]]:
    """Read ``entry_points``: a mapping of groups to ``name = target`` lines, or INI text.

    Args:
        value: The argument.

    Returns:
        Group → name → target.
    """
    groups: dict[str, list[str]] = {}
    if isinstance(value, str):
        group = ""
        for line in value.splitlines():
            header = re.fullmatch(r"\s*\[(.+)\]\s*", line)
            if header:
                group = header.group(1).strip()
            elif line.strip():
                groups.setdefault(group, []).append(line)
    else:
        groups = {key: _lines(item) for key, item in table(value).items()}
    return {
        group: {m.group(1): m.group(2) for line in lines if (m := _ENTRY.match(line))}
        for group, lines in groups.items()
        if group
    }


def _people(names: object, emails: object) -> list[dict[str, str]]:
    """Build PEP 621 ``authors``/``maintainers`` entries.

    Args:
        names: ``author``/``maintainer``.
        emails: ``author_email``/``maintainer_email`` (maybe comma-separated).

    Returns:
        One entry with the name and the first address, one per further address.
    """
    addresses = _lines(emails)
    name = names.strip() if isinstance(names, str) else ""
    first: dict[str, str] = {"name": name} if name else {}
    if addresses:
        first["email"] = addresses[0]
    people = [first] if first else []
    return people + [{"email": address} for address in addresses[1:]]


def _urls(setup: dict[str, object]) -> dict[str, str]:
    """Collect ``url``, ``download_url`` and ``project_urls``.

    Args:
        setup: The setup arguments.

    Returns:
        Label → URL.
    """
    urls = {
        label: str(setup[key]).strip()
        for key, label in (("url", "Homepage"), ("download_url", "Download"))
        if isinstance(setup.get(key), str) and str(setup[key]).strip()
    }
    given = setup.get("project_urls")
    if isinstance(given, str):
        given = {
            m.group(1): m.group(2)
            for line in given.splitlines()
            if (m := _ENTRY.match(line))
        }
    urls.update({key: str(value) for key, value in table(given).items()})
    return urls


def project_from_setup(
    setup: dict[str, object], readme: str | None
) -> dict[str, object]:
    """Turn ``setup()`` arguments (and setup.cfg's, same names) into ``[project]``.

    Args:
        setup: The arguments that could be read.
        readme: The README file to declare, if there is one.

    Returns:
        The ``[project]`` table, fields in PEP 621's usual order.
    """
    entry_points = _entry_points(setup.get("entry_points"))
    extras = {
        str(name): _lines(requirements)
        for name, requirements in table(setup.get("extras_require")).items()
    }
    license_text = setup.get("license")
    fields: dict[str, object] = {
        "name": setup.get("name"),
        "version": setup.get("version"),
        "description": setup.get("description"),
        "readme": readme,
        "requires-python": setup.get("python_requires"),
        "license": {"text": license_text}
        if isinstance(license_text, str) and license_text
        else None,
        "authors": _people(setup.get("author"), setup.get("author_email")),
        "maintainers": _people(setup.get("maintainer"), setup.get("maintainer_email")),
        "keywords": _lines(setup.get("keywords")),
        "classifiers": _lines(setup.get("classifiers")),
        "dependencies": _lines(setup.get("install_requires")),
        "optional-dependencies": extras,
        "urls": _urls(setup),
        "scripts": entry_points.pop("console_scripts", {}),
        "gui-scripts": entry_points.pop("gui_scripts", {}),
        "entry-points": entry_points,
    }
    return {
        key: value
        for key, value in fields.items()
        if value not in (None, "", [], {}) or key == "dependencies"
    }


def test_requirements(
    project: dict[str, object], setup: dict[str, object]
) -> tuple[str, ...]:
    """Collect what the project's tests need beyond the project itself.

    Args:
        project: The ``[project]`` table.
        setup: The ``setup()`` arguments (empty for a PEP 621 project).

    Returns:
        ``tests_require`` and the requirements of the test extras, in order.
    """
    extras = table(project, "optional-dependencies")
    found = _lines(setup.get("tests_require"))
    for name in TEST_EXTRAS:
        found.extend(strings(extras.get(name)))
    return tuple(dict.fromkeys(found))


CANONICAL_MODULES: Final = ("config.py", "exceptions.py", "logging.py")
# Rendered files that are the template's example application, never adopted.
_EXAMPLE_ONLY: Final = (".env.example",)
# A canonical file and the existing files that play its part under another name.
_ROLES: Final = {
    "README.md": re.compile(r"^readme(\.[a-z]+)?$", re.IGNORECASE),
    "Makefile": re.compile(r"^(gnu)?makefile$", re.IGNORECASE),
    "LICENSE": re.compile(r"^(licen[cs]e|copying)([.-][a-z0-9.-]+)?$", re.IGNORECASE),
}


def infrastructure(rendered: list[str], package: str, *, modules: bool) -> list[str]:
    """Choose the rendered files an adopted project receives.

    Everything but the template's package and tests (its example application):
    configuration, CI, the Dockerfile, the Makefile, the answers file; with
    ``modules``, also the canonical modules and the ``.env.example`` they read.

    Args:
        rendered: The rendered files, relative POSIX paths.
        package: The package name the template rendered under ``src/``.
        modules: Also adopt ``config.py``, ``exceptions.py`` and ``logging.py``.

    Returns:
        The chosen files, in the given order.
    """
    wanted = {f"src/{package}/{name}" for name in CANONICAL_MODULES if modules}
    return [
        path
        for path in rendered
        if path in wanted
        or (
            not path.startswith(("src/", "tests/"))
            and (modules or path not in _EXAMPLE_ONLY)
        )
    ]


def role_partner(canonical: str, existing: list[str]) -> str | None:
    """Find an existing file that plays a canonical file's part under another name.

    Args:
        canonical: The canonical file, e.g. ``README.md``.
        existing: The project's files at the root.

    Returns:
        The first such file (``README.rst`` for ``README.md``), or None.
    """
    role = _ROLES.get(canonical)
    if role is None:
        return None
    return next(
        (name for name in sorted(existing) if name != canonical and role.match(name)),
        None,
    )


__all__ = [
    "CANONICAL_MODULES",
    "DEFAULT_PYTHON",
    "METADATA_FIELDS",
    "PROJECT_FIELDS",
    "REQUIRED_FIELDS",
    "SUPPORTED_PYTHONS",
    "Metadata",
    "infer_answers",
    "infrastructure",
    "package_from_name",
    "project_from_setup",
    "python_version",
    "role_partner",
    "test_requirements",
]
