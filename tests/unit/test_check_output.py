"""The report formats, rendered from a hand-made report (no tools run)."""

import json
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from setsquare.api.check_output import (
    render,
    render_github,
    render_human,
    render_json,
    render_junit,
    render_rule,
    render_rules,
    render_sarif,
)
from setsquare.domain.diagnostics import CheckReport, Diagnostic, ToolRun
from setsquare.rules import all_rules, get_rule
from tests.support.checking import SARIF_SCHEMA, VENV_BIN, items, loads

REPORT_SCHEMA = (
    Path(__file__).parents[2] / "src" / "setsquare" / "api" / "check_report.schema.json"
)
TOOLS = (
    ToolRun("ruff-format", "0.17.6", 0.01, 0),
    ToolRun("ruff-check", "0.17.6", 0.02, 1),
    ToolRun("basedpyright", "1.40.2", 1.5, 1),
    ToolRun("setsquare", "0.1.0", 0.03, 1),
)
DIAGNOSTICS = (
    Diagnostic(
        "ruff-check",
        "F401",
        "error",
        "src/a b.py",
        1,
        8,
        "`os` imported but unused",
        1,
        10,
        "safe",
        "https://docs.astral.sh/ruff/rules/unused-import",
        "f1",
    ),
    Diagnostic(
        "basedpyright",
        "reportAny",
        "warning",
        "src/a b.py",
        3,
        5,
        'Type of "x" is Any\n  50% sure, really: yes',
        3,
        6,
        fingerprint="f2",
    ),
    Diagnostic(
        "setsquare",
        "SQ016",
        "info",
        "tests/test_a.py",
        4,
        1,
        "rename",
        fingerprint="f3",
    ),
)
REPORT = CheckReport("/work/p", DIAGNOSTICS, TOOLS, 2, 1.6, baselined=2, notes=("n",))
EMPTY = CheckReport("/work/p", (), TOOLS[:1], 0, 0.2)


def validate(
    schema: Path, document: str, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    """Validate a document with the real check-jsonschema (no network).

    Args:
        schema: The schema file.
        document: The JSON text.
        tmp_path: Where to write the document.

    Returns:
        The finished check-jsonschema run.
    """
    instance = tmp_path / "instance.json"
    _ = instance.write_text(document, encoding="utf-8")
    return subprocess.run(  # noqa: S603 - fixed argument list
        [
            str(VENV_BIN / "check-jsonschema"),
            "--schemafile",
            str(schema),
            str(instance),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("report", [REPORT, EMPTY], ids=["findings", "clean"])
def test_json_when_rendered_then_valid_against_documented_schema(
    report: CheckReport, tmp_path: Path
) -> None:
    """The JSON report follows ``check_report.schema.json``."""
    completed = validate(REPORT_SCHEMA, render_json(report), tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_json_when_rendered_then_carries_summary_and_every_field() -> None:
    """Counts, baseline figures and diagnostics appear as documented."""
    document = loads(render_json(REPORT))
    assert document["summary"] == {
        "error": 1,
        "warning": 1,
        "info": 1,
        "total": 3,
        "baselined": 2,
        "stale_baseline": 0,
    }
    first = items(document["diagnostics"])[0]
    assert first["end_column"] == 10
    assert first["fix"] == "safe"
    assert document["exit_code"] == 1


@pytest.mark.parametrize("report", [REPORT, EMPTY], ids=["findings", "clean"])
def test_sarif_when_rendered_then_valid_against_sarif_schema(
    report: CheckReport, tmp_path: Path
) -> None:
    """The SARIF log validates against the OASIS SARIF 2.1.0 schema."""
    completed = validate(SARIF_SCHEMA, render_sarif(report), tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_sarif_when_rendered_then_one_run_per_tool_with_rules_and_regions() -> None:
    """Each tool is a run; results point at rules, regions and fingerprints."""
    runs = items(loads(render_sarif(REPORT))["runs"])
    assert [json.dumps(run["tool"]).count('"name"') for run in runs] == [1, 1, 1, 1]
    setsquare_run = json.dumps(runs[3])
    assert "Test names read" in setsquare_run
    result = items(runs[1]["results"])[0]
    assert result["level"] == "error"
    assert result["partialFingerprints"] == {"setsquare/v1": "f1"}
    assert json.dumps(result["locations"]).count('"uri": "src/a%20b.py"') == 1
    assert items(runs[2]["results"])[0]["level"] == "warning"


def test_github_when_rendered_then_annotations_escape_special_characters() -> None:
    """Messages escape ``%`` and newlines; properties also ``:`` and ``,``."""
    assert render_github(REPORT).splitlines() == [
        "::error file=src/a b.py,line=1,col=8,endLine=1,endColumn=10,"
        + "title=ruff-check F401::`os` imported but unused",
        "::warning file=src/a b.py,line=3,col=5,endLine=3,endColumn=6,"
        + 'title=basedpyright reportAny::Type of "x" is Any%0A  50%25 sure, really: yes',
        "::notice file=tests/test_a.py,line=4,col=1,title=setsquare SQ016::rename",
    ]


def test_junit_when_rendered_then_suites_per_tool_and_failures_per_finding() -> None:
    """Errors and warnings fail their test case; notes pass with output."""
    root = ElementTree.fromstring(render_junit(REPORT))  # noqa: S314 - our own output
    suites = {suite.get("name"): suite for suite in root}
    assert root.get("failures") == "2"
    assert suites["ruff-format"].get("tests") == "1"
    assert suites["ruff-check"].find("testcase/failure") is not None
    assert suites["setsquare"].find("testcase/failure") is None
    assert suites["setsquare"].find("testcase/system-out") is not None


def test_human_when_rendered_then_grouped_by_file_with_tool_summaries() -> None:
    """Paths head their findings, continuation lines align with the message."""
    assert render_human(REPORT).splitlines() == [
        "src/a b.py",
        "        1:8  error   ruff-check   F401       `os` imported but unused [fixable]",
        '        3:5  warning basedpyright reportAny  Type of "x" is Any',
        "                                             50% sure, really: yes",
        "tests/test_a.py",
        "        4:1  info    setsquare    SQ016      rename",
        "ruff-format   0.17.6      0 findings    0.01 s",
        "ruff-check    0.17.6       1 finding    0.02 s",
        "basedpyright  1.40.2       1 finding    1.50 s",
        "setsquare     0.1.0        1 finding    0.03 s",
        "n",
        "1 error, 1 warning, 1 note in 2 files (1.60 s, 2 baselined)",
    ]
    colored = render_human(REPORT, color=True)
    assert "\x1b[1;31merror  \x1b[0m" in colored
    assert colored.endswith("\x1b[0m\n")
    assert render(EMPTY, "human").endswith("0 errors, 0 warnings in 0 files (0.20 s)\n")


def test_rules_when_rendered_then_list_and_examples_are_printed() -> None:
    """``setsquare rules`` lists every rule; one rule shows bad and good files."""
    listing = render_rules(all_rules())
    assert listing.count("\n") == len(all_rules())
    rule = get_rule("SQ012")
    assert rule is not None
    text = render_rule(rule)
    assert "Bad:\n  --- src/shop/table.py" in text
    assert "more lines)" in text
    assert "``" not in text
