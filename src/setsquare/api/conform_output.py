"""Render a conformance report: human text, JSON, or GitHub workflow annotations."""

import json
from typing import Final, assert_never

from setsquare.api.annotations import Annotation, annotation_line
from setsquare.api.formats import ConformFormat
from setsquare.services.conform import ConformReport, Finding, Status

_MARKS: Final = {
    Status.PASS: "ok",
    Status.DEBT: "debt",
    Status.FAIL: "FAIL",
    Status.ERROR: "ERROR",
}


def _human_line(finding: Finding) -> str:
    """Format one finding for a terminal.

    Args:
        finding: The finding.

    Returns:
        One line, plus the diff when there is one.
    """
    where = f" {finding.path}:" if finding.path else ""
    line = f"  [{_MARKS[finding.status]}]{where} {finding.message}"
    return f"{line}\n{finding.diff.rstrip()}" if finding.diff else line


def render_human(report: ConformReport) -> str:
    """Format the report for a terminal, grouped by check.

    Args:
        report: The report.

    Returns:
        The text.
    """
    lines = [f"setsquare conform: {report.project}"]
    for check in dict.fromkeys(finding.check for finding in report.findings):
        lines.append(f"{check}:")
        lines.extend(
            _human_line(finding)
            for finding in report.findings
            if finding.check == check
        )
    verdict = {0: "conforms", 1: "does NOT conform", 2: "cannot tell (see errors)"}
    debt = (
        f" with recorded debt ({report.debt} items above)"
        if report.debt and report.exit_code == 0
        else ""
    )
    lines.append(f"result: {verdict[report.exit_code]}{debt}")
    return "\n".join(lines)


def render_json(report: ConformReport) -> str:
    """Format the report as JSON (schema documented in the README).

    Args:
        report: The report.

    Returns:
        A JSON document: ``project``, ``exit_code``, ``findings``.
    """
    return json.dumps(
        {
            "project": str(report.project),
            "exit_code": report.exit_code,
            "findings": [
                {
                    "check": finding.check,
                    "status": str(finding.status),
                    "message": finding.message,
                    "path": finding.path,
                    "diff": finding.diff,
                }
                for finding in report.findings
            ],
        },
        indent=2,
    )


def render_github(report: ConformReport) -> str:
    """Format failures and errors as GitHub workflow annotations.

    Args:
        report: The report.

    Returns:
        One ``::error`` line per failing or erroring finding, one ``::notice``
        line per finding of recorded debt; a finding without a path annotates
        no file.
    """
    return "\n".join(
        annotation_line(
            Annotation(
                level="notice" if finding.status is Status.DEBT else "error",
                title=f"setsquare conform {finding.check}",
                message=finding.message,
                path=finding.path,
            )
        )
        for finding in report.findings
        if finding.status is not Status.PASS
    )


def render(report: ConformReport, report_format: ConformFormat) -> str:
    """Format the report in one of the ``ConformFormat`` formats.

    Args:
        report: The report.
        report_format: The format.

    Returns:
        The text, without a final newline.
    """
    match report_format:
        case "human":
            return render_human(report)
        case "json":
            return render_json(report)
        case "github":
            return render_github(report)
        case _:
            assert_never(report_format)


__all__ = ["render", "render_github", "render_human", "render_json"]
