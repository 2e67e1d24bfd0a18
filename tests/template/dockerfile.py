"""A small Dockerfile reader for structural tests (no Docker engine here).

It understands what the template's Dockerfile uses: comments, line continuations,
``FROM image AS name`` stages, ``ENV a=b c=d``, ``COPY [--from=stage] src... dst`` and
instructions whose arguments are kept as text.
"""

import re
import shlex
from dataclasses import dataclass, field
from typing import Final

_FROM: Final = re.compile(r"^(?P<image>\S+)(?:\s+AS\s+(?P<name>\S+))?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Instruction:
    """One instruction.

    Attributes:
        keyword: The instruction, upper-cased (``RUN``, ``COPY``...).
        arguments: Everything after the keyword, continuations joined.
    """

    keyword: str
    arguments: str


@dataclass(slots=True)
class Stage:
    """One build stage.

    Attributes:
        image: The ``FROM`` image or the name of an earlier stage.
        name: The stage's ``AS`` name, or its index as text.
        instructions: The instructions after ``FROM``.
    """

    image: str
    name: str
    instructions: list[Instruction] = field(default_factory=list[Instruction])

    def arguments(self, keyword: str) -> list[str]:
        """Return the arguments of every instruction of one kind.

        Args:
            keyword: E.g. ``RUN``.

        Returns:
            Their arguments, in order.
        """
        return [item.arguments for item in self.instructions if item.keyword == keyword]

    def environment(self) -> dict[str, str]:
        """Return the variables this stage's ``ENV`` instructions set.

        Returns:
            Variable → value.
        """
        variables: dict[str, str] = {}
        for arguments in self.arguments("ENV"):
            for pair in shlex.split(arguments):
                name, _, value = pair.partition("=")
                variables[name] = value
        return variables

    def copies_from(self, stage: str) -> list[tuple[str, str]]:
        """Return the ``COPY --from=stage SRC DST`` pairs of this stage.

        Args:
            stage: The source stage's name.

        Returns:
            ``(source, destination)`` pairs.
        """
        pairs: list[tuple[str, str]] = []
        for arguments in self.arguments("COPY"):
            words = arguments.split()
            if f"--from={stage}" in words:
                paths = [word for word in words if not word.startswith("--")]
                pairs.extend((source, paths[-1]) for source in paths[:-1])
        return pairs

    def context_sources(self) -> list[str]:
        """Return the paths this stage copies from the build context.

        Returns:
            The sources of every ``COPY`` without ``--from``.
        """
        sources: list[str] = []
        for arguments in self.arguments("COPY"):
            words = arguments.split()
            if not any(word.startswith("--from=") for word in words):
                sources.extend(word for word in words[:-1] if not word.startswith("--"))
        return sources


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
            pending += stripped[:-1] + " "
            continue
        lines.append(pending + stripped)
        pending = ""
    return lines


def parse_dockerfile(text: str) -> list[Stage]:
    """Split a Dockerfile into stages.

    Args:
        text: The Dockerfile.

    Returns:
        The stages, in order.
    """
    stages: list[Stage] = []
    for line in _logical_lines(text):
        keyword, _, arguments = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            found = _FROM.match(arguments.strip())
            assert found is not None, f"unreadable FROM line: {line}"
            stages.append(Stage(found["image"], found["name"] or str(len(stages))))
        else:
            assert stages, f"instruction before FROM: {line}"
            stages[-1].instructions.append(Instruction(keyword, arguments.strip()))
    return stages


def stage_chain(stages: list[Stage], name: str) -> list[Stage]:
    """Return a stage and the stages it is built FROM, nearest first.

    Args:
        stages: Every stage.
        name: The stage to start from.

    Returns:
        The stage, its parent stage, and so on up to an image.
    """
    by_name = {stage.name: stage for stage in stages}
    chain = [by_name[name]]
    while chain[-1].image in by_name:
        chain.append(by_name[chain[-1].image])
    return chain


def chain_environment(chain: list[Stage]) -> dict[str, str]:
    """Return the variables a stage inherits and sets.

    Args:
        chain: A stage and its ancestors, nearest first (see ``stage_chain``).

    Returns:
        Variable → value, the nearest stage winning.
    """
    variables: dict[str, str] = {}
    for stage in reversed(chain):
        variables.update(stage.environment())
    return variables
