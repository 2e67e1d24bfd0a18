"""GitHub workflow annotations: the one writer, as ``check`` and ``conform`` use it."""

from pathlib import Path

from setsquare.api.annotations import Annotation, annotation_line
from setsquare.api.conform_output import render_github
from setsquare.domain.conform_checks import ConformCheck
from setsquare.services.conform import ConformReport, Finding, Status


def test_annotation_when_path_and_title_need_escaping_then_percent_encoded() -> None:
    """Properties escape ``%``, CR, LF, ``:`` and ``,``; the message only the first three."""
    line = annotation_line(
        Annotation(
            level="warning",
            title="tool, code: 100%",
            message="a: b, 100%\r\nnext",
            path="src/a,b:c%.py",
            line=3,
            column=1,
            end_line=4,
            end_column=2,
        )
    )

    assert line == (
        "::warning file=src/a%2Cb%3Ac%25.py,line=3,col=1,endLine=4,endColumn=2,"
        + "title=tool%2C code%3A 100%25::a: b, 100%25%0D%0Anext"
    )


def test_annotation_when_no_path_then_only_the_title_property() -> None:
    """Without a file the command still has its space: ``::error title=...::``."""
    line = annotation_line(Annotation("error", "setsquare conform version", "behind"))

    assert line == "::error title=setsquare conform version::behind"


def test_conform_github_when_findings_with_and_without_paths_then_exact_lines() -> None:
    """Passes are left out; path-less findings annotate no file; debt is a notice."""
    report = ConformReport(
        Path("/p"),
        [
            Finding(ConformCheck.VERSION, Status.FAIL, "v1.0.0 is behind v1.2.0"),
            Finding(ConformCheck.OWNED, Status.PASS, "matches", path="Makefile"),
            Finding(ConformCheck.OWNED, Status.FAIL, "differs", path="docs/a,b:c.md"),
            Finding(ConformCheck.STRICTNESS, Status.ERROR, "ruff: line 1\nline 2"),
            Finding(
                ConformCheck.DEBT,
                Status.DEBT,
                "3 findings (at most 3)",
                path="base.json",
            ),
        ],
    )

    assert render_github(report).splitlines() == [
        "::error title=setsquare conform version::v1.0.0 is behind v1.2.0",
        "::error file=docs/a%2Cb%3Ac.md,title=setsquare conform owned::differs",
        "::error title=setsquare conform strictness::ruff: line 1%0Aline 2",
        "::notice file=base.json,title=setsquare conform debt::3 findings (at most 3)",
    ]
