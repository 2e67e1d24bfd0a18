"""The proof: a covering set of variants renders projects that pass every gate.

Each variant of ``variants.COVERING`` (every value of every option at least once) is
rendered with the template's task (``uv lock``), installed with ``uv sync --locked``,
and gated with its own tools (see ``gating``): ruff format, ruff check, basedpyright
(0 errors, 0 warnings), hadolint, setsquare check, the CI/compose/Dependabot/pre-commit
files against their schemas and zizmor, Alembic against a real PostgreSQL, and pytest
(coverage >= 80 %) with the integration tests against real PostgreSQL and Redis.
A failure shows each failing tool's own output.

Without the test servers (``SETSQUARE_TEST_POSTGRES_URL``/``..._REDIS_URL`` unset) the
static gates still run, then the test is skipped saying so; ``.ci/run`` starts the
servers and sets ``SETSQUARE_REQUIRE_SERVERS=1``, so in CI a missing server fails.
"""

from pathlib import Path

import pytest

from tests.template.behaviours import unproven
from tests.template.gating import SERVER_SKIP, gate_variant, project_code
from tests.template.rendering import (
    find_python,
    make_environment,
    render_locked,
    run_gate,
    total_coverage,
)
from tests.template.servers import missing, servers_required
from tests.template.variants import COVERING, Variant

pytestmark = pytest.mark.template


@pytest.mark.parametrize("variant", COVERING, ids=[v.name for v in COVERING])
def test_rendered_project_when_gated_then_every_gate_passes(
    template_source: Path, tmp_path: Path, variant: Variant
) -> None:
    """Each gate passes; with servers, no integration test is skipped."""
    reason = missing(variant.servers)
    if reason is not None and servers_required():
        pytest.fail(f"SETSQUARE_REQUIRE_SERVERS=1 but {reason}")

    outcome = gate_variant(template_source, tmp_path, variant)

    assert not outcome.failures, "\n\n".join(r.report() for r in outcome.failures)
    assert "0 errors, 0 warnings" in outcome.output("basedpyright")
    pytest_output = outcome.output("pytest")
    assert total_coverage(pytest_output) >= 80
    home = (outcome.project / ".venv" / "pyvenv.cfg").read_text(encoding="utf-8")
    assert f"home = {Path(outcome.interpreter).parent}\n" in home
    if outcome.skipped is not None:
        pytest.skip(outcome.skipped)
    assert SERVER_SKIP not in pytest_output, pytest_output
    assert unproven(variant, pytest_output) == {}, pytest_output


def test_rendered_makefile_when_check_runs_then_every_gate_passes(
    template_source: Path, tmp_path: Path
) -> None:
    """``make check`` of a rendered project (install, lint, typecheck, test) passes.

    The variant has a GitHub workflow, so ``make lint`` runs zizmor too.
    """
    variant = Variant("service", "none", "redis", ci="github", python="3.12")
    interpreter = find_python(variant.python)
    code = project_code(variant)
    project = render_locked(
        template_source, tmp_path / code, variant.answers(code), interpreter
    )
    environment = make_environment(project, interpreter)

    check = run_gate(project, "make check", ["make", "check"], environment)

    assert check.passed, check.report()
    assert "hadolint Dockerfile" in check.output
    assert "zizmor --offline .github/" in check.output
    assert "Required test coverage of 80% reached" in check.output


def test_rendered_makefile_when_a_layer_or_a_dependency_breaks_then_check_names_it(
    template_source: Path, tmp_path: Path
) -> None:
    """A domain module importing an adapter and an undeclared package fails.

    The one report of ``make check`` names the module and both imports (import-linter
    and deptry run inside ``setsquare check``).
    """
    variant = Variant("library", python="3.13")
    interpreter = find_python(variant.python)
    code = project_code(variant)
    project = render_locked(
        template_source, tmp_path / code, variant.answers(code), interpreter
    )
    package = code.replace("-", "_")
    _ = (project / "src" / package / "domain" / "leak.py").write_text(
        "\n".join(
            [
                '"""A domain module that reaches for I/O."""',
                "",
                "import annotated_types",
                "",
                f"from {package}.adapters.files import read_text",
                "",
                '__all__ = ["annotated_types", "read_text"]',
                "",
            ]
        ),
        encoding="utf-8",
    )
    environment = make_environment(project, interpreter)

    check = run_gate(project, "make check", ["make", "check"], environment)

    assert not check.passed
    leak = f"src/{package}/domain/leak.py"
    assert f"{leak}\n" in check.output, check.output
    assert f"{package}.domain.leak -> {package}.adapters.files" in check.output
    assert "'annotated_types' imported but it is a transitive dependency" in (
        check.output
    )
