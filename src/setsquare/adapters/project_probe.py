"""Run inside a child process: tools that must see the checked project's modules.

``import_linter.check`` and ``deptry.check`` start this module with setsquare's own
interpreter (``python -m setsquare.adapters.project_probe``), where import-linter and
deptry are installed, so neither needs to be installed in the project:

- ``imports OUT DIR...`` puts the project's source directories first on ``sys.path``
  (import-linter finds packages the way ``import`` would, and never executes them),
  checks the contracts of the project's configuration and writes every broken import
  chain to ``OUT`` as JSON;
- ``deptry DIR... -- ARGS`` puts the project environment's ``site-packages`` last on
  ``sys.path`` (deptry maps distributions to modules through their metadata, and
  setsquare's own packages keep precedence) and runs deptry's command line.
"""

import importlib.util
import json
import runpy
import sys
from pathlib import Path
from typing import Final, cast

_LINK_KEYS: Final = frozenset({"importer", "imported", "line_numbers"})
# Layer routes also list the last links of alternative routes: the violation starts
# at the first links, which ``chain`` and ``extra_firsts`` hold.
_SKIPPED_KEYS: Final = frozenset({"extra_lasts"})


def _is_link(value: object) -> bool:
    """Tell whether a metadata value is one import: importer, imported, line numbers.

    Args:
        value: A value of a contract check's metadata.

    Returns:
        True for an import-linter link dictionary.
    """
    return (
        isinstance(value, dict) and set(cast("dict[str, object]", value)) >= _LINK_KEYS
    )


def import_chains(metadata: object) -> list[list[dict[str, object]]]:
    """Find every chain of imports in a broken contract's metadata.

    Every built-in contract type reports its violations as lists of links (nested
    differently per type); this walks the metadata and collects them all.

    Args:
        metadata: ``ContractCheck.metadata``.

    Returns:
        The chains, each a non-empty list of links.
    """
    if isinstance(metadata, list):
        items = cast("list[object]", metadata)
        if items and all(_is_link(item) for item in items):
            return [[cast("dict[str, object]", item) for item in items]]
        return [chain for item in items for chain in import_chains(item)]
    if isinstance(metadata, dict):
        table = cast("dict[str, object]", metadata)
        return [
            chain
            for key, value in table.items()
            if key not in _SKIPPED_KEYS
            for chain in import_chains(value)
        ]
    return []


def module_path(module: str) -> str | None:
    """Locate a module's source file without importing it (or its parents).

    Args:
        module: A dotted module name.

    Returns:
        The file's path, or None when the module cannot be found.
    """
    top, *rest = module.split(".")
    spec = importlib.util.find_spec(top)
    if spec is None:
        return None
    locations = spec.submodule_search_locations
    if not locations:
        return spec.origin if not rest else None
    base = Path(next(iter(locations)), *rest)
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return str(candidate)
    return None


def _violations(metadata: object) -> list[dict[str, object]]:
    """Turn a broken contract's chains into located violations.

    Args:
        metadata: ``ContractCheck.metadata``.

    Returns:
        One entry per chain: the first import's file and lines, and the chain.
    """
    found: list[dict[str, object]] = []
    for chain in import_chains(metadata):
        first = chain[0]
        importer = str(first["importer"])
        lines = cast("list[object]", first["line_numbers"])
        found.append(
            {
                "importer": importer,
                "imported": str(chain[-1]["imported"]),
                "path": module_path(importer),
                "lines": [line for line in lines if isinstance(line, int)],
                "chain": [importer, *(str(link["imported"]) for link in chain)],
            }
        )
    return found


def check_contracts(output: Path) -> int:
    """Check the import contracts of the configuration in the working directory.

    Args:
        output: Where to write the JSON result.

    Returns:
        0 when the result was written (it may hold broken contracts), 2 when
        import-linter could not run (its error is on stderr).
    """
    from importlinter import configuration  # noqa: PLC0415 - the child's own import

    configuration.configure()
    from importlinter.application import use_cases  # noqa: PLC0415 - after configure

    try:
        options = use_cases.read_user_options()
    except FileNotFoundError:
        _ = output.write_text(json.dumps({"configured": False}), encoding="utf-8")
        return 0
    try:
        use_cases._register_built_in_contract_types()  # noqa: SLF001 # pyright: ignore[reportPrivateUsage] - what lint-imports does first
        report = use_cases.create_report(options, cache_dir=None)
    except Exception as error:  # noqa: BLE001 - any failure is the tool's one-line error
        print(f"{type(error).__name__}: {error}", file=sys.stderr)  # noqa: T201 - the child's error channel
        return 2
    invalid = {
        name: str(cast("object", error.errors))
        for name, error in report.invalid_contract_options.items()
    }
    contracts: list[dict[str, object]] = []
    for contract, check in report.get_contracts_and_checks():
        settings = cast("dict[str, object]", contract.contract_options)
        contracts.append(
            {
                "name": contract.name,
                "type": str(settings.get("type") or ""),
                "id": str(settings.get("id") or ""),
                "kept": check.kept,
                "warnings": list(check.warnings),
                "violations": [] if check.kept else _violations(check.metadata),
            }
        )
    result = {"configured": True, "invalid": invalid, "contracts": contracts}
    _ = output.write_text(json.dumps(result), encoding="utf-8")
    return 0


def run_deptry(site_packages: list[str], arguments: list[str]) -> int:
    """Run deptry's command line with the project's distributions visible.

    Args:
        site_packages: The project environment's ``site-packages`` directories.
        arguments: deptry's arguments.

    Returns:
        deptry's exit status.
    """
    sys.path.extend(site_packages)
    sys.argv = ["deptry", *arguments]
    try:
        _ = runpy.run_module("deptry", run_name="__main__", alter_sys=True)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    return 0


def main(argv: list[str]) -> int:
    """Dispatch ``imports`` or ``deptry``.

    Args:
        argv: The arguments after the module name.

    Returns:
        The exit status.
    """
    command, *rest = argv
    if command == "imports":
        output, *directories = rest
        sys.path[:0] = directories
        return check_contracts(Path(output))
    separator = rest.index("--")
    return run_deptry(rest[:separator], rest[separator + 1 :])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


__all__ = ["check_contracts", "import_chains", "main", "module_path", "run_deptry"]
