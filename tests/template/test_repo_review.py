"""A checker this project did not write: scientific-python's repo-review on renders.

``repo-review`` with the ``sp-repo-review`` plugin runs on rendered projects, offline
(behind a proxy that refuses every connection). Every check that applies passes,
except the deliberate disagreements below, each with its reason (the README's
"Deliberate disagreements with repo-review" says the same). The comparison is exact:
a disagreement that starts passing, or a new failure, fails this test.
"""

import json
from pathlib import Path
from typing import Final, cast

import pytest

from setsquare.adapters.process import find_executable, run
from tests.template.gating import OFFLINE
from tests.template.variants import Variant, render_each

pytestmark = pytest.mark.template

LOCAL_HOOKS: Final = (
    "hooks run from the project's own locked environment (`language: system`), not "
    "from hook repositories: they work offline, agree with `make check`, and "
    "basedpyright sees the dependencies; pre-commit.ci cannot run such hooks"
)
DELIBERATE: Final = {
    "PY007": "make, not nox or tox: `make check` is the one task runner, in CI too",
    "GH210": (
        "the workflow's action pins belong to the template and move with its "
        "releases (`setsquare update`), not with Dependabot"
    ),
    "MY100": "basedpyright (typeCheckingMode all), not mypy",
    "PC100": LOCAL_HOOKS,
    "PC110": LOCAL_HOOKS,
    "PC140": LOCAL_HOOKS,
    "PC160": LOCAL_HOOKS,
    "PC170": LOCAL_HOOKS,
    "PC180": LOCAL_HOOKS,
    "PC190": LOCAL_HOOKS,
    "PC901": LOCAL_HOOKS,
    "PC902": LOCAL_HOOKS,
    "PC903": LOCAL_HOOKS,
    "SEC001": (
        "zizmor runs from the project's environment (`make check` and a local hook), "
        "not from zizmor's hook repository"
    ),
}
# The default render (a library: docs on, GitHub CI, pre-commit), and a service with
# both servers whose answers turned the documentation site off.
DEFAULT: Final = Variant("library", ci="github", pre_commit=True, docs=True)
SERVICE: Final = Variant("service", "postgres", "redis", ci="github", pre_commit=True)
CHOSEN: Final = {DEFAULT.name: frozenset[str](), SERVICE.name: frozenset({"PY004"})}


@pytest.fixture(scope="module")
def rendered(
    template_source: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Render the two variants once per module.

    Args:
        template_source: The template snapshot.
        tmp_path_factory: Where to render.

    Returns:
        The rendered project by variant name.
    """
    return render_each(template_source, tmp_path_factory, (DEFAULT, SERVICE), "pkg")


def _failures(project: Path) -> dict[str, str]:
    """Run repo-review on a project, offline, and list the checks that fail.

    Args:
        project: The rendered project.

    Returns:
        The failing checks' codes and messages.
    """
    completed = run(
        [find_executable("repo-review"), str(project), "--format", "json"],
        env=OFFLINE,
        check=False,
        timeout=300,
    )
    document = cast("dict[str, object]", json.loads(completed.stdout))
    checks = cast("dict[str, dict[str, object]]", document["checks"])
    return {
        code: str(check.get("err_msg", ""))
        for code, check in checks.items()
        if check["result"] is False
    }


@pytest.mark.parametrize(
    "variant", [DEFAULT, SERVICE], ids=[DEFAULT.name, SERVICE.name]
)
def test_repo_review_when_run_offline_then_only_deliberate_disagreements_fail(
    rendered: dict[str, Path], variant: Variant
) -> None:
    """Every other check passes or does not apply; each disagreement still holds."""
    failures = _failures(rendered[variant.name])

    expected = set(DELIBERATE) | CHOSEN[variant.name]
    assert set(failures) == expected, {
        code: failures.get(code, "passes now") for code in set(failures) ^ expected
    }
