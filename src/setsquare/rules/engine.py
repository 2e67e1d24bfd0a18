"""Run the SQ rules over source files and a project root, producing diagnostics."""

from collections.abc import Iterable, Mapping
from pathlib import Path

from setsquare.domain.diagnostics import TOOL_SETSQUARE, Diagnostic
from setsquare.rules import all_rules
from setsquare.rules.base import ProjectFiles, Rule, RuleFinding, SourceModule


def _diagnostic(rule: Rule, finding: RuleFinding, path: str) -> Diagnostic:
    """Turn a rule's finding into the common diagnostic.

    Args:
        rule: The rule that found it.
        finding: The finding.
        path: The file it is about (relative to the root).

    Returns:
        The diagnostic.
    """
    return Diagnostic(
        tool=TOOL_SETSQUARE,
        code=rule.code,
        severity=finding.severity or rule.severity,
        path=finding.path or path,
        line=finding.line,
        column=finding.column,
        end_line=finding.end_line,
        end_column=finding.end_column,
        message=finding.message,
    )


def check_sources(
    root: Path, sources: Mapping[Path, bytes], rules: Iterable[Rule] | None = None
) -> list[Diagnostic]:
    """Run every module rule over every source file.

    A file that does not decode or parse is skipped by the rules that need its
    syntax tree (ruff reports the error itself); file-level rules still run.

    Args:
        root: The project root (paths are reported relative to it).
        sources: Each file's absolute path and bytes.
        rules: The rules to run; every module rule by default.

    Returns:
        The findings.
    """
    selected = [
        rule
        for rule in (all_rules() if rules is None else rules)
        if rule.check_module is not None
    ]
    found: list[Diagnostic] = []
    for path, data in sources.items():
        module = SourceModule(root, path, data)
        for rule in selected:
            if rule.check_module is not None:
                found.extend(
                    _diagnostic(rule, finding, module.relpath)
                    for finding in rule.check_module(module)
                )
    return found


def check_project(root: Path, rules: Iterable[Rule] | None = None) -> list[Diagnostic]:
    """Run every project rule over the project root.

    Args:
        root: The project root (it holds ``pyproject.toml``).
        rules: The rules to run; every project rule by default.

    Returns:
        The findings.
    """
    project = ProjectFiles(root)
    found: list[Diagnostic] = []
    for rule in all_rules() if rules is None else rules:
        if rule.check_project is not None:
            found.extend(
                _diagnostic(rule, finding, finding.path or "pyproject.toml")
                for finding in rule.check_project(project)
            )
    return found


__all__ = ["check_project", "check_sources"]
