"""Render one variant and run every gate in it: the proof ``make test`` and the matrix share.

The gates, in order: ``uv sync --locked``; ruff format, ruff check, basedpyright,
hadolint, setsquare check; the offline validation of the rendered CI, compose,
Dependabot and pre-commit files (JSON schemas, zizmor) and the strict build of the
documentation site, behind a proxy that refuses every connection; for PostgreSQL, Alembic's
``upgrade head``, ``check`` and ``downgrade base`` on a database of its own; pytest with
the test servers mapped into the project's ``<PKG>_TEST_*`` variables; and, with
pre-commit, every hook on every file.
"""

import re
import time
from collections.abc import Generator, Iterable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from uuid import uuid4

from setsquare.adapters.process import find_executable, run
from tests.template.rendering import (
    GateResult,
    find_python,
    project_environment,
    render_locked,
    run_gate,
)
from tests.template.servers import fresh_database, missing, server_url
from tests.template.variants import Variant

STATIC_GATES: Final = (
    ("ruff format --check", ("ruff", "format", "--check", ".")),
    ("ruff check", ("ruff", "check", ".")),
    ("basedpyright", ("basedpyright",)),
    ("hadolint", ("hadolint", "Dockerfile")),
    ("setsquare check", ("setsquare", "check", "--no-cache")),
)
ALEMBIC_GATES: Final = (
    ("alembic upgrade head", ("alembic", "upgrade", "head")),
    ("alembic check", ("alembic", "check")),
    ("alembic downgrade base", ("alembic", "downgrade", "base")),
)
SCHEMA: Final = ("check-jsonschema", "--builtin-schema")
# A workflow's action references, and the form each must have: pinned by commit SHA
# with its release beside it (what Dependabot reads and writes).
USES: Final = re.compile(r"^\s*(?:- )?uses: (.*)$", re.MULTILINE)
PINNED_USE: Final = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+")
# -rsp: the summary names each skipped and each passed test (``behaviours`` reads it).
PYTEST: Final = ("pytest", ("pytest", "-p", "no:cacheprovider", "-rsp"))
DOCS_GATE: Final = ("mkdocs build --strict", ["mkdocs", "build", "--strict"])
# The validations and the documentation build must not fetch anything: a proxy that
# refuses every connection makes any attempt fail.
OFFLINE: Final = {
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "NO_PROXY": "",
}
SERVER_SKIP: Final = "is not set: this test needs a real"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What gating one variant found.

    Attributes:
        variant: The variant.
        project: The rendered project.
        interpreter: The interpreter its venv was made with.
        results: Every gate's result, in order.
        skipped: Why the server gates did not run, or ``None`` when they did (or
            were not needed).
        seconds: How long rendering and gating took.
    """

    variant: Variant
    project: Path
    interpreter: str
    results: list[GateResult]
    skipped: str | None
    seconds: float

    @property
    def failures(self) -> list[GateResult]:
        """The gates that did not pass.

        Returns:
            Their results.
        """
        return [result for result in self.results if not result.passed]

    def output(self, gate: str) -> str:
        """Return one gate's output.

        Args:
            gate: The gate's name.

        Returns:
            What the tool printed.
        """
        (result,) = [result for result in self.results if result.name == gate]
        return result.output


def project_code(variant: Variant) -> str:
    """Name a variant's project compactly (the package name follows it).

    Args:
        variant: The variant.

    Returns:
        E.g. ``svc-pg-rd-gh-pc-313``: at most 19 characters.
    """
    parts = [
        {"library": "lib", "cli": "cli", "service": "svc", "worker": "wrk"}[
            variant.flavour
        ],
        "pg" if variant.database == "postgres" else "nodb",
        "rd" if variant.cache == "redis" else "nocache",
        {"github": "gh", "gitlab": "gl", "none": "noci"}[variant.ci],
        "pc" if variant.pre_commit else "nopc",
        variant.python.replace(".", ""),
    ]
    return "-".join(parts)


def github_gates(workflows: Iterable[str]) -> list[tuple[str, list[str]]]:
    """List the offline validations of a repository's ``.github/`` directory.

    Each workflow against GitHub's workflow schema and the schema that requires a
    timeout on every job, ``dependabot.yml`` against Dependabot's schema (all bundled
    with check-jsonschema, no network), and ``zizmor --offline`` on the whole directory.
    The rendered projects and setsquare's own repository share them.

    Args:
        workflows: The workflow files, relative to the repository.

    Returns:
        ``(name, command)`` pairs, run in the repository.
    """
    gates: list[tuple[str, list[str]]] = []
    for workflow in workflows:
        gates += [
            (
                f"workflow schema {workflow}",
                [*SCHEMA, "vendor.github-workflows", workflow],
            ),
            (
                f"workflow timeouts {workflow}",
                [*SCHEMA, "custom.github-workflows-require-timeout", workflow],
            ),
        ]
    gates += [
        ("dependabot schema", [*SCHEMA, "vendor.dependabot", ".github/dependabot.yml"]),
        ("zizmor", ["zizmor", "--offline", ".github/"]),
    ]
    return gates


def action_uses(workflow: str) -> list[str]:
    """Return what every ``uses:`` of a workflow names, its trailing comment included.

    Args:
        workflow: The workflow's text.

    Returns:
        E.g. ``actions/checkout@<sha> # v7.0.1``, in order; see ``PINNED_USE``.
    """
    return [found.expand(r"\1") for found in USES.finditer(workflow)]


def github_failures(root: Path, workflows: Iterable[str]) -> list[str]:
    """Run ``github_gates`` in a repository with setsquare's own tools.

    Args:
        root: The repository (the one holding ``.github/``).
        workflows: The workflow files, relative to ``root``.

    Returns:
        The report of every gate that did not pass; empty when all passed.
    """
    failures: list[str] = []
    for name, args in github_gates(workflows):
        completed = run(args, cwd=root, check=False, timeout=300)
        if completed.returncode != 0:
            result = GateResult(
                name, completed.returncode, completed.stdout + completed.stderr
            )
            failures.append(result.report())
    return failures


def _config_gates(variant: Variant, project: Path) -> list[tuple[str, list[str]]]:
    """List the offline validations of the rendered configuration files.

    Args:
        variant: The variant.
        project: The rendered project.

    Returns:
        ``(name, command)`` pairs; the tools come from setsquare's own environment.
    """
    gates: list[tuple[str, list[str]]] = []
    if (project / "docker-compose.yml").exists():
        gates.append(
            ("compose schema", [*SCHEMA, "vendor.compose-spec", "docker-compose.yml"])
        )
    if variant.ci == "github":
        gates += github_gates([".github/workflows/ci.yml"])
    if variant.ci == "gitlab":
        gates.append(
            ("gitlab-ci schema", [*SCHEMA, "vendor.gitlab-ci", ".gitlab-ci.yml"])
        )
    if variant.pre_commit:
        gates.append(("pre-commit config", ["pre-commit", "validate-config"]))
    if variant.docs:
        gates.append(DOCS_GATE)
    return gates


@contextmanager
def _server_variables(variant: Variant, package: str) -> Generator[dict[str, str]]:
    """Provide the test servers to a rendered project, a database of its own included.

    Args:
        variant: The variant.
        package: The project's package (its variables' prefix, upper-cased).

    Yields:
        The project's ``<PKG>_TEST_*`` variables and, for Alembic's command line, its
        own server URLs; empty when a server is missing.
    """
    prefix = package.upper()
    variables: dict[str, str] = {}
    with ExitStack() as stack:
        if missing(variant.servers) is None:
            postgres, redis = server_url("postgres"), server_url("redis")
            if "postgres" in variant.servers and postgres is not None:
                name = f"sq_{package}_{uuid4().hex[:8]}"
                url = stack.enter_context(fresh_database(postgres, name))
                variables[f"{prefix}_TEST_DATABASE_URL"] = url
                variables[f"{prefix}_DATABASE_URL"] = url
            if "redis" in variant.servers and redis is not None:
                variables[f"{prefix}_TEST_REDIS_URL"] = redis
                variables[f"{prefix}_REDIS_URL"] = redis
        yield variables


def _pre_commit(project: Path, environment: dict[str, str]) -> GateResult:
    """Run every pre-commit hook on every file of a fresh git repository.

    Args:
        project: The rendered project.
        environment: The project's environment (uv is added to its PATH: the hooks
            run ``uv run``).

    Returns:
        The result of ``pre-commit run --all-files``.
    """
    hooks = dict(
        environment,
        PRE_COMMIT_HOME=str(project.parent / "pre-commit-home"),
        PATH=f"{Path(find_executable('uv')).parent}:{environment['PATH']}",
    )
    for args in (["git", "init", "--quiet"], ["git", "add", "--all"]):
        prepared = run_gate(project, " ".join(args), args, hooks)
        if not prepared.passed:
            return prepared
    return run_gate(
        project, "pre-commit hooks", ["pre-commit", "run", "--all-files"], hooks
    )


def _server_gates(
    variant: Variant, project: Path, environment: dict[str, str]
) -> tuple[list[GateResult], str | None]:
    """Run Alembic and pytest, with the test servers when they are available.

    Args:
        variant: The variant.
        project: The rendered project.
        environment: The project's environment.

    Returns:
        The results, and why the server gates did not run (or ``None``).
    """
    package = project_code(variant).replace("-", "_")
    reason = missing(variant.servers)
    results: list[GateResult] = []
    with _server_variables(variant, package) as variables:
        served = dict(environment, **variables)
        if variant.database == "postgres" and reason is None:
            for name, args in ALEMBIC_GATES:
                results.append(run_gate(project, name, list(args), served))
        # A temporary root of its own: concurrent pytest sessions of one user race
        # when they clean up the shared /tmp/pytest-of-<user>.
        basetemp = f"--basetemp={project.parent / 'pytest-tmp'}"
        tests = run_gate(project, PYTEST[0], [*PYTEST[1], basetemp], served)
        results.append(tests)
    if reason is None and SERVER_SKIP in tests.output:
        skips = [line for line in tests.output.splitlines() if SERVER_SKIP in line]
        results.append(GateResult("server tests ran", 1, "\n".join(skips)))
    return results, reason


def gate_variant(source: Path, workdir: Path, variant: Variant) -> Outcome:
    """Render a variant and run every gate in it.

    Args:
        source: The template source.
        workdir: An empty directory for the render.
        variant: The variant.

    Returns:
        What the gates found.
    """
    started = time.monotonic()
    interpreter = find_python(variant.python)
    code = project_code(variant)
    project = render_locked(source, workdir / code, variant.answers(code), interpreter)
    environment = project_environment(project, interpreter)
    sync = run_gate(project, "uv sync", ["uv", "sync", "--locked"], environment)
    if not sync.passed:
        return Outcome(variant, project, interpreter, [sync], None, 0.0)
    results = [sync]
    results += [
        run_gate(project, name, list(args), environment) for name, args in STATIC_GATES
    ]
    offline = dict(environment, **OFFLINE)
    results += [
        run_gate(project, name, args, offline)
        for name, args in _config_gates(variant, project)
    ]
    server_results, skipped = _server_gates(variant, project, environment)
    results += server_results
    if variant.pre_commit:
        results.append(_pre_commit(project, environment))
    return Outcome(
        variant, project, interpreter, results, skipped, time.monotonic() - started
    )
