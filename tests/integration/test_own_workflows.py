"""setsquare's own ``.github/``: its CI, its release workflow and Dependabot, offline.

The same gates as the rendered projects' workflows (``tests/template/gating.py``):
check-jsonschema's bundled schemas for workflows, job timeouts and Dependabot, and
``zizmor --offline``, here with its pedantic persona too; then the promises the schemas
cannot express: actions pinned by commit, least privilege, the servers the suite
expects, and the OIDC token only where PyPI's trusted publishing needs it.
"""

from typing import Final, cast

import pytest

from setsquare.adapters.process import run
from tests.support.documents import mapping, read_yaml, sequence
from tests.template.gating import PINNED_USE, action_uses, github_failures
from tests.template.rendering import REPO_ROOT
from tests.template.servers import REQUIRE_VARIABLE, URL_VARIABLES

pytestmark = pytest.mark.integration

WORKFLOWS: Final = REPO_ROOT / ".github" / "workflows"
NAMES: Final = ("release.yml", "test.yml")


def _jobs(name: str) -> dict[str, dict[str, object]]:
    """Read a workflow's jobs.

    Args:
        name: The workflow's file name.

    Returns:
        Each job by its id.
    """
    jobs = mapping(read_yaml(WORKFLOWS / name)["jobs"])
    return {job: mapping(definition) for job, definition in jobs.items()}


def _steps(job: dict[str, object]) -> list[dict[str, object]]:
    """Read a job's steps.

    Args:
        job: The job.

    Returns:
        Its steps, in order.
    """
    return [mapping(step) for step in sequence(job["steps"])]


def test_own_github_when_validated_then_schemas_and_zizmor_find_nothing() -> None:
    """Both workflows and Dependabot's file pass their schemas and zizmor, pedantic too."""
    workflows = [f".github/workflows/{name}" for name in NAMES]
    pedantic = run(
        ["zizmor", "--offline", "--persona=pedantic", ".github/"],
        cwd=REPO_ROOT,
        check=False,
    )

    assert sorted(path.name for path in WORKFLOWS.iterdir()) == list(NAMES)
    assert github_failures(REPO_ROOT, workflows) == []
    assert pedantic.returncode == 0, pedantic.stdout + pedantic.stderr


@pytest.mark.parametrize("name", NAMES)
def test_own_workflow_when_read_then_it_is_pinned_and_least_privilege(
    name: str,
) -> None:
    """Actions by SHA and version; no permission at the top; each job its own, a timeout."""
    path = WORKFLOWS / name
    uses = action_uses(path.read_text(encoding="utf-8"))

    assert uses
    assert all(PINNED_USE.fullmatch(use) for use in uses), uses
    assert read_yaml(path)["permissions"] == {}
    assert "concurrency" in read_yaml(path)
    for job in _jobs(name).values():
        assert isinstance(job["timeout-minutes"], int)
        assert isinstance(job["permissions"], dict)
        for step in _steps(job):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert mapping(step["with"])["persist-credentials"] is False


def test_test_workflow_when_read_then_make_test_runs_with_the_servers_required() -> (
    None
):
    """``make test`` on 3.12 and 3.13 with PostgreSQL and Redis, as ``.ci/run`` runs it."""
    (job,) = _jobs("test.yml").values()
    variables = mapping(job["env"])
    strategy = mapping(mapping(job["strategy"])["matrix"])
    images = [str(mapping(s)["image"]) for s in mapping(job["services"]).values()]

    assert set(variables) >= {*URL_VARIABLES.values(), REQUIRE_VARIABLE}
    assert variables[REQUIRE_VARIABLE] == "1"
    assert strategy["python"] == ["3.12", "3.13"]
    assert [image.split(":")[0] for image in images] == ["postgres", "redis"]
    assert all("@sha256:" in image for image in images)
    assert str(_steps(job)[-1]["run"]).startswith("make test ")
    assert job["permissions"] == {"contents": "read"}


def test_release_workflow_when_read_then_only_publish_holds_the_oidc_token() -> None:
    """Recorded releases trigger it; publish attests and uploads behind ``pypi``."""
    # YAML 1.1 (PyYAML) reads the key ``on`` as the boolean true.
    workflow = cast("dict[object, object]", read_yaml(WORKFLOWS / "release.yml"))
    triggers = mapping(workflow[True])
    jobs = _jobs("release.yml")
    publish = jobs["publish"]
    actions = [str(step.get("uses", "")).split("@")[0] for step in _steps(publish)]
    tokens = [
        job for job, body in jobs.items() if "id-token" in mapping(body["permissions"])
    ]

    assert mapping(triggers["push"])["paths"] == ["releases.toml"]
    assert "workflow_dispatch" in triggers
    assert tokens == ["publish"]
    assert mapping(publish["environment"])["name"] == "pypi"
    assert mapping(publish["permissions"])["id-token"] == "write"
    assert actions[-2:] == [
        "actions/attest-build-provenance",
        "pypa/gh-action-pypi-publish",
    ]
    assert jobs["tag"]["permissions"] == {"contents": "write"}
    assert jobs["build"]["permissions"] == {"contents": "read"}


def test_own_dependabot_when_read_then_actions_and_uv_are_grouped() -> None:
    """Weekly, grouped, a week's cooldown: the pinned actions and the lock."""
    path = REPO_ROOT / ".github" / "dependabot.yml"
    updates = [mapping(update) for update in sequence(read_yaml(path)["updates"])]

    assert [update["package-ecosystem"] for update in updates] == [
        "github-actions",
        "uv",
    ]
    assert all(mapping(update["groups"]) and "cooldown" in update for update in updates)
