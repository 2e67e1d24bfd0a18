"""``setsquare check`` end to end: real ruff, real basedpyright, real files."""

import json
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import cast
from urllib.parse import unquote

import pytest

from setsquare.adapters.canon import load_canon
from setsquare.rules import all_rules
from tests.support.checking import (
    VENV_BIN,
    clean_project,
    copy_violations,
    items,
    loads,
    obj,
    raw_json,
    write_tree,
)
from tests.support.cli import Cli

pytestmark = pytest.mark.integration

Finding = tuple[str, str, int, int, str]

STRICT_REPORTS = (
    "reportAny",
    "reportExplicitAny",
    "reportMissingParameterType",
    "reportUnknownParameterType",
    "reportUnusedCallResult",
    "reportPrivateUsage",
    "reportDeprecated",
    "reportImplicitOverride",
    "reportIncompatibleMethodOverride",
    "reportOptionalMemberAccess",
    "reportArgumentType",
    "reportReturnType",
    "reportUnnecessaryIsInstance",
    "reportImplicitStringConcatenation",
    "reportMissingTypeArgument",
    "reportUnannotatedClassAttribute",
)
_GITHUB_PATTERN = (
    r"^::(?:error|warning|notice) file=(?P<path>[^,]*),line=(?P<line>\d+),"
    r"col=(?P<col>\d+),(?:endLine=\d+,)?(?:endColumn=\d+,)?"
    r"title=(?P<tool>\S+) (?P<code>\S+)::"
)
_GITHUB = re.compile(_GITHUB_PATTERN)


def canon_families() -> list[str]:
    """Return the rule families (and preview rules' families) the canon selects.

    Returns:
        E.g. ``["F", "E", ..., "DOC"]``.
    """
    lint = obj(obj(obj(load_canon()["tool"])["ruff"])["lint"])
    selected = cast("list[str]", lint["select"]) + cast(
        "list[str]", lint["extend-select"]
    )
    return sorted(
        {
            re.sub(r"\d+$", "", code) if code.startswith("DOC") else code
            for code in selected
        }
    )


def raw_ruff(root: Path, *args: str) -> Counter[Finding]:
    """Run raw ruff with JSON output and count its findings by position.

    Args:
        root: The project.
        *args: ``check`` or ``format --check``.

    Returns:
        ``(tool, path, line, column, code)`` counts.
    """
    tool = "ruff-check" if args[0] == "check" else "ruff-format"
    found: Counter[Finding] = Counter()
    for item in items(raw_json(root, "ruff", *args, "--output-format", "json")):
        location = (
            obj(item["location"]) if item["location"] else {"row": 1, "column": 1}
        )
        row, column = int(str(location["row"])), int(str(location["column"]))
        path = Path(str(item["filename"])).relative_to(root).as_posix()
        found[tool, path, row, column, str(item["code"])] += 1
    return found


def raw_basedpyright(root: Path) -> Counter[Finding]:
    """Run raw basedpyright with JSON output and count its findings by position.

    Args:
        root: The project.

    Returns:
        ``(tool, path, line, column, rule)`` counts (1-based, like setsquare's).
    """
    report = obj(raw_json(root, "basedpyright", "--outputjson"))
    found: Counter[Finding] = Counter()
    for item in items(report["generalDiagnostics"]):
        start = obj(obj(item["range"])["start"])
        line, character = int(str(start["line"])), int(str(start["character"]))
        path = Path(str(item["file"])).relative_to(root).as_posix()
        rule = str(item.get("rule") or "no-rule")
        found["basedpyright", path, line + 1, character + 1, rule] += 1
    return found


def raw_deptry(root: Path) -> Counter[Finding]:
    """Run raw deptry on ``src`` with JSON output and count its findings by position.

    Args:
        root: The project.

    Returns:
        ``(tool, path, line, column, code)`` counts.
    """
    output = root.parent / "deptry.json"
    _ = subprocess.run(  # noqa: S603 - fixed argument list
        [str(VENV_BIN / "deptry"), "src", "--json-output", str(output)],
        cwd=root,
        capture_output=True,
        check=False,
    )
    found: Counter[Finding] = Counter()
    for item in items(cast("object", json.loads(output.read_text(encoding="utf-8")))):
        location = obj(item["location"])
        code = str(obj(item["error"])["code"])
        line, column = int(str(location["line"])), int(str(location["column"]))
        found["deptry", str(location["file"]), line, column, code] += 1
    return found


def ours(document: dict[str, object], tool: str) -> Counter[Finding]:
    """Count setsquare's JSON findings of one tool by position.

    Args:
        document: setsquare's JSON report.
        tool: The tool.

    Returns:
        ``(tool, path, line, column, code)`` counts.
    """
    return Counter(
        (
            tool,
            str(d["path"]),
            int(str(d["line"])),
            int(str(d["column"])),
            str(d["code"]),
        )
        for d in items(document["diagnostics"])
        if d["tool"] == tool
    )


def sarif_findings(document: dict[str, object]) -> Counter[Finding]:
    """Count a SARIF log's results by tool and position.

    Args:
        document: The SARIF log.

    Returns:
        ``(tool, path, line, column, rule)`` counts.
    """
    found: Counter[Finding] = Counter()
    for run in items(document["runs"]):
        tool = str(obj(obj(run["tool"])["driver"])["name"])
        for result in items(run["results"]):
            physical = obj(items(result["locations"])[0]["physicalLocation"])
            uri = unquote(str(obj(physical["artifactLocation"])["uri"]))
            region = obj(physical["region"])
            line, column = (
                int(str(region["startLine"])),
                int(str(region["startColumn"])),
            )
            found[tool, uri, line, column, str(result["ruleId"])] += 1
    return found


def test_check_when_violations_project_then_every_output_matches_the_raw_tools(
    tmp_path: Path, cli: Cli
) -> None:
    """JSON, SARIF and GitHub outputs carry exactly the raw tools' findings."""
    root = copy_violations(tmp_path / "violations")
    result = cli(["check", "--format", "json"], root)
    assert result.code == 1, result.stderr
    document = loads(result.stdout)
    raw = {
        "ruff-check": raw_ruff(root, "check"),
        "ruff-format": raw_ruff(root, "format", "--check"),
        "basedpyright": raw_basedpyright(root),
        "deptry": raw_deptry(root),
    }
    for tool, expected in raw.items():
        assert ours(document, tool) == expected, tool
    sarif = cli(["check", "--format", "sarif"], root)
    assert (sarif.code, sarif.stderr) == (1, "")
    expected_all = sum(raw.values(), Counter[Finding]()) + ours(document, "setsquare")
    assert sarif_findings(loads(sarif.stdout)) == expected_all
    github = cli(["check", "--format", "github"], root)
    assert (github.code, github.stderr) == (1, "")
    annotations = Counter(
        (m["tool"], m["path"], int(m["line"]), int(m["col"]), m["code"])
        for m in map(_GITHUB.match, github.stdout.splitlines())
        if m is not None
    )
    assert annotations == expected_all
    assert len(github.stdout.splitlines()) == sum(expected_all.values())


def test_check_when_violations_project_then_every_family_and_report_is_found(
    tmp_path: Path, cli: Cli
) -> None:
    """Each ruff family of the canon and each strict basedpyright report fires."""
    root = copy_violations(tmp_path / "violations")
    result = cli(["check", "--format", "json", "--canon"], root)
    codes = {
        (str(d["tool"]), str(d["code"]))
        for d in items(loads(result.stdout)["diagnostics"])
    }
    ruff_codes = [code for tool, code in codes if tool == "ruff-check"]
    missing = [
        f for f in canon_families() if not any(c.startswith(f) for c in ruff_codes)
    ]
    assert missing == []
    assert [r for r in STRICT_REPORTS if ("basedpyright", r) not in codes] == []
    assert ("ruff-format", "unformatted") in codes


def test_check_when_every_sq_bad_example_then_every_sq_code_reported(
    tmp_path: Path, cli: Cli
) -> None:
    """The rules' bad examples, laid out in one project, trigger all SQ codes."""
    tree: dict[str, str] = {
        "pyproject.toml": '[project]\nname = "shop"\nversion = "0"\n'
    }
    for rule in all_rules():
        for path, content in rule.bad.items():
            renamed = path.replace("shop/", f"shop_{rule.code.lower()}/")
            renamed = renamed.replace("/test_", f"/test_{rule.code.lower()}_")
            tree[renamed] = content
    root = write_tree(tmp_path / "examples", tree)
    result = cli(["check", "--format", "json"], root)
    found = {
        str(d["code"])
        for d in items(loads(result.stdout)["diagnostics"])
        if d["tool"] == "setsquare"
    }
    assert sorted(found) == [rule.code for rule in all_rules()]


def test_check_when_clean_project_then_exit_zero_with_tool_summaries(
    tmp_path: Path, cli: Cli
) -> None:
    """A clean project passes, with one summary line per tool and the total."""
    root = clean_project(tmp_path / "shop")
    result = cli(["check"], root)
    assert result.code == 0, result.stdout
    for tool in ("ruff-format", "ruff-check", "basedpyright", "setsquare"):
        assert re.search(
            rf"^{tool} +\S+ +0 findings +\d+\.\d\d s$", result.stdout, re.M
        )
    assert result.stdout.rstrip().endswith(")")
    assert "0 errors, 0 warnings in 8 files" in result.stdout
    canon = cli(["check", "--canon", "src"], root)
    assert canon.code == 0, canon.stdout


def test_check_when_run_twice_then_second_run_comes_from_the_cache(
    tmp_path: Path, cli: Cli
) -> None:
    """An unchanged re-run is cached; an edit or --no-cache runs the tools again."""
    root = clean_project(tmp_path / "shop")
    runs = [cli(["check", "--format", "json"], root)]
    runs.append(cli(["check", "--format", "json"], root))
    prices = root / "src" / "shop" / "prices.py"
    _ = prices.write_text(prices.read_text() + "\nimport os\n")
    runs.append(cli(["check", "--format", "json"], root))
    runs.append(cli(["check", "--format", "json", "--no-cache"], root))
    documents = [loads(run.stdout) for run in runs]
    assert [d["cached"] for d in documents] == [False, True, False, False]
    assert documents[0]["diagnostics"] == documents[1]["diagnostics"]
    assert [d["exit_code"] for d in documents] == [0, 0, 1, 1]
    assert list((Path.home() / ".cache" / "setsquare" / "check").glob("*.json"))


def test_check_when_output_file_then_report_written_and_summary_printed(
    tmp_path: Path, cli: Cli
) -> None:
    """``--output`` takes the report; the terminal still gets the human summary."""
    root = copy_violations(tmp_path / "violations")
    target = tmp_path / "report.sarif"
    result = cli(["check", "--format", "sarif", "--output", str(target)], root)
    assert result.code == 1
    assert loads(target.read_text())["version"] == "2.1.0"
    assert re.search(r"^basedpyright +\S+ +\d+ findings", result.stdout, re.M)
    assert f"sarif report written to {target}" in result.stdout
    junit = cli(["check", "--format", "junit"], root)
    assert (junit.code, junit.stderr) == (1, "")
    assert junit.stdout.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites'
    )


def test_check_when_syntax_error_or_undecodable_file_then_findings_not_a_crash(
    tmp_path: Path, cli: Cli
) -> None:
    """Broken files are reported as findings with exit code 1."""
    root = clean_project(tmp_path / "shop")
    _ = (root / "src" / "shop" / "broken.py").write_text("def f(:\n    pass\n")
    _ = (root / "src" / "shop" / "latin.py").write_bytes(b'"""Caf\xe9."""\n')
    result = cli(["check", "--format", "json"], root)
    assert result.code == 1
    assert result.stderr == ""
    found = {
        (str(d["path"]), str(d["tool"]), str(d["code"]))
        for d in items(loads(result.stdout)["diagnostics"])
    }
    assert ("src/shop/broken.py", "ruff-check", "invalid-syntax") in found
    assert ("src/shop/latin.py", "ruff-check", "E902") in found
    assert ("src/shop/broken.py", "basedpyright", "no-rule") in found


def test_check_when_path_is_missing_then_one_line_error_and_exit_two(
    tmp_path: Path, cli: Cli
) -> None:
    """A path that does not exist is a usage error."""
    root = clean_project(tmp_path / "shop")
    result = cli(["check", "src/nope.py"], root)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == "setsquare: error: src/nope.py: no such file or directory\n"


def test_check_when_directory_has_no_python_then_one_line_error_and_exit_two(
    tmp_path: Path, cli: Cli
) -> None:
    """Nothing to check is an error, not a silent success."""
    root = clean_project(tmp_path / "shop")
    (root / "docs").mkdir()
    _ = (root / "docs" / "index.md").write_text("# Docs\n")
    result = cli(["check", "docs"], root)
    assert result.code == 2
    assert result.stderr == "setsquare: error: no Python files to check in docs\n"


def test_check_when_pyproject_is_broken_then_ruff_error_and_exit_two(
    tmp_path: Path, cli: Cli
) -> None:
    """Invalid TOML stops the check with ruff's own parse error on one line."""
    root = clean_project(tmp_path / "shop")
    _ = (root / "pyproject.toml").write_text("[tool.ruff\nline-length = 88\n")
    result = cli(["check"], root)
    assert result.code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("setsquare: error: ruff failed (exit status 2): ")
    assert "TOML parse error at line 1" in result.stderr


def test_check_when_basedpyright_config_is_invalid_then_its_error_and_exit_two(
    tmp_path: Path, cli: Cli
) -> None:
    """Basedpyright's complaint about its configuration is shown, not swallowed."""
    root = clean_project(tmp_path / "shop")
    pyproject = root / "pyproject.toml"
    _ = pyproject.write_text(pyproject.read_text().replace('"all"', '"bogus"'))
    result = cli(["check"], root)
    assert result.code == 2
    assert result.stderr.startswith("setsquare: error: basedpyright ")
    assert 'invalid "typeCheckingMode" value: "bogus"' in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("missing", ["ruff", "basedpyright"])
def test_check_when_tool_missing_from_path_then_one_line_error_and_exit_two(
    missing: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    """A tool found neither beside the interpreter nor on PATH stops the check."""
    root = clean_project(tmp_path / "shop")
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in {"ruff", "basedpyright"} - {missing}:
        (tools / name).symlink_to(Path(VENV_BIN, name))
    monkeypatch.setattr("sys.executable", str(tools / "python"))
    monkeypatch.setenv("PATH", str(tools))
    result = cli(["check", "--no-cache"], root)
    assert result.code == 2
    assert (
        result.stderr
        == f"setsquare: error: {missing} is not installed or not on PATH\n"
    )


def test_check_when_tool_is_killed_mid_run_then_one_line_error_and_exit_two(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    """Basedpyright killed by SIGKILL while analysing is reported, not parsed."""
    root = clean_project(tmp_path / "shop")
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "ruff").symlink_to(Path(VENV_BIN, "ruff"))
    killer = tools / "basedpyright"
    real = Path(VENV_BIN, "basedpyright")
    _ = killer.write_text(
        f'#!/bin/sh\n( sleep 0.3; kill -KILL $$ ) &\nexec "{real}" "$@"\n'
    )
    killer.chmod(0o755)
    monkeypatch.setattr("sys.executable", str(tools / "python"))
    result = cli(["check", "--no-cache"], root)
    assert result.code == 2
    assert (
        result.stderr == "setsquare: error: basedpyright was killed by signal SIGKILL\n"
    )
