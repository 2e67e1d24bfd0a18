"""Render a ``CheckReport``: human, JSON, GitHub annotations, SARIF, JUnit.

Every renderer is a pure function of the report; the CLI decides where the text
goes. The JSON document follows ``check_report.schema.json`` beside this module
(``schema_version`` 1); SARIF follows the OASIS SARIF 2.1.0 schema.
"""

import json
import sys
from collections.abc import Iterable, Mapping
from itertools import groupby
from pathlib import Path
from typing import Final, assert_never
from urllib.parse import quote
from xml.etree import ElementTree

import typer

from setsquare import __version__
from setsquare.api.annotations import Annotation, AnnotationLevel, annotation_line
from setsquare.api.formats import CheckFormat
from setsquare.domain.diagnostics import CheckReport, Diagnostic, diagnostic_to_dict
from setsquare.rules import Rule, get_rule

SCHEMA_VERSION: Final = 1
SARIF_SCHEMA: Final = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_BOLD: Final = "1"
_DIM: Final = "2"
_ITALIC: Final = "3"
_CYAN: Final = "36"
_FAILED: Final = "1;31"
_PASSED: Final = "1;32"
_SEVERITY_STYLE: Final = {"error": "1;31", "warning": "33", "info": "34"}
_SARIF_LEVEL: Final = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL: Final[dict[str, AnnotationLevel]] = {
    "error": "error",
    "warning": "warning",
    "info": "notice",
}
_FINDING_HEAD: Final = "  {position}  {severity} {tool} {code}  "
_TOOL_URI: Final = {
    "ruff-check": "https://docs.astral.sh/ruff/",
    "ruff-format": "https://docs.astral.sh/ruff/formatter/",
    "basedpyright": "https://docs.basedpyright.com/",
    "setsquare": "https://pypi.org/project/setsquare/",
    "import-linter": "https://import-linter.readthedocs.io/",
    "deptry": "https://deptry.com/",
}


def _plural(count: int, word: str) -> str:
    """Spell a count with its noun.

    Args:
        count: How many.
        word: The singular noun.

    Returns:
        E.g. ``1 error`` or ``3 errors``.
    """
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(report: CheckReport) -> str:
    """Summarise a report in one line.

    Args:
        report: The report.

    Returns:
        E.g. ``3 errors, 1 warning in 12 files (2.4 s, 5 baselined)``.
    """
    counts = report.counts()
    parts = [_plural(counts["error"], "error"), _plural(counts["warning"], "warning")]
    if counts["info"]:
        parts.append(_plural(counts["info"], "note"))
    extras = [f"{report.seconds:.2f} s"]
    if report.cached:
        extras.append("cached")
    if report.baselined:
        extras.append(f"{report.baselined} baselined")
    return (
        f"{', '.join(parts)} in {_plural(report.files, 'file')} ({', '.join(extras)})"
    )


def tool_lines(report: CheckReport) -> list[str]:
    """Summarise each tool in one line: findings and wall time.

    Args:
        report: The report.

    Returns:
        One line per tool.
    """
    return [
        f"{run.tool:<13} {run.version:<8} {_plural(run.findings, 'finding'):>13}  {run.seconds:6.2f} s"
        for run in report.tools
    ]


def _paint(text: str, style: str, *, color: bool) -> str:
    """Wrap text in an ANSI style when colour is wanted.

    Args:
        text: The text.
        style: An SGR parameter string, e.g. ``1;31`` for bold red.
        color: Whether to emit escape codes at all.

    Returns:
        The (possibly) styled text.
    """
    return f"\x1b[{style}m{text}\x1b[0m" if color else text


def render_human(report: CheckReport, *, color: bool = False) -> str:
    """Render the grouped human report: findings by file, then the summaries.

    Plain string building (no rich layout) keeps tens of thousands of findings
    printable in milliseconds.

    Args:
        report: The report.
        color: Emit ANSI colours (for a terminal).

    Returns:
        The text, ending with the one-line summary and a newline.
    """
    lines: list[str] = []
    code_width = max((len(d.code) for d in report.diagnostics), default=0)
    for path, group in groupby(report.diagnostics, key=lambda d: d.path):
        lines.append(_paint(path, _BOLD, color=color))
        lines.extend(_finding_lines(d, code_width, color=color) for d in group)
    lines.extend(_paint(line, _DIM, color=color) for line in tool_lines(report))
    lines.extend(_paint(note, _ITALIC, color=color) for note in report.notes)
    closing = _FAILED if report.exit_code else _PASSED
    lines.append(_paint(summary_line(report), closing, color=color))
    return "\n".join(lines) + "\n"


def _finding_lines(diagnostic: Diagnostic, code_width: int, *, color: bool) -> str:
    """Render one finding; its message's continuation lines align with its first.

    Args:
        diagnostic: The finding.
        code_width: The width of the code column.
        color: Emit ANSI colours.

    Returns:
        One or more lines, without the final newline.
    """
    first, *rest = diagnostic.message.splitlines() or [""]
    columns = {
        "position": f"{diagnostic.line}:{diagnostic.column}".rjust(9),
        "severity": diagnostic.severity.ljust(7),
        "tool": diagnostic.tool.ljust(12),
        "code": diagnostic.code.ljust(code_width),
    }
    styles = {
        "severity": _SEVERITY_STYLE[diagnostic.severity],
        "tool": _DIM,
        "code": _CYAN,
    }
    head = _FINDING_HEAD.format_map(
        {
            name: _paint(text, styles[name], color=color) if name in styles else text
            for name, text in columns.items()
        }
    )
    fixable = " [fixable]" if diagnostic.fix == "safe" else ""
    indent = " " * len(_FINDING_HEAD.format_map(columns))
    tail = [_paint(f"{indent}{line.strip()}", _DIM, color=color) for line in rest]
    return "\n".join([f"{head}{first}{fixable}", *tail])


def render_json(report: CheckReport) -> str:
    """Render the stable JSON document (schema version 1).

    Args:
        report: The report.

    Returns:
        Pretty-printed JSON.
    """
    counts = report.counts()
    document = {
        "schema_version": SCHEMA_VERSION,
        "setsquare_version": __version__,
        "root": report.root,
        "exit_code": report.exit_code,
        "cached": report.cached,
        "files": report.files,
        "seconds": round(report.seconds, 3),
        "summary": {
            **counts,
            "total": len(report.diagnostics),
            "baselined": report.baselined,
            "stale_baseline": report.stale_baseline,
        },
        "tools": [
            {
                "tool": run.tool,
                "version": run.version,
                "seconds": round(run.seconds, 3),
                "findings": run.findings,
            }
            for run in report.tools
        ],
        "diagnostics": [diagnostic_to_dict(d) for d in report.diagnostics],
        "notes": list(report.notes),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_github(report: CheckReport) -> str:
    """Render GitHub Actions workflow annotations, one per finding.

    Args:
        report: The report.

    Returns:
        ``::error file=...,line=...::message`` lines.
    """
    return "".join(
        annotation_line(
            Annotation(
                level=_GITHUB_LEVEL[d.severity],
                title=f"{d.tool} {d.code}",
                message=d.message,
                path=d.path,
                line=d.line,
                column=d.column,
                end_line=d.end_line,
                end_column=d.end_column,
            )
        )
        + "\n"
        for d in report.diagnostics
    )


def _rule_description(tool: str, code: str) -> str:
    """Describe a rule for SARIF.

    Args:
        tool: The tool.
        code: The rule code.

    Returns:
        The SQ rule's summary, or the code itself for the other tools.
    """
    rule = get_rule(code) if tool == "setsquare" else None
    return rule.summary.replace("``", "`") if rule is not None else code


def _sarif_result(diagnostic: Diagnostic, rule_index: int) -> dict[str, object]:
    """Build one SARIF result.

    Args:
        diagnostic: The finding.
        rule_index: Its rule's index in the driver's rules.

    Returns:
        The SARIF ``result`` object.
    """
    region: dict[str, int] = {
        "startLine": diagnostic.line,
        "startColumn": diagnostic.column,
    }
    if diagnostic.end_line is not None:
        region["endLine"] = diagnostic.end_line
    if diagnostic.end_column is not None:
        region["endColumn"] = diagnostic.end_column
    location = {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(diagnostic.path), "uriBaseId": "ROOT"},
            "region": region,
        }
    }
    return {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[diagnostic.severity],
        "message": {"text": diagnostic.message or diagnostic.code},
        "locations": [location],
        "partialFingerprints": {"setsquare/v1": diagnostic.fingerprint},
    }


def _sarif_run(report: CheckReport, tool: str, version: str) -> dict[str, object]:
    """Build the SARIF run of one tool.

    Args:
        report: The report.
        tool: The tool.
        version: Its version.

    Returns:
        The SARIF ``run`` object.
    """
    found = [d for d in report.diagnostics if d.tool == tool]
    codes = sorted({d.code for d in found})
    urls = {d.code: d.url for d in found if d.url}
    rules: list[dict[str, object]] = []
    for code in codes:
        rule: dict[str, object] = {
            "id": code,
            "shortDescription": {"text": _rule_description(tool, code)},
        }
        if code in urls:
            rule["helpUri"] = urls[code]
        rules.append(rule)
    index = {code: position for position, code in enumerate(codes)}
    driver = {
        "name": tool,
        "version": version,
        "informationUri": _TOOL_URI.get(tool, _TOOL_URI["setsquare"]),
        "rules": rules,
    }
    return {
        "tool": {"driver": driver},
        "originalUriBaseIds": {"ROOT": {"uri": Path(report.root).as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [_sarif_result(d, index[d.code]) for d in found],
    }


def render_sarif(report: CheckReport) -> str:
    """Render SARIF 2.1.0: one run per tool.

    Args:
        report: The report.

    Returns:
        The SARIF log as JSON.
    """
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [_sarif_run(report, run.tool, run.version) for run in report.tools],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _testcases(
    suite: ElementTree.Element, found: Iterable[Diagnostic], tool: str
) -> int:
    """Add one test case per finding (or one passing case when there is none).

    Args:
        suite: The ``testsuite`` element.
        found: The tool's findings.
        tool: The tool.

    Returns:
        How many failures were added.
    """
    failures = 0
    for d in found:
        case = ElementTree.SubElement(
            suite,
            "testcase",
            name=f"{d.code} {d.path}:{d.line}:{d.column}",
            classname=d.path,
            file=d.path,
            line=str(d.line),
        )
        detail = f"{d.path}:{d.line}:{d.column}: {d.severity} {d.code} {d.message}"
        if d.severity == "info":
            ElementTree.SubElement(case, "system-out").text = detail
            continue
        failures += 1
        failure = ElementTree.SubElement(
            case, "failure", type=d.code, message=d.message
        )
        failure.text = detail
    if not len(suite):
        _ = ElementTree.SubElement(suite, "testcase", name=tool, classname="setsquare")
    return failures


def render_junit(report: CheckReport) -> str:
    """Render JUnit XML: one test suite per tool, one test case per finding.

    Args:
        report: The report.

    Returns:
        The XML document.
    """
    root = ElementTree.Element("testsuites", name="setsquare check")
    total = failures = 0
    for run in report.tools:
        suite = ElementTree.SubElement(root, "testsuite", name=run.tool)
        found = [d for d in report.diagnostics if d.tool == run.tool]
        suite_failures = _testcases(suite, found, run.tool)
        suite.set("tests", str(len(suite)))
        suite.set("failures", str(suite_failures))
        suite.set("errors", "0")
        suite.set("time", f"{run.seconds:.3f}")
        total += len(suite)
        failures += suite_failures
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("time", f"{report.seconds:.3f}")
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


_EXAMPLE_LINES: Final = 24


def _example(files: Mapping[str, str]) -> list[str]:
    """Print an example's files, long ones shortened.

    Args:
        files: Path to content.

    Returns:
        The lines.
    """
    lines: list[str] = []
    for path, content in files.items():
        lines.append(f"  --- {path}")
        body = content.splitlines() or ["(empty file)"]
        lines.extend(f"  {line}".rstrip() for line in body[:_EXAMPLE_LINES])
        if len(body) > _EXAMPLE_LINES:
            lines.append(f"  ... ({len(body) - _EXAMPLE_LINES} more lines)")
    return lines


def render_rule(rule: Rule) -> str:
    """Explain one SQ rule: summary, rationale, bad and good examples.

    Args:
        rule: The rule.

    Returns:
        The text.
    """
    lines = [
        f"{rule.code} {rule.name} ({rule.severity}, {rule.scope} rule)",
        rule.summary.replace("``", "`"),
        "",
        rule.rationale.replace("``", "`"),
        "",
        "Bad:",
        *_example(rule.bad),
        "",
        "Good:",
        *_example(rule.good),
    ]
    return "\n".join(lines) + "\n"


def render_rules(rules: Iterable[Rule]) -> str:
    """List SQ rules, one line each.

    Args:
        rules: The rules.

    Returns:
        ``CODE  severity  name  summary`` lines.
    """
    return "".join(
        f"{rule.code}  {rule.severity:<7}  {rule.name:<28}  {rule.summary.replace('``', '`')}\n"
        for rule in rules
    )


def render(report: CheckReport, report_format: CheckFormat) -> str:
    """Render a report in one of the ``CheckFormat`` formats.

    Args:
        report: The report.
        report_format: The format.

    Returns:
        The text (``human`` without styles).
    """
    match report_format:
        case "human":
            return render_human(report)
        case "json":
            return render_json(report)
        case "github":
            return render_github(report)
        case "sarif":
            return render_sarif(report)
        case "junit":
            return render_junit(report)
        case _:
            assert_never(report_format)


def print_report(
    report: CheckReport, report_format: CheckFormat, output: Path | None
) -> None:
    """Print a check report, or write it to a file and print the human summary.

    Args:
        report: The report.
        report_format: The format.
        output: Where to write the report, if not to the terminal.
    """
    color = sys.stdout.isatty()
    if output is None and report_format == "human":
        typer.echo(render_human(report, color=color), nl=False, color=color)
    elif output is None:
        typer.echo(render(report, report_format), nl=False)
    else:
        _ = output.write_text(render(report, report_format), encoding="utf-8")
        for line in [*tool_lines(report), *report.notes, summary_line(report)]:
            typer.echo(line)
        typer.echo(f"{report_format} report written to {output}")


__all__ = [
    "SARIF_SCHEMA",
    "SCHEMA_VERSION",
    "print_report",
    "render",
    "render_github",
    "render_human",
    "render_json",
    "render_junit",
    "render_rule",
    "render_rules",
    "render_sarif",
    "summary_line",
    "tool_lines",
]
