"""GitHub Actions workflow annotations: the one writer for ``check`` and ``conform``.

``::error file=src/a.py,line=3,title=ruff-check F401::message``, or without a file
``::error title=...::message``. Data and property values are escaped as GitHub's
runner reads them: ``%``, CR and LF in both; ``:`` and ``,`` in property values too.
"""

from dataclasses import dataclass
from typing import Literal

AnnotationLevel = Literal["error", "warning", "notice"]


@dataclass(frozen=True, slots=True)
class Annotation:
    """One workflow annotation.

    Attributes:
        level: ``error``, ``warning`` or ``notice``.
        title: The annotation's title.
        message: Its text (may span lines).
        path: The file it points at, relative to the repository; None for none.
        line: The first line (1-based), when it points at lines.
        column: The first column (1-based).
        end_line: The last line.
        end_column: The last column.
    """

    level: AnnotationLevel
    title: str
    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


def escape_data(value: str) -> str:
    """Escape a workflow command's message.

    Args:
        value: The message.

    Returns:
        The message with ``%``, CR and LF percent-encoded.
    """
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command's property value.

    Args:
        value: The value.

    Returns:
        The value escaped as data, with ``:`` and ``,`` percent-encoded too.
    """
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation_line(annotation: Annotation) -> str:
    """Write one annotation as a workflow command.

    Args:
        annotation: The annotation.

    Returns:
        The command, without a newline.
    """
    located = {
        "file": annotation.path,
        "line": annotation.line,
        "col": annotation.column,
        "endLine": annotation.end_line,
        "endColumn": annotation.end_column,
    }
    properties = [
        f"{name}={escape_property(str(value))}"
        for name, value in located.items()
        if value is not None
    ]
    properties.append(f"title={escape_property(annotation.title)}")
    return f"::{annotation.level} {','.join(properties)}::" + escape_data(
        annotation.message
    )


__all__ = [
    "Annotation",
    "AnnotationLevel",
    "annotation_line",
    "escape_data",
    "escape_property",
]
