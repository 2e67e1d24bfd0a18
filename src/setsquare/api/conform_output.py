"""Render a conformance report: human text, JSON, or GitHub workflow annotations."""

import json
from typing import Final

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
        line per finding of recorded debt.
    """
    lines: list[str] = []
    for finding in report.findings:
        if finding.status is Status.PASS:
            continue
        level = "notice" if finding.status is Status.DEBT else "error"
        location = f" file={finding.path}" if finding.path else ""
        message = finding.message.replace("%", "%25").replace("\n", "%0A")
        lines.append(
            f"::{level}{location},title=setsquare conform {finding.check}::{message}"
        )
    return "\n".join(lines)


RENDERERS: Final = {"human": render_human, "json": render_json, "github": render_github}

__all__ = ["RENDERERS", "render_github", "render_human", "render_json"]
