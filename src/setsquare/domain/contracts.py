"""Are a project's import contracts at least as strict as the canon's? Pure comparisons.

The canon's contracts (``[tool.importlinter]`` in ``canon.toml``) name the package as
``{package}``; they are compared with the project's after putting its root package
there. A project may add contracts, layers and forbidden modules; it may not drop a
canon contract, change its type, drop a layer, container, source or forbidden module,
add ignored imports, or allow indirect imports the canon forbids.
"""

import json
from typing import Final, cast

from setsquare.domain.toml_access import strings
from setsquare.domain.weakening import Weakening

PACKAGE: Final = "{package}"
_AREA: Final = "import-linter"
# Options whose every canon entry the project must keep.
_KEPT_ENTRIES: Final = ("containers", "source_modules", "forbidden_modules")


def _root_package(project: dict[str, object]) -> str | None:
    """Read the package the project's contracts are about.

    Args:
        project: The project's ``[tool.importlinter]`` table.

    Returns:
        ``root_package``, else the first of ``root_packages``, else None.
    """
    root = project.get("root_package")
    if isinstance(root, str) and root:
        return root
    return next(iter(strings(project.get("root_packages"))), None)


def _contracts(settings: dict[str, object]) -> list[dict[str, object]]:
    """List the contracts of an import-linter table.

    Args:
        settings: A ``[tool.importlinter]`` table.

    Returns:
        Its contracts (tables only).
    """
    found = settings.get("contracts")
    if not isinstance(found, list):
        return []
    return [
        cast("dict[str, object]", item)
        for item in cast("list[object]", found)
        if isinstance(item, dict)
    ]


def _matching(
    wanted: dict[str, object], contracts: list[dict[str, object]]
) -> dict[str, object] | None:
    """Find the project's version of a canon contract: same ``id``, else same name.

    Args:
        wanted: The canon's contract.
        contracts: The project's contracts.

    Returns:
        The match, or None.
    """
    for key in ("id", "name"):
        value = wanted.get(key)
        if value is None:
            continue
        match = next((c for c in contracts if c.get(key) == value), None)
        if match is not None:
            return match
    return None


def _in_order(wanted: list[str], actual: list[str]) -> bool:
    """Tell whether ``wanted`` appears within ``actual`` in the same order.

    Args:
        wanted: The canon's layers.
        actual: The project's layers (it may insert more).

    Returns:
        True when every canon layer is kept, in order.
    """
    remaining = iter(actual)
    return all(layer in remaining for layer in wanted)


def _loosened(wanted: dict[str, object], actual: dict[str, object]) -> list[str]:
    """Say how a project's contract is looser than the canon's.

    Args:
        wanted: The canon's contract, for the project's package.
        actual: The project's contract.

    Returns:
        One phrase per loosening.
    """
    found: list[str] = []
    if actual.get("type") != wanted.get("type"):
        found.append(f"is of type {actual.get('type')!r}, not {wanted.get('type')!r}")
    if not _in_order(strings(wanted.get("layers")), strings(actual.get("layers"))):
        found.append(
            "drops or reorders layers: " + " -> ".join(strings(wanted.get("layers")))
        )
    for key in _KEPT_ENTRIES:
        dropped = set(strings(wanted.get(key))) - set(strings(actual.get(key)))
        if dropped:
            found.append(f"drops {key}: {', '.join(sorted(dropped))}")
    ignored = set(strings(actual.get("ignore_imports"))) - set(
        strings(wanted.get("ignore_imports"))
    )
    if ignored:
        found.append(f"ignores imports: {', '.join(sorted(ignored))}")
    if actual.get("allow_indirect_imports") is True and (
        wanted.get("allow_indirect_imports") is not True
    ):
        found.append("allows indirect imports")
    return found


def contract_weakenings(
    project: dict[str, object], canon: dict[str, object]
) -> list[Weakening]:
    """Every canon import contract the project dropped or loosened.

    Args:
        project: The project's ``[tool.importlinter]`` table.
        canon: The canon's, naming the package ``{package}``.

    Returns:
        The weakenings, one per contract concerned.
    """
    wanted_contracts = _contracts(canon)
    if not wanted_contracts:
        return []
    package = _root_package(project)
    if package is None:
        return [
            Weakening(
                _AREA,
                "[tool.importlinter]",
                "is missing: the canon enforces the layers with import contracts",
            )
        ]
    instance = cast(
        "dict[str, object]", json.loads(json.dumps(canon).replace(PACKAGE, package))
    )
    actual_contracts = _contracts(project)
    found: list[Weakening] = []
    for wanted in _contracts(instance):
        label = str(wanted.get("id") or wanted.get("name"))
        actual = _matching(wanted, actual_contracts)
        if actual is None:
            found.append(Weakening(_AREA, label, f"is missing ({wanted.get('name')})"))
            continue
        found.extend(
            Weakening(_AREA, label, phrase) for phrase in _loosened(wanted, actual)
        )
    return found


__all__ = ["PACKAGE", "contract_weakenings"]
