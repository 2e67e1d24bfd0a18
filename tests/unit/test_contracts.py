"""Import contracts: conform's comparison with the canon, and the probe's chain reading."""

import json
from pathlib import Path
from typing import Final, cast

from setsquare.adapters.canon import load_canon
from setsquare.adapters.deptry import parse_output
from setsquare.adapters.project_probe import import_chains
from setsquare.domain.contracts import contract_weakenings
from setsquare.domain.strictness import ToolConfig

CANON: Final = ToolConfig.from_pyproject(load_canon()).importlinter
PACKAGE: Final = "shop"


def _project() -> dict[str, object]:
    """Return the canon's contracts as a rendered project named ``shop`` has them.

    Returns:
        A fresh ``[tool.importlinter]`` table.
    """
    text = json.dumps(CANON).replace("{package}", PACKAGE)
    return cast("dict[str, object]", json.loads(text))


def _contracts(table: dict[str, object]) -> list[dict[str, object]]:
    """List a table's contracts.

    Args:
        table: A ``[tool.importlinter]`` table.

    Returns:
        The contracts (the same objects, so a test can change them).
    """
    return cast("list[dict[str, object]]", table["contracts"])


def _contract(table: dict[str, object], contract_id: str) -> dict[str, object]:
    """Find a contract by id.

    Args:
        table: A ``[tool.importlinter]`` table.
        contract_id: The id.

    Returns:
        The contract (the same object, so a test can change it).
    """
    (found,) = [c for c in _contracts(table) if c.get("id") == contract_id]
    return found


def test_contract_weakenings_when_the_canon_is_rendered_then_none() -> None:
    """The contracts as the template renders them conform."""
    assert contract_weakenings(_project(), CANON) == []


def test_contract_weakenings_when_the_table_is_deleted_then_reported() -> None:
    """Without ``[tool.importlinter]`` the layers are unchecked: a weakening."""
    found = contract_weakenings({}, CANON)

    assert [(w.area, w.setting) for w in found] == [
        ("import-linter", "[tool.importlinter]")
    ]


def test_contract_weakenings_when_loosened_then_each_change_is_named() -> None:
    """A dropped layer, an ignored import, indirect imports and a deleted contract."""
    project = _project()
    layers = _contract(project, "layers")
    layers["layers"] = ["api", "services", "domain", "utils"]
    layers["ignore_imports"] = ["shop.domain.text -> shop.adapters.files"]
    pure = _contract(project, "pure-domain")
    pure["allow_indirect_imports"] = True
    pure["forbidden_modules"] = ["shop.config"]

    found = [(w.setting, w.message) for w in contract_weakenings(project, CANON)]

    assert found == [
        (
            "layers",
            "drops or reorders layers: api -> services -> adapters -> domain -> utils",
        ),
        ("layers", "ignores imports: shop.domain.text -> shop.adapters.files"),
        ("pure-domain", "drops forbidden_modules: shop.logging"),
        ("pure-domain", "allows indirect imports"),
    ]
    _ = _contracts(project).pop()
    missing = [w.message for w in contract_weakenings(project, CANON)]
    assert missing[-1] == (
        "is missing (domain and utils read no settings and set up no logging)"
    )


def test_contract_weakenings_when_stricter_then_none() -> None:
    """More layers, more forbidden modules and more contracts are fine."""
    project = _project()
    layers = _contract(project, "layers")
    layers["layers"] = ["api", "services", "adapters", "ports", "domain", "utils"]
    pure = _contract(project, "pure-domain")
    pure["forbidden_modules"] = ["shop.config", "shop.logging", "shop.api"]

    assert contract_weakenings(project, CANON) == []


def test_import_chains_when_layers_and_forbidden_metadata_then_first_links_found() -> (
    None
):
    """Each contract type nests its chains differently; all are found."""
    link = {"importer": "p.domain", "imported": "p.adapters.x", "line_numbers": [6]}
    later = {"importer": "p.adapters.x", "imported": "p.api", "line_numbers": [2]}
    layers = {
        "invalid_dependencies": [
            {
                "routes": [
                    {"chain": [link, later], "extra_firsts": [], "extra_lasts": [later]}
                ]
            }
        ],
        "undeclared_modules": [],
    }
    forbidden = {"invalid_chains": [{"chains": [[link]]}]}

    assert import_chains(layers) == [[link, later]]
    assert import_chains(forbidden) == [[link]]
    assert import_chains({"kept": True}) == []


def test_parse_output_when_an_unused_dependency_has_no_line_then_its_declaration_is(
    tmp_path: Path,
) -> None:
    """DEP002 points at the configuration; the line quoting the name is found."""
    _ = (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "p"\ndependencies = [\n    "asyncpg>=0.30",\n]\n',
        encoding="utf-8",
    )
    report = (
        '[{"error": {"code": "DEP002", "message": "\'asyncpg\' unused"},'
        ' "module": "asyncpg",'
        ' "location": {"file": "pyproject.toml", "line": null, "column": null}},'
        ' {"error": {"code": "DEP001", "message": "\'x\' missing"}, "module": "x",'
        ' "location": {"file": "src/p/a.py", "line": 3, "column": 8}}]'
    )

    found = [(d.code, d.path, d.line, d.column) for d in parse_output(tmp_path, report)]

    assert found == [("DEP002", "pyproject.toml", 4, 1), ("DEP001", "src/p/a.py", 3, 8)]
