"""A rendered project enforces the whole canon in its own gates, from its own lock.

``make check`` (what the rendered CI runs) runs ``setsquare check`` from the project's
lock, so setsquare's SQ rules fail a project's build like ruff and basedpyright do; and
nothing a project commits names a path of the machine that rendered it.
"""

from pathlib import Path
from typing import Final

import pytest

from tests.support.dist import dist_directory
from tests.template.gating import project_code
from tests.template.rendering import (
    REPO_ROOT,
    find_python,
    make_environment,
    render_locked,
    run_gate,
)
from tests.template.variants import Variant

pytestmark = pytest.mark.template

# One module per violation: the SQ rule that must name it.
VIOLATIONS: Final = {
    "SQ001": (
        "undocumented.py",
        '"""Doc."""\n\n\ndef _helper() -> int:\n    return 1\n',
    ),
    "SQ002": (
        "placeholder.py",
        '"""Doc."""\n\n\ndef later() -> None:\n    """Do it later."""\n    ...\n',
    ),
    "SQ004": (
        "errors.py",
        '"""Doc."""\n\n\nclass StrayError(Exception):\n    """Outside the hierarchy."""\n',
    ),
    "SQ007": ("state.py", '"""Doc."""\n\nREGISTRY: dict[str, int] = {}\n'),
}


@pytest.fixture(scope="module")
def checked_project(
    template_source: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    """Render the default library with its lock and pass ``make check`` once.

    Args:
        template_source: The template snapshot.
        tmp_path_factory: pytest's temporary directories.

    Returns:
        The project and its environment (uv on PATH).
    """
    variant = Variant("library", python="3.13")
    interpreter = find_python(variant.python)
    code = project_code(variant)
    workdir = tmp_path_factory.mktemp("canon")
    project = render_locked(
        template_source, workdir / code, variant.answers(code), interpreter
    )
    environment = make_environment(project, interpreter)
    clean = run_gate(project, "make check", ["make", "check"], environment)
    assert clean.passed, clean.report()
    assert "uv run setsquare check" in clean.output
    return project, environment


def test_clean_render_when_checked_then_setsquare_ran_from_the_lock(
    checked_project: tuple[Path, dict[str, str]],
) -> None:
    """The lock pins setsquare at the template's release, found through a relative link."""
    project, _ = checked_project
    lock = (project / "uv.lock").read_text(encoding="utf-8")

    assert 'name = "setsquare"' in lock
    assert 'source = { registry = "../setsquare-dist" }' in lock


def test_clean_render_when_read_then_no_file_names_a_path_of_this_machine(
    checked_project: tuple[Path, dict[str, str]],
) -> None:
    """No file a project commits holds the render's, the wheel's or this checkout's path."""
    project, _ = checked_project
    machine = [str(project.parent), str(dist_directory().resolve()), str(REPO_ROOT)]
    skipped = {".venv", ".git", ".ruff_cache", ".pytest_cache", "__pycache__"}
    files = [
        path
        for path in project.rglob("*")
        if path.is_file()
        and not skipped & set(path.relative_to(project).parts)
        and path.name != ".coverage"
    ]

    found = [
        f"{path.relative_to(project)}: {place}"
        for path in files
        for place in machine
        if place in path.read_text(encoding="utf-8", errors="replace")
    ]

    assert files
    assert not found


def test_violations_when_make_check_runs_then_it_fails_naming_each_rule(
    checked_project: tuple[Path, dict[str, str]],
) -> None:
    """Each of four SQ violations fails ``make check``, named by its rule.

    A private function without a docstring, a placeholder body, an exception outside
    ``AppError`` and a mutable global.
    """
    project, environment = checked_project
    package = project / "src" / project.name.replace("-", "_")
    for name, source in VIOLATIONS.values():
        _ = (package / name).write_text(source, encoding="utf-8")
    try:
        check = run_gate(project, "make check", ["make", "check"], environment)
    finally:
        for name, _source in VIOLATIONS.values():
            (package / name).unlink()

    assert check.returncode == 2, check.report()  # make's status for a failed recipe
    assert "*** [Makefile" in check.output  # make's own line (make[1] under make)
    reported = _rules_by_file(check.output)
    for code, (name, _source) in VIOLATIONS.items():
        assert code in reported.get(name, set()), (
            f"{code} not reported:\n{check.output}"
        )


def _rules_by_file(report: str) -> dict[str, set[str]]:
    """Read which codes the human report lists under each file's heading.

    Args:
        report: ``setsquare check``'s human output.

    Returns:
        File name → the codes of its findings.
    """
    found: dict[str, set[str]] = {}
    current = ""
    for line in report.splitlines():
        if line.startswith("src/"):
            current = Path(line.strip()).name
        elif current and line.startswith(" ") and len(line.split()) > 3:
            found.setdefault(current, set()).add(line.split()[3])
    return found
