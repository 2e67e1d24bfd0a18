"""The one Dockerfile parser: stages, names, continuations, comments, the final stage."""

from setsquare.domain.dockerfile import (
    Instruction,
    Stage,
    final_stage,
    parse_dockerfile,
)

DOCKERFILE = """\
ARG PYTHON=3.13
FROM --platform=$BUILDPLATFORM python:3.13 as builder
RUN apt-get update \\
    # a comment inside a continued instruction is dropped, as Docker does
    && apt-get install -y git
FROM builder
ENTRYPOINT ["app"]
CMD serve
"""


def test_parse_dockerfile_when_flags_names_and_comments_then_stages_read() -> None:
    """Global ARGs belong to no stage; flags are skipped; unnamed stages get an index."""
    stages = parse_dockerfile(DOCKERFILE)

    assert stages == [
        Stage(
            "python:3.13",
            "builder",
            (Instruction("RUN", "apt-get update && apt-get install -y git"),),
        ),
        Stage(
            "builder",
            "1",
            (Instruction("ENTRYPOINT", '["app"]'), Instruction("CMD", "serve")),
        ),
    ]


def test_final_stage_when_a_command_uses_shell_form_then_not_exec_form() -> None:
    """One shell-form CMD beside an exec-form ENTRYPOINT makes the stage shell form."""
    stage = final_stage(DOCKERFILE)

    assert stage is not None
    assert (stage.entrypoint, stage.exec_form) == ("serve", False)


def test_final_stage_when_no_from_then_none() -> None:
    """A file without FROM has no final stage."""
    assert final_stage("# nothing\nARG X=1\n") is None
