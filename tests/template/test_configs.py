"""The rendered CI, compose, Dependabot and pre-commit files, validated offline.

Every flavour/database/cache/ci combination is rendered (without the lock task) and
its files are checked against their published JSON schemas (``check-jsonschema
--builtin-schema``, bundled, no network), the GitHub workflow with ``zizmor --offline``
at zero findings, and each file for the promises the schemas cannot express: actions
pinned by commit, least privilege, timeouts, health checks, pinned images.
"""

import re
from dataclasses import replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Final
from urllib.parse import SplitResult, urlsplit

import pytest

from setsquare.adapters.process import run
from setsquare.domain.owned import owned_paths
from tests.support.documents import mapping, read_yaml, sequence
from tests.template.gating import PINNED_USE, action_uses, github_failures
from tests.template.variants import Variant, full_matrix, render_each

pytestmark = pytest.mark.template

# Every static combination with pre-commit on (Python changes none of these files
# beyond the version it names).
CONFIG_VARIANTS: Final = tuple(
    replace(variant, pre_commit=True)
    for variant in full_matrix()
    if variant.python == ("3.12" if variant.ci == "gitlab" else "3.13")
)
GITHUB: Final = tuple(v for v in CONFIG_VARIANTS if v.ci == "github")
GITLAB: Final = tuple(v for v in CONFIG_VARIANTS if v.ci == "gitlab")
COMPOSED: Final = tuple(v for v in CONFIG_VARIANTS if v.servers and v.ci == "none")
CONFORM: Final = "uv run setsquare conform"
IMAGE: Final = re.compile(r"(postgres|redis):\d+\.\d+(\.\d+)?@sha256:[0-9a-f]{64}")
# The files each Dependabot ecosystem rewrites, relative to its directory (GitHub's
# "Dependabot supported ecosystems and repositories"); an ecosystem missing here fails
# the Dependabot test until its files are listed.
ECOSYSTEM_FILES: Final = {
    "github-actions": (
        ".github/workflows/*.yml",
        ".github/workflows/*.yaml",
        "action.yml",
        "action.yaml",
    ),
    "docker": ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "Containerfile"),
    "docker-compose": (
        "docker-compose.yml",
        "docker-compose.yaml",
        "compose.yml",
        "compose.yaml",
    ),
    "uv": ("pyproject.toml", "uv.lock"),
}


def _ids(variants: tuple[Variant, ...]) -> list[str]:
    """Name test cases after their variants.

    Args:
        variants: The variants.

    Returns:
        Their names.
    """
    return [variant.name for variant in variants]


@pytest.fixture(scope="module")
def rendered(
    template_source: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Render every configuration variant once per module, the package named ``pkg``.

    Args:
        template_source: The template snapshot.
        tmp_path_factory: Where to render.

    Returns:
        The rendered project by variant name.
    """
    return render_each(template_source, tmp_path_factory, CONFIG_VARIANTS, "pkg")


def _schema(project: Path, schema: str, path: str) -> None:
    """Validate a file against one of check-jsonschema's bundled schemas.

    Args:
        project: The rendered project.
        schema: The builtin schema's name.
        path: The file, relative to the project.
    """
    completed = run(
        ["check-jsonschema", "--builtin-schema", schema, path],
        cwd=project,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.mark.parametrize("variant", GITHUB, ids=_ids(GITHUB))
def test_github_files_when_validated_then_schemas_and_zizmor_find_nothing(
    rendered: dict[str, Path], variant: Variant
) -> None:
    """The workflow and Dependabot's file pass their schemas; zizmor finds nothing."""
    project = rendered[variant.name]

    assert github_failures(project, [".github/workflows/ci.yml"]) == []


@pytest.mark.parametrize("variant", GITHUB, ids=_ids(GITHUB))
def test_github_workflow_when_read_then_it_is_pinned_and_least_privilege(
    rendered: dict[str, Path], variant: Variant
) -> None:
    """Actions by commit SHA with the version beside; read-only; timeouts; no tokens."""
    path = rendered[variant.name] / ".github" / "workflows" / "ci.yml"
    text = path.read_text(encoding="utf-8")
    workflow = read_yaml(path)
    jobs = {name: mapping(job) for name, job in mapping(workflow["jobs"]).items()}
    uses = action_uses(text)

    assert uses
    assert all(PINNED_USE.fullmatch(use) for use in uses), uses
    assert workflow["permissions"] == {}
    assert set(jobs) == {"check", "conform"}
    for job in jobs.values():
        assert job["permissions"] == {"contents": "read"}
        assert isinstance(job["timeout-minutes"], int)
        checkout = mapping(sequence(job["steps"])[0])
        assert mapping(checkout["with"])["persist-credentials"] is False


@pytest.mark.parametrize("variant", GITHUB, ids=_ids(GITHUB))
def test_github_workflow_when_read_then_it_gates_on_the_chosen_python_with_servers(
    rendered: dict[str, Path], variant: Variant
) -> None:
    """``make check`` on the project's Python, its servers as services; conformance.

    ``conform`` runs the setsquare of the project's own lock (``UV_LOCKED``).
    """
    path = rendered[variant.name] / ".github" / "workflows" / "ci.yml"
    jobs = mapping(read_yaml(path)["jobs"])
    check, conform = mapping(jobs["check"]), mapping(jobs["conform"])
    check_steps = [mapping(step) for step in sequence(check["steps"])]
    setup = mapping(check_steps[1]["with"])
    variables = mapping(check["env"])
    services = set(mapping(check.get("services", {})))

    assert setup["python-version"] == variant.python
    assert check_steps[-1]["run"] == "make check"
    assert services == set(variant.servers)
    assert ("PKG_TEST_DATABASE_URL" in variables) == (variant.database == "postgres")
    assert ("PKG_TEST_REDIS_URL" in variables) == (variant.cache == "redis")
    conform_run = str(mapping(sequence(conform["steps"])[-1])["run"])
    assert conform_run == f"{CONFORM} --format github"
    assert mapping(conform["env"]) == {"UV_LOCKED": "1"}


def _owned_targets(update: dict[str, object]) -> set[str]:
    """Name the template-owned files a Dependabot update entry would rewrite.

    Args:
        update: One entry of ``updates``.

    Returns:
        The owned files (package ``pkg``) that match the ecosystem's files in any of
        the entry's directories.
    """
    directories = update.get("directories", [update.get("directory", "/")])
    patterns = [
        f"{str(directory).strip('/')}/{pattern}".lstrip("/")
        for directory in sequence(directories)
        for pattern in ECOSYSTEM_FILES[str(update["package-ecosystem"])]
    ]
    return {
        path
        for path in owned_paths({"package_name": "pkg"})
        if any(fnmatchcase(path, pattern) for pattern in patterns)
    }


@pytest.mark.parametrize("variant", GITHUB, ids=_ids(GITHUB))
def test_dependabot_when_read_then_no_ecosystem_updates_a_template_owned_file(
    rendered: dict[str, Path], variant: Variant
) -> None:
    """The lock and (with servers) the compose images, grouped; never an owned file.

    The owned files' pins (the workflow's actions, the Dockerfile's images) move with
    template releases: a Dependabot pull request on them would fail ``conform``.
    """
    path = rendered[variant.name] / ".github" / "dependabot.yml"
    updates = [mapping(update) for update in sequence(read_yaml(path)["updates"])]
    ecosystems = {str(update["package-ecosystem"]) for update in updates}
    (uv,) = [update for update in updates if update["package-ecosystem"] == "uv"]
    ignored = [mapping(rule)["dependency-name"] for rule in sequence(uv["ignore"])]
    removed: list[dict[str, object]] = [
        {"package-ecosystem": name} for name in ("github-actions", "docker")
    ]

    assert ecosystems == {"uv"} | ({"docker-compose"} if variant.servers else set())
    assert [_owned_targets(update) for update in updates] == [set()] * len(updates)
    assert all(_owned_targets(update) for update in removed)
    assert all("cooldown" in update and mapping(update["groups"]) for update in updates)
    assert ignored == ["setsquare"]


@pytest.mark.parametrize("variant", GITLAB, ids=_ids(GITLAB))
def test_gitlab_ci_when_validated_then_it_gates_on_the_chosen_python_with_servers(
    rendered: dict[str, Path], variant: Variant
) -> None:
    """The schema passes; ``make check`` on the image of the project's Python.

    ``conform`` runs the setsquare of the project's own lock (``UV_LOCKED``).
    """
    project = rendered[variant.name]
    _schema(project, "vendor.gitlab-ci", ".gitlab-ci.yml")
    document = read_yaml(project / ".gitlab-ci.yml")
    check, conform = mapping(document["check"]), mapping(document["conform"])
    services = [
        str(mapping(item)["alias"]) for item in sequence(check.get("services", []))
    ]
    image = str(mapping(document["default"])["image"])

    assert image.endswith(f"-python{variant.python}-trixie")
    assert check["script"] == ["make check"]
    assert set(services) == set(variant.servers)
    assert all("timeout" in job for job in (check, conform))
    assert conform["script"] == [f"{CONFORM} --format human"]
    assert mapping(document["variables"])["UV_LOCKED"] == "1"


def _services(project: Path) -> dict[str, dict[str, object]]:
    """Read the compose file's services.

    Args:
        project: The rendered project.

    Returns:
        Each service's definition, merge keys resolved, by name.
    """
    compose = read_yaml(project / "docker-compose.yml")
    return {name: mapping(item) for name, item in mapping(compose["services"]).items()}


def _expected_services(variant: Variant) -> set[str]:
    """Name the services a variant's stack runs.

    Args:
        variant: The variant.

    Returns:
        The application and its servers (and the migration job with PostgreSQL).
    """
    services = {"app" if variant.flavour == "service" else "worker"}
    if variant.database == "postgres":
        services |= {"db", "migrate"}
    if variant.cache == "redis":
        services.add("redis")
    return services


@pytest.mark.parametrize("variant", COMPOSED, ids=_ids(COMPOSED))
def test_compose_when_validated_then_every_service_is_health_checked_and_networked(
    rendered: dict[str, Path], variant: Variant
) -> None:
    """The schema passes; each service has a health check and the one network.

    The one-shot ``migrate`` job declares it has none: compose waits for its exit.
    """
    project = rendered[variant.name]
    _schema(project, "vendor.compose-spec", "docker-compose.yml")
    services = _services(project)

    assert set(services) == _expected_services(variant)
    for name, service in services.items():
        healthcheck = mapping(service["healthcheck"])
        expected = {"disable"} if name == "migrate" else {"test", "interval"}
        assert expected <= set(healthcheck), (name, healthcheck)
        assert service["networks"] == ["backend"]


@pytest.mark.parametrize("variant", COMPOSED, ids=_ids(COMPOSED))
def test_compose_when_read_then_images_are_pinned_and_data_is_in_named_volumes(
    rendered: dict[str, Path], variant: Variant
) -> None:
    """Official images by version; the app from the Dockerfile with ``.env``."""
    project = rendered[variant.name]
    services = _services(project)
    app = "app" if variant.flavour == "service" else "worker"
    images = [str(s["image"]) for s in services.values() if "build" not in s]
    volumes = mapping(read_yaml(project / "docker-compose.yml")["volumes"])
    named = {"postgres": "db-data", "redis": "redis-data"}

    assert all(IMAGE.fullmatch(image) for image in images), images
    assert len(images) == len(variant.servers)
    assert set(volumes) == {named[server] for server in variant.servers}
    assert services[app]["env_file"] == [".env"]
    assert mapping(services[app]["build"])["context"] == "."
    if variant.database == "postgres":
        waits = mapping(services[app]["depends_on"])["migrate"]
        assert services["migrate"]["command"] == ["migrate"]
        assert waits == {"condition": "service_completed_successfully"}


def _env_example_urls(project: Path) -> dict[str, SplitResult]:
    """Read the server URLs ``.env.example`` gives for running on this machine.

    Args:
        project: The rendered project.

    Returns:
        ``postgres`` and/or ``redis`` → the parsed URL.
    """
    entries = dict(
        line.split("=", 1)
        for line in (project / ".env.example").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    names = {"postgres": "PKG_DATABASE_URL", "redis": "PKG_REDIS_URL"}
    return {
        server: urlsplit(entries[name])
        for server, name in names.items()
        if name in entries
    }


@pytest.mark.parametrize("variant", COMPOSED, ids=_ids(COMPOSED))
def test_compose_when_read_then_servers_are_published_on_loopback_where_env_points(
    rendered: dict[str, Path], variant: Variant
) -> None:
    """``db``/``redis`` publish their port on 127.0.0.1 only, the one .env.example uses."""
    project = rendered[variant.name]
    services = _services(project)
    names = {"postgres": "db", "redis": "redis"}
    internal = {"postgres": 5432, "redis": 6379}

    for server, url in _env_example_urls(project).items():
        published = sequence(services[names[server]]["ports"])
        assert url.hostname in {"localhost", "127.0.0.1"}, url
        assert published == [f"127.0.0.1:{url.port}:{internal[server]}"]
    assert set(_env_example_urls(project)) == set(variant.servers)


@pytest.mark.parametrize("variant", COMPOSED, ids=_ids(COMPOSED))
def test_compose_when_read_then_the_app_is_checked_by_the_light_probe(
    rendered: dict[str, Path], variant: Variant
) -> None:
    """The health check runs the probe module, never the whole program.

    A service is healthy once ready (compose orders what depends on it by health and
    never restarts it); a worker once its heartbeat is fresh.
    """
    app = "app" if variant.flavour == "service" else "worker"
    check = mapping(_services(rendered[variant.name])[app]["healthcheck"])
    ready = ["readyz"] if variant.flavour == "service" else []

    assert check["test"] == [
        "CMD",
        "/app/.venv/bin/python",
        "-m",
        "pkg.api.probe",
        *ready,
    ]


@pytest.mark.parametrize("variant", CONFIG_VARIANTS, ids=_ids(CONFIG_VARIANTS))
def test_pre_commit_config_when_read_then_every_hook_runs_the_locked_tools(
    rendered: dict[str, Path], variant: Variant
) -> None:
    """Local hooks only (nothing to download), each ``uv run --frozen`` a project tool."""
    config = read_yaml(rendered[variant.name] / ".pre-commit-config.yaml")
    (repository,) = [mapping(repo) for repo in sequence(config["repos"])]
    hooks = [mapping(hook) for hook in sequence(repository["hooks"])]

    assert repository["repo"] == "local"
    assert all(hook["language"] == "system" for hook in hooks)
    assert all(str(hook["entry"]).startswith("uv run --frozen ") for hook in hooks)
    expected = {"setsquare-check", "hadolint"}
    assert {hook["id"] for hook in hooks} == expected | (
        {"zizmor"} if variant.ci == "github" else set()
    )
