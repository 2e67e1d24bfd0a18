"""Facts about a Dockerfile's final stage, read without Docker (pure text parsing)."""

import json
import re
from dataclasses import dataclass
from typing import cast

_ROOT_USERS = frozenset({"root", "0", "0:0", "root:root"})


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


def _instructions(text: str) -> list[tuple[str, str]]:
    """Split a Dockerfile into (INSTRUCTION, arguments), joining continuation lines.

    Args:
        text: The Dockerfile's content.

    Returns:
        The instructions in order, comments and blank lines dropped.
    """
    joined = re.sub(r"\\\n", " ", text)
    pairs: list[tuple[str, str]] = []
    for raw in joined.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, arguments = line.partition(" ")
        pairs.append((keyword.upper(), arguments.strip()))
    return pairs


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
    stage: FinalStage | None = None
    for keyword, arguments in _instructions(text):
        if keyword == "FROM":
            image = next(
                (word for word in arguments.split() if not word.startswith("--")), ""
            )
            stage = FinalStage(
                base_image=image, user=None, entrypoint=None, exec_form=False
            )
        elif stage is not None and keyword == "USER":
            stage = FinalStage(
                stage.base_image, arguments, stage.entrypoint, stage.exec_form
            )
        elif stage is not None and keyword in {"ENTRYPOINT", "CMD"}:
            stage = FinalStage(
                stage.base_image, stage.user, arguments, _is_exec_form(arguments)
            )
    return stage


__all__ = ["FinalStage", "final_stage"]
