"""A Dockerfile read without Docker (pure text parsing): its stages and final stage.

The one Dockerfile parser: SQ019 and ``conform`` read the final stage through it, and
the template's structural tests read every stage through it. It understands comments
(also inside a continued instruction, as Docker does), line continuations,
``FROM [--flag...] image [AS name]`` and keeps each instruction's arguments as text.
"""

import json
import re
from dataclasses import dataclass
from typing import Final, cast

_ROOT_USERS: Final = frozenset({"root", "0", "0:0", "root:root"})
_AS: Final = re.compile(r"^as$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Instruction:
    """One instruction.

    Attributes:
        keyword: The instruction, upper-cased (``RUN``, ``COPY``...).
        arguments: Everything after the keyword, continuations joined.
    """

    keyword: str
    arguments: str


@dataclass(frozen=True, slots=True)
class Stage:
    """One build stage.

    Attributes:
        image: The ``FROM`` image or the name of an earlier stage.
        name: The stage's ``AS`` name, or its index as text.
        instructions: The instructions after ``FROM``.
    """

    image: str
    name: str
    instructions: tuple[Instruction, ...] = ()

    def arguments(self, keyword: str) -> list[str]:
        """Return the arguments of every instruction of one kind.

        Args:
            keyword: E.g. ``RUN``.

        Returns:
            Their arguments, in order.
        """
        return [item.arguments for item in self.instructions if item.keyword == keyword]


@dataclass(frozen=True, slots=True)
class FinalStage:
    """What the last ``FROM`` stage declares.

    Attributes:
        base_image: The image the stage starts from.
        user: The last ``USER`` in the stage, or None when it sets none.
        entrypoint: The last ``ENTRYPOINT`` or ``CMD`` line's arguments, or None.
        exec_form: Whether every ``ENTRYPOINT``/``CMD`` of the stage uses the
            JSON-array (exec) form.
    """

    base_image: str
    user: str | None
    entrypoint: str | None
    exec_form: bool

    @property
    def runs_as_non_root(self) -> bool:
        """Whether the stage runs as a non-root user.

        Returns:
            True for an explicit non-root ``USER``, or a ``:nonroot`` image without one.
        """
        if self.user is not None:
            return self.user not in _ROOT_USERS
        return self.base_image.endswith((":nonroot", "-nonroot"))


def _logical_lines(text: str) -> list[str]:
    """Join continued lines and drop comments and blank lines.

    Args:
        text: The Dockerfile.

    Returns:
        One string per instruction.
    """
    lines: list[str] = []
    pending = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1].rstrip() + " "
            continue
        lines.append(pending + stripped)
        pending = ""
    if pending:
        lines.append(pending.rstrip())
    return lines


def _stage_start(arguments: str, index: int) -> Stage:
    """Read a ``FROM`` line's arguments.

    Args:
        arguments: Everything after ``FROM``.
        index: How many stages come before this one.

    Returns:
        The stage, without instructions yet.
    """
    words = [word for word in arguments.split() if not word.startswith("--")]
    image = words[0] if words else ""
    named = len(words) >= 3 and _AS.match(words[1]) is not None  # noqa: PLR2004 - image AS name
    return Stage(image, words[2] if named else str(index))


def parse_dockerfile(text: str) -> list[Stage]:
    """Split a Dockerfile into stages.

    Instructions before the first ``FROM`` (global ``ARG``s) belong to no stage.

    Args:
        text: The Dockerfile.

    Returns:
        The stages, in order.
    """
    stages: list[Stage] = []
    for line in _logical_lines(text):
        keyword, _, arguments = line.partition(" ")
        keyword, arguments = keyword.upper(), arguments.strip()
        if keyword == "FROM":
            stages.append(_stage_start(arguments, len(stages)))
        elif stages:
            last = stages[-1]
            instructions = (*last.instructions, Instruction(keyword, arguments))
            stages[-1] = Stage(last.image, last.name, instructions)
    return stages


def _is_exec_form(arguments: str) -> bool:
    """Tell whether ``arguments`` is a JSON array of strings.

    Args:
        arguments: An ``ENTRYPOINT``/``CMD`` argument string.

    Returns:
        True for the exec (JSON-array) form.
    """
    try:
        parsed = cast("object", json.loads(arguments))
    except json.JSONDecodeError:
        return False
    return isinstance(parsed, list)


def final_stage(text: str) -> FinalStage | None:
    """Describe the final stage of a Dockerfile.

    Args:
        text: The Dockerfile's content.

    Returns:
        The final stage, or None when there is no ``FROM``.
    """
    stages = parse_dockerfile(text)
    if not stages:
        return None
    stage = stages[-1]
    users = stage.arguments("USER")
    commands = [
        item.arguments
        for item in stage.instructions
        if item.keyword in {"ENTRYPOINT", "CMD"}
    ]
    return FinalStage(
        base_image=stage.image,
        user=users[-1] if users else None,
        entrypoint=commands[-1] if commands else None,
        exec_form=bool(commands) and all(map(_is_exec_form, commands)),
    )


__all__ = ["FinalStage", "Instruction", "Stage", "final_stage", "parse_dockerfile"]
