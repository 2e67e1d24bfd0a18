"""import-linter, through ``process.run``: the project's import contracts (its layers).

The contracts come from the project's own configuration (``[tool.importlinter]`` in
``pyproject.toml``, ``.importlinter`` or ``setup.cfg``). Each broken import chain
becomes a finding at the import that starts it, coded with the contract's ``id``
(else its type) and naming the contract; a project without contracts gets a note.
"""

import json
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Final, cast

from setsquare.adapters.process import run
from setsquare.adapters.ruff import ToolFailedError, ToolOutcome, relative
from setsquare.domain.diagnostics import TOOL_IMPORT_LINTER, Diagnostic
from setsquare.exceptions import ExternalServiceError

PROBE: Final = "setsquare.adapters.project_probe"
URL: Final = "https://import-linter.readthedocs.io/en/stable/contract_types.html"
NOT_CONFIGURED: Final = "import-linter: no import contracts configured ([tool.importlinter]); layers unchecked"


def source_directories(root: Path) -> list[str]:
    """List where the project's top-level packages live, ``src/`` first.

    Args:
        root: The project root.

    Returns:
        ``<root>/src`` when it exists, then the root.
    """
    return [str(path) for path in (root / "src", root) if path.is_dir()]


def _contract_line(root: Path, name: str) -> int:
    """Find the line of ``pyproject.toml`` that names a contract.

    Args:
        root: The project root.
        name: The contract's name.

    Returns:
        The 1-based line, or 1 when it is not there (another configuration file).
    """
    path = root / "pyproject.toml"
    if not path.is_file():
        return 1
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    quoted = json.dumps(name)
    return next((number for number, line in enumerate(lines, 1) if quoted in line), 1)


def _findings(root: Path, contract: dict[str, object]) -> list[Diagnostic]:
    """Map one broken contract to findings.

    Args:
        root: The project root.
        contract: The probe's record of the contract.

    Returns:
        One finding per import that starts a forbidden chain; a contract that is
        broken without chains (an exhaustive layer left undeclared) is reported
        at its definition.
    """
    name = str(contract["name"])
    code = str(contract.get("id") or contract.get("type") or "contract")
    violations = cast("list[dict[str, object]]", contract["violations"])
    found: list[Diagnostic] = []
    for violation in violations:
        chain = " -> ".join(cast("list[str]", violation["chain"]))
        path = violation.get("path")
        lines = cast("list[int]", violation["lines"]) or [1]
        message = f"{name}: {chain}"
        found.extend(
            Diagnostic(
                tool=TOOL_IMPORT_LINTER,
                code=code,
                severity="error",
                path=relative(root, str(path)) if path else "pyproject.toml",
                line=line,
                column=1,
                message=message,
                url=URL,
            )
            for line in lines
        )
    if not found:
        found.append(
            Diagnostic(
                tool=TOOL_IMPORT_LINTER,
                code=code,
                severity="error",
                path="pyproject.toml",
                line=_contract_line(root, name),
                column=1,
                message=f"{name}: contract broken",
                url=URL,
            )
        )
    return found


def _parse(root: Path, data: dict[str, object]) -> tuple[list[Diagnostic], list[str]]:
    """Turn the probe's result into findings and notes.

    Args:
        root: The project root.
        data: The probe's JSON result.

    Returns:
        The findings and the notes (contract warnings, or no contracts at all).

    Raises:
        ValueError: When a contract's options are invalid.
    """
    if not data.get("configured"):
        return [], [NOT_CONFIGURED]
    invalid = cast("dict[str, str]", data.get("invalid") or {})
    if invalid:
        detail = "; ".join(f"{name}: {errors}" for name, errors in invalid.items())
        msg = f"invalid contract options: {detail}"
        raise ValueError(msg)
    contracts = cast("list[dict[str, object]]", data["contracts"])
    found = [
        finding
        for contract in contracts
        if not contract["kept"]
        for finding in _findings(root, contract)
    ]
    notes = [
        f"import-linter: {contract['name']}: {warning}"
        for contract in contracts
        for warning in cast("list[str]", contract["warnings"])
    ]
    return found, notes


def check(root: Path) -> ToolOutcome:
    """Check the project's import contracts.

    Args:
        root: The project root (the working directory).

    Returns:
        The outcome.

    Raises:
        ToolFailedError: When import-linter cannot run: a package it cannot find,
            a configuration it rejects, a crash.
        ExternalServiceError: When its result is unusable (invalid contract options).
    """
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="setsquare-imports-") as folder:
        output = Path(folder) / "contracts.json"
        command = [sys.executable, "-m", PROBE, "imports", str(output)]
        completed = run(
            [*command, *source_directories(root)],
            cwd=root,
            check=False,
            background=True,
        )
        if completed.returncode != 0:
            raise ToolFailedError(TOOL_IMPORT_LINTER, completed)
        try:
            data = cast(
                "dict[str, object]", json.loads(output.read_text(encoding="utf-8"))
            )
            found, notes = _parse(root, data)
        except (OSError, ValueError, KeyError, TypeError) as error:
            msg = f"{TOOL_IMPORT_LINTER} failed: {error}"
            raise ExternalServiceError(msg) from error
    return ToolOutcome(
        tuple(found), time.monotonic() - started, version("import-linter"), tuple(notes)
    )


__all__ = ["NOT_CONFIGURED", "check", "source_directories"]
