"""Queries over the template's Dockerfile for structural tests (no Docker engine here).

The stages come from setsquare's one Dockerfile parser (``setsquare.domain.dockerfile``);
these helpers read what the tests assert: ``ENV a=b c=d``, ``COPY [--from=stage] src...
dst``, and a stage's chain of parents.
"""

import shlex

from setsquare.domain.dockerfile import Stage


def environment(stage: Stage) -> dict[str, str]:
    """Return the variables one stage's ``ENV`` instructions set.

    Args:
        stage: The stage.

    Returns:
        Variable → value.
    """
    variables: dict[str, str] = {}
    for arguments in stage.arguments("ENV"):
        for pair in shlex.split(arguments):
            name, _, value = pair.partition("=")
            variables[name] = value
    return variables


def copies_from(stage: Stage, source_stage: str) -> list[tuple[str, str]]:
    """Return the ``COPY --from=source_stage SRC DST`` pairs of a stage.

    Args:
        stage: The copying stage.
        source_stage: The source stage's name.

    Returns:
        ``(source, destination)`` pairs.
    """
    pairs: list[tuple[str, str]] = []
    for arguments in stage.arguments("COPY"):
        words = arguments.split()
        if f"--from={source_stage}" in words:
            paths = [word for word in words if not word.startswith("--")]
            pairs.extend((source, paths[-1]) for source in paths[:-1])
    return pairs


def context_sources(stage: Stage) -> list[str]:
    """Return the paths a stage copies from the build context.

    Args:
        stage: The stage.

    Returns:
        The sources of every ``COPY`` without ``--from``.
    """
    sources: list[str] = []
    for arguments in stage.arguments("COPY"):
        words = arguments.split()
        if not any(word.startswith("--from=") for word in words):
            sources.extend(word for word in words[:-1] if not word.startswith("--"))
    return sources


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
        variables.update(environment(stage))
    return variables
