"""The rendered Dockerfile's structure, checked without a Docker engine.

The runtime image has no Python of its own: it must receive the uv-managed interpreter
the builder's venv was made with, at the same path. These tests read the stages and
prove that chain, the non-root user, the exec-form entry point, the lint stage the
build depends on, and that hadolint finds nothing.
"""

import fnmatch
import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Final, cast

import pytest

from setsquare.adapters.process import run
from setsquare.domain.dockerfile import Stage, parse_dockerfile
from tests.template.dockerfile import (
    chain_environment,
    context_sources,
    copies_from,
    environment,
    stage_chain,
)
from tests.template.rendering import FLAVOURS, PYTHON_VERSIONS
from tests.template.variants import Variant, render_each

# Each flavour on each Python; service and worker with both servers.
SERVERS: Final = {"service": ("postgres", "redis"), "worker": ("postgres", "redis")}
DOCKER_VARIANTS: Final = tuple(
    Variant(flavour, *SERVERS.get(flavour, ("none", "none")), python=version)
    for version in PYTHON_VERSIONS
    for flavour in FLAVOURS
)

pytestmark = [
    pytest.mark.template,
    pytest.mark.parametrize(
        "variant", DOCKER_VARIANTS, ids=[v.name for v in DOCKER_VARIANTS]
    ),
]

RUNTIME_IMAGE: Final = "gcr.io/distroless/cc-debian13:nonroot"
VENV: Final = "/app/.venv"
# Files every distroless base image holds: the fileExistenceTests of
# GoogleContainerTools/distroless's base/testdata/base.yaml (read at cd080764), which
# cc-debian13 inherits (cc/cc.bzl builds cc on //base:base_<user>_<arch>_debian13).
DISTROLESS_FILES: Final = frozenset(
    {
        "/etc/group",
        "/etc/os-release",
        "/etc/passwd",
        "/etc/services",
        "/etc/ssl/certs/ca-certificates.crt",
        "/home/nonroot",
        "/usr/share/zoneinfo",
    }
)
# Where the uv-managed CPython's OpenSSL looks for CAs without SSL_CERT_FILE.
OPENSSL_DEFAULT_CAFILE: Final = "/etc/ssl/cert.pem"


@pytest.fixture(scope="module")
def rendered(
    template_source: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Render one project per variant, once per module (no task, no lock).

    Args:
        template_source: The template snapshot.
        tmp_path_factory: Where to render.

    Returns:
        The rendered project by variant name.
    """
    return render_each(template_source, tmp_path_factory, DOCKER_VARIANTS, "boxed-app")


@pytest.fixture
def project(rendered: dict[str, Path], variant: Variant) -> Path:
    """Select the project rendered for the test's variant.

    Args:
        rendered: Every rendered project.
        variant: The test's parameter.

    Returns:
        The rendered project.
    """
    return rendered[variant.name]


def _stages(project: Path) -> list[Stage]:
    """Parse the project's Dockerfile.

    Args:
        project: The rendered project.

    Returns:
        Its stages.
    """
    return parse_dockerfile((project / "Dockerfile").read_text(encoding="utf-8"))


def _python_version(project: Path) -> str:
    """Read the Python version the project was rendered for.

    Args:
        project: The rendered project.

    Returns:
        E.g. ``3.13``.
    """
    return (project / ".python-version").read_text(encoding="utf-8").strip()


def test_dockerfile_when_rendered_then_the_runtime_is_distroless_cc_debian13(
    project: Path,
) -> None:
    """The final stage is the glibc-only distroless image, not python3-debian12."""
    runtime = _stages(project)[-1]

    assert runtime.image == RUNTIME_IMAGE


def test_dockerfile_when_rendered_then_the_runtime_holds_the_venvs_interpreter(
    project: Path,
) -> None:
    """The venv is built by a uv-managed CPython whose directory the runtime receives.

    uv-managed interpreters live under ``UV_PYTHON_INSTALL_DIR``; with
    ``only-managed`` the builder's venv is made by one of them, so its ``pyvenv.cfg``
    ``home`` lies under that directory, which the runtime copies to the same path.
    """
    stages = _stages(project)
    builder = stage_chain(stages, "builder")
    inherited = chain_environment(builder)
    install_dir = inherited["UV_PYTHON_INSTALL_DIR"]
    builder_runs = [line for stage in builder for line in stage.arguments("RUN")]
    copied = copies_from(stages[-1], "builder")

    assert install_dir.startswith("/")
    assert inherited["UV_PYTHON_PREFERENCE"] == "only-managed"
    assert inherited["UV_PYTHON"] == _python_version(project)
    assert any(
        f"uv python install {_python_version(project)}" in line for line in builder_runs
    )
    assert any("uv sync --frozen --no-dev" in line for line in builder_runs)
    assert (install_dir, install_dir) in copied
    assert (VENV, VENV) in copied


def test_dockerfile_when_rendered_then_the_runtime_runs_as_non_root(
    project: Path,
) -> None:
    """The final stage sets a user, and it is not root."""
    users = _stages(project)[-1].arguments("USER")

    assert users
    assert users[-1].split(":")[0] not in {"root", "0"}


def test_dockerfile_when_rendered_then_the_entrypoint_is_the_venvs_python_in_exec_form(
    project: Path,
) -> None:
    """``ENTRYPOINT`` is a JSON array: the venv's python ``-m <package>``."""
    (entrypoint,) = _stages(project)[-1].arguments("ENTRYPOINT")

    assert json.loads(entrypoint) == [f"{VENV}/bin/python", "-m", "boxed_app"]


def test_dockerfile_when_rendered_then_the_build_depends_on_a_ruff_lint_stage(
    project: Path,
) -> None:
    """A lint stage runs ruff, and the builder copies from it.

    BuildKit skips stages the target does not depend on, so the builder must take
    something (the checked sources) from the lint stage for ruff to gate the build.
    """
    stages = _stages(project)
    (lint,) = [stage for stage in stages if stage.name == "lint"]
    lint_runs = " && ".join(lint.arguments("RUN"))
    builder = stage_chain(stages, "builder")[0]

    assert "ruff format --check" in lint_runs
    assert "ruff check" in lint_runs
    assert copies_from(builder, "lint")


def test_dockerfile_when_rendered_then_every_image_is_pinned(project: Path) -> None:
    """Images carry explicit tags; uv's is an exact version."""
    stages = _stages(project)
    names = {stage.name for stage in stages}
    images = [stage.image for stage in stages if stage.image not in names]

    assert re.fullmatch(r"ghcr\.io/astral-sh/uv:\d+\.\d+\.\d+", images[0])
    assert all(":" in image and not image.endswith(":latest") for image in images)


def _ignored(path: str, patterns: list[str]) -> bool:
    """Decide whether ``.dockerignore`` patterns exclude a path (last match wins).

    Args:
        path: A path relative to the build context.
        patterns: The file's patterns, in order.

    Returns:
        True when the path is excluded.
    """
    ignored = False
    for line in patterns:
        negated = line.startswith("!")
        pattern = line.removeprefix("!").rstrip("/")
        if fnmatch.fnmatch(path, pattern) or path.startswith(f"{pattern}/"):
            ignored = not negated
    return ignored


def test_dockerignore_when_rendered_then_the_build_inputs_are_kept_and_secrets_dropped(
    project: Path,
) -> None:
    """Everything the Dockerfile copies is sent; ``.env`` never is."""
    lines = (project / ".dockerignore").read_text(encoding="utf-8").splitlines()
    patterns = [
        line.strip() for line in lines if line.strip() and not line.startswith("#")
    ]
    sources = [
        source for stage in _stages(project) for source in context_sources(stage)
    ]

    assert {"pyproject.toml", "uv.lock", "README.md", "src"} <= set(sources)
    assert [source for source in sources if _ignored(source, patterns)] == []
    assert _ignored(".env", patterns)
    assert _ignored("tests/unit/test_text.py", patterns)


def test_hadolint_when_run_on_the_dockerfile_then_it_finds_nothing(
    project: Path,
) -> None:
    """The hadolint linter reports no finding at any level (style included)."""
    completed = run(
        ["hadolint", "--failure-threshold", "style", "Dockerfile"],
        cwd=project,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.strip() == ""


def test_dockerfile_when_rendered_then_only_a_service_listens_on_all_interfaces(
    project: Path, variant: Variant
) -> None:
    """A service image exposes its port and listens on every interface; others do not."""
    runtime = _stages(project)[-1]
    host = environment(runtime).get("BOXED_APP_HOST")

    if variant.flavour == "service":
        assert runtime.arguments("EXPOSE") == ["8000"]
        assert host == "0.0.0.0"  # noqa: S104 - the container's own interfaces
    else:
        assert runtime.arguments("EXPOSE") == []
        assert host is None


def test_dockerfile_when_rendered_then_the_build_has_every_file_the_metadata_names(
    project: Path,
) -> None:
    """The package build finds every file its metadata names: readme and licence."""
    metadata = cast(
        "dict[str, object]",
        tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))[
            "project"
        ],
    )
    named = {str(metadata["readme"]), *cast("list[str]", metadata["license-files"])}
    copied = {
        source
        for stage in stage_chain(_stages(project), "builder")
        for source in context_sources(stage)
    }

    assert named <= copied


def test_dockerfile_when_rendered_then_tls_uses_the_ca_bundle_distroless_ships(
    project: Path, tmp_path: Path
) -> None:
    """``SSL_CERT_FILE`` names the runtime's CA bundle, and CPython's ssl follows it.

    Without it OpenSSL looks for a file distroless does not have, and every TLS
    verification in the image fails.
    """
    cafile = environment(_stages(project)[-1])["SSL_CERT_FILE"]
    bundle = tmp_path / "ca-certificates.crt"
    _ = bundle.write_text("", encoding="utf-8")
    completed = run(
        [
            sys.executable,
            "-c",
            "import ssl; print(ssl.get_default_verify_paths().cafile)",
        ],
        env={"SSL_CERT_FILE": str(bundle)},
        check=False,
    )

    assert cafile == "/etc/ssl/certs/ca-certificates.crt"
    assert cafile in DISTROLESS_FILES
    assert OPENSSL_DEFAULT_CAFILE not in DISTROLESS_FILES
    assert completed.stdout.strip() == str(bundle)


def test_dockerfile_when_rendered_then_a_long_running_image_probes_its_liveness(
    project: Path, variant: Variant
) -> None:
    """``HEALTHCHECK`` runs the light probe module in exec form: liveness only.

    A service's ``/livez`` and a worker's heartbeat never depend on the servers, so
    an orchestrator that restarts unhealthy containers never restarts one for an
    outage it cannot fix.
    """
    checks = _stages(project)[-1].arguments("HEALTHCHECK")
    expected = {
        "service": ["-m", "boxed_app.api.probe", "livez"],
        "worker": ["-m", "boxed_app.api.probe"],
    }

    if variant.flavour not in expected:
        assert checks == []
        return
    (check,) = checks
    options, _, command = check.partition("CMD ")
    assert json.loads(command) == [f"{VENV}/bin/python", *expected[variant.flavour]]
    assert "--interval=" in options
