"""The proof: every flavour on every Python renders a project that passes every gate.

Each variant is rendered through pytest-copie with the template's task (``uv lock``),
installed with ``uv sync --locked``, and gated with its own tools: ruff format, ruff
check, basedpyright (0 errors, 0 warnings), pytest (coverage >= 80 %), hadolint, and
setsquare's own check (the SQ rules), which a rendered project must pass from birth.
A failure shows each failing tool's own output.
"""

import itertools
from pathlib import Path
from typing import Final

import pytest
from plumbum import local

from setsquare.adapters.process import find_executable
from tests.template.conftest import Copie
from tests.template.rendering import (
    FLAVOURS,
    PYTHON_VERSIONS,
    find_python,
    project_environment,
    run_gate,
    total_coverage,
    uv_environment,
)

pytestmark = pytest.mark.template

GATES: Final = (
    ("ruff format --check", ("ruff", "format", "--check", ".")),
    ("ruff check", ("ruff", "check", ".")),
    ("basedpyright", ("basedpyright",)),
    ("pytest", ("pytest", "-p", "no:cacheprovider")),
    ("hadolint", ("hadolint", "Dockerfile")),
    ("setsquare check", ("setsquare", "check", "--no-cache")),
)
VARIANTS: Final = tuple(itertools.product(FLAVOURS, PYTHON_VERSIONS))


def _render_locked(
    copie: Copie, template_source: Path, answers: dict[str, str]
) -> tuple[Path, str]:
    """Render a variant with the template's ``uv lock`` task, uv on PATH.

    Args:
        copie: pytest-copie's fixture.
        template_source: The template snapshot.
        answers: The variant's answers (``python_version`` included).

    Returns:
        The rendered project and the interpreter it is pinned to.
    """
    interpreter = find_python(answers["python_version"])
    task_environment = uv_environment(interpreter)
    task_environment["PATH"] = (
        f"{Path(find_executable('uv')).parent}:{local.env['PATH']}"
    )
    # copier runs tasks with plumbum's copy of the environment, taken when plumbum
    # was imported: os.environ (monkeypatch.setenv) no longer reaches it.
    with local.env(**task_environment):
        result = copie.copy(extra_answers=answers, template_dir=template_source)
    assert result.exception is None, f"copier failed: {result.exception!r}"
    assert result.project_dir is not None
    assert (result.project_dir / "uv.lock").is_file(), "the task did not run uv lock"
    return result.project_dir, interpreter


@pytest.mark.parametrize(
    ("flavour", "python_version"),
    VARIANTS,
    ids=[f"{flavour}-py{version}" for flavour, version in VARIANTS],
)
def test_rendered_project_when_gated_then_every_gate_passes(
    copie: Copie,
    template_source: Path,
    flavour: str,
    python_version: str,
) -> None:
    """Each gate passes: uv sync, ruff, basedpyright, pytest, hadolint, setsquare check."""
    answers = {
        "project_name": f"gate-{flavour}-py{python_version.replace('.', '')}",
        "flavour": flavour,
        "python_version": python_version,
    }
    project, interpreter = _render_locked(copie, template_source, answers)
    environment = project_environment(project, interpreter)

    sync = run_gate(project, "uv sync", ["uv", "sync", "--locked"], environment)
    assert sync.passed, sync.report()
    results = [run_gate(project, name, list(args), environment) for name, args in GATES]

    failures = [result for result in results if not result.passed]
    assert not failures, "\n\n".join(result.report() for result in failures)
    outputs = {result.name: result.output for result in results}
    assert "0 errors, 0 warnings" in outputs["basedpyright"]
    assert total_coverage(outputs["pytest"]) >= 80
    home = (project / ".venv" / "pyvenv.cfg").read_text(encoding="utf-8")
    assert f"home = {Path(interpreter).parent}\n" in home


def test_rendered_makefile_when_check_runs_then_every_gate_passes(
    copie: Copie, template_source: Path
) -> None:
    """``make check`` of a rendered project (install, lint, typecheck, test) passes."""
    answers = {"project_name": "make-check", "flavour": "cli", "python_version": "3.13"}
    project, interpreter = _render_locked(copie, template_source, answers)
    environment = project_environment(project, interpreter)
    environment["PATH"] = f"{Path(find_executable('uv')).parent}:{environment['PATH']}"

    check = run_gate(project, "make check", ["make", "check"], environment)

    assert check.passed, check.report()
    assert "hadolint Dockerfile" in check.output
    assert "Required test coverage of 80% reached" in check.output
