"""The SQ rules: the registry, and every rule's bad example flagged, good example clean."""

from collections.abc import Sequence
from pathlib import Path

import pytest

from setsquare.domain.diagnostics import Diagnostic
from setsquare.rules import Rule, all_rules, get_rule
from setsquare.rules.engine import check_project, check_sources
from tests.support.checking import write_tree

RULES = all_rules()
MODULE_RULES = tuple(rule for rule in RULES if rule.scope == "module")


def run_rules(
    root: Path, tree: dict[str, str], rules: Sequence[Rule]
) -> list[Diagnostic]:
    """Write a tree of files and run the given rules over it.

    Args:
        root: An empty directory.
        tree: The files.
        rules: The rules to run.

    Returns:
        The findings of module and project rules.
    """
    _ = write_tree(root, dict(tree))
    sources = {
        path: path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.suffix in {".py", ".pyi"}
    }
    return check_sources(root, sources, rules) + check_project(root, rules)


def test_registry_when_loaded_then_codes_are_sequential_and_documented() -> None:
    """Codes run SQ001... without gaps; every rule has a summary, rationale and examples."""
    assert [rule.code for rule in RULES] == [
        f"SQ{n:03d}" for n in range(1, len(RULES) + 1)
    ]
    for rule in RULES:
        assert rule.summary, rule.code
        assert len(rule.rationale) > 80, rule.code
        assert rule.bad, rule.code
        assert rule.good, rule.code
        assert (rule.check_module is None) != (rule.check_project is None), rule.code


def test_get_rule_when_code_is_lowercase_then_finds_it() -> None:
    """Codes are matched case-insensitively; unknown codes give None."""
    found = get_rule("sq001")
    assert found is not None
    assert found.code == "SQ001"
    assert get_rule("SQ999") is None


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_rule_when_bad_example_then_flagged(rule: Rule, tmp_path: Path) -> None:
    """Each rule reports its own bad example."""
    found = run_rules(tmp_path, dict(rule.bad), [rule])
    assert [d.code for d in found if d.code == rule.code], rule.code


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_rule_when_good_example_then_clean(rule: Rule, tmp_path: Path) -> None:
    """Each rule accepts its own good example."""
    assert run_rules(tmp_path, dict(rule.good), [rule]) == []


@pytest.mark.parametrize("rule", MODULE_RULES, ids=[rule.code for rule in MODULE_RULES])
def test_good_example_when_all_module_rules_run_then_clean(
    rule: Rule, tmp_path: Path
) -> None:
    """A good example is good for every module rule, not just its own."""
    assert run_rules(tmp_path, dict(rule.good), MODULE_RULES) == []


def test_engine_when_file_undecodable_or_broken_then_no_crash(tmp_path: Path) -> None:
    """Unparseable files are skipped by syntax rules; file-name rules still run."""
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    _ = (tmp_path / "src" / "pkg" / "legacy_old.py").write_bytes(b"\xff\xfe def (:\n")
    _ = (tmp_path / "src" / "pkg" / "broken.py").write_text("def f(:\n    pass\n")
    found = check_sources(
        tmp_path, {path: path.read_bytes() for path in (tmp_path / "src").rglob("*.py")}
    )
    assert [(d.path, d.code) for d in found] == [("src/pkg/legacy_old.py", "SQ014")]


def test_engine_when_finding_then_diagnostic_is_relative_and_tagged(
    tmp_path: Path,
) -> None:
    """SQ findings carry tool, code, default severity, relative path and position."""
    rule = get_rule("SQ006")
    assert rule is not None
    (finding,) = run_rules(tmp_path, dict(rule.bad), [rule])
    assert finding.tool == "setsquare"
    assert finding.severity == "error"
    assert (finding.path, finding.line, finding.column) == (
        "src/shop/billing.py",
        5,
        10,
    )
    assert finding.fix == "none"
