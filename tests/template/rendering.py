"""Helpers of the template suite: snapshot, render, and run a rendered project's tools.

The template is rendered from a snapshot of the working tree (``copier.yml`` and
``template/`` copied into a plain directory), so what is tested is what is on disk,
never an older git tag, and no git identity is needed.
"""

import re
import shutil
import subprocess
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from plumbum import local

from setsquare.adapters.process import child_environment, find_executable, run
from tests.support.dist import find_links

REPO_ROOT: Final = Path(__file__).resolve().parents[2]
FIND_PYTHON: Final = REPO_ROOT / "scripts" / "find-python"
PYTHON_VERSIONS: Final = ("3.12", "3.13")
FLAVOURS: Final = ("library", "cli", "service", "worker")
_SCRUBBED_PREFIXES: Final = ("COV_CORE_", "COVERAGE_", "PYTEST_", "VIRTUAL_ENV")
_PLUMBUM_ENVIRONMENT: Final = threading.Lock()
_COVERAGE: Final = re.compile(r"Total coverage: (?P<percent>\d+(?:\.\d+)?)%")


def snapshot_template(destination: Path) -> Path:
    """Copy ``copier.yml`` and ``template/`` from the working tree.

    Args:
        destination: A directory that does not exist yet.

    Returns:
        ``destination``, now a template source copier renders as a plain directory.
    """
    destination.mkdir(parents=True)
    _ = shutil.copy2(REPO_ROOT / "copier.yml", destination / "copier.yml")
    _ = shutil.copytree(
        REPO_ROOT / "template",
        destination / "template",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    return destination


def render(
    source: Path, destination: Path, answers: dict[str, str], *, tasks: bool = False
) -> Path:
    """Render the template with copier's API, never prompting.

    Args:
        source: The template source (see ``snapshot_template``).
        destination: Where to render.
        answers: Answers; unanswered questions take their defaults.
        tasks: Run the template's tasks (``uv lock``).

    Returns:
        ``destination``.
    """
    from copier import run_copy  # noqa: PLC0415 - heavy import, only when rendering

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _ = run_copy(
            str(source),
            destination,
            data=dict(answers),
            defaults=True,
            unsafe=True,
            skip_tasks=not tasks,
            quiet=True,
        )
    return destination


def render_locked(
    source: Path, destination: Path, answers: dict[str, str], interpreter: str
) -> Path:
    """Render with the template's ``uv lock`` task, uv on PATH and pinned to a Python.

    Args:
        source: The template source (see ``snapshot_template``).
        destination: Where to render.
        answers: The variant's answers.
        interpreter: The interpreter ``uv lock`` resolves for.

    Returns:
        ``destination``, with its ``uv.lock``.
    """
    task_environment = uv_environment(interpreter, destination)
    task_environment["PATH"] = (
        f"{Path(find_executable('uv')).parent}:{local.env['PATH']}"
    )
    # copier runs tasks with plumbum's copy of the environment, taken when plumbum
    # was imported: os.environ (monkeypatch.setenv) no longer reaches it. That copy is
    # one per process, so threads (the matrix runner) take turns.
    with _PLUMBUM_ENVIRONMENT, local.env(**task_environment):
        _ = render(source, destination, answers, tasks=True)
    assert (destination / "uv.lock").is_file(), "the task did not run uv lock"
    return destination


def find_python(version: str) -> str:
    """Return the full path of a CPython interpreter (never a pyenv shim).

    Args:
        version: ``3.12`` or ``3.13``.

    Returns:
        The interpreter's path, as ``scripts/find-python`` prints it.
    """
    completed = run([str(FIND_PYTHON), version], check=False)
    assert completed.returncode == 0, (
        f"Python {version} is needed to prove the template: {completed.stderr}"
    )
    return completed.stdout.strip()


def uv_cache_dir() -> str:
    """Return the uv cache shared by every rendered project (and by setsquare's own).

    Returns:
        ``UV_CACHE_DIR`` when set, else the repository's ``.cache/uv``.
    """
    return child_environment().get("UV_CACHE_DIR") or str(REPO_ROOT / ".cache" / "uv")


def uv_environment(interpreter: str, project: Path) -> dict[str, str]:
    """Return the uv variables that pin a rendered project to one interpreter.

    Args:
        interpreter: The full path of the interpreter.
        project: The project uv runs in.

    Returns:
        Variables that forbid downloads, select ``interpreter`` and find setsquare's
        wheel (relative to ``project``, see ``tests.support.dist``).
    """
    return {
        "UV_FIND_LINKS": find_links(project),
        "UV_PYTHON": interpreter,
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_PYTHON_PREFERENCE": "only-system",
        "UV_CACHE_DIR": uv_cache_dir(),
        "UV_NO_PROGRESS": "1",
    }


def project_environment(project: Path, interpreter: str) -> dict[str, str]:
    """Return a child environment as if the rendered project's venv were activated.

    Variables of this test run (coverage, pytest, an active venv) are removed, so the
    rendered project's tools see only their own configuration.

    Args:
        project: The rendered project.
        interpreter: The interpreter uv must use.

    Returns:
        The environment for the project's tools.
    """
    environment = {
        name: value
        for name, value in child_environment().items()
        if not name.startswith(_SCRUBBED_PREFIXES)
    }
    venv = project / ".venv"
    environment.update(uv_environment(interpreter, project))
    environment["VIRTUAL_ENV"] = str(venv)
    environment["PATH"] = f"{venv / 'bin'}:{environment.get('PATH', '')}"
    return environment


def make_environment(project: Path, interpreter: str) -> dict[str, str]:
    """Return ``project_environment`` with uv on ``PATH``, for the project's Makefile.

    Args:
        project: The rendered project.
        interpreter: The interpreter uv must use.

    Returns:
        The environment ``make`` (and the hooks' ``uv run``) need.
    """
    environment = project_environment(project, interpreter)
    environment["PATH"] = f"{Path(find_executable('uv')).parent}:{environment['PATH']}"
    return environment


@dataclass(frozen=True, slots=True)
class GateResult:
    """The outcome of one gate in one rendered project.

    Attributes:
        name: The gate, e.g. ``ruff check``.
        returncode: The tool's exit status.
        output: What the tool printed (stdout, then stderr).
    """

    name: str
    returncode: int
    output: str

    @property
    def passed(self) -> bool:
        """Whether the tool exited 0.

        Returns:
            True when the gate passed.
        """
        return self.returncode == 0

    def report(self) -> str:
        """Describe the gate with the tool's own output.

        Returns:
            A headline and the output.
        """
        return f"--- {self.name}: exit {self.returncode}\n{self.output.strip()}"


def run_gate(
    project: Path, name: str, args: list[str], environment: dict[str, str]
) -> GateResult:
    """Run one tool in a rendered project.

    Args:
        project: The rendered project (working directory).
        name: The gate's name for the report.
        args: The command; ``args[0]`` is looked up in the project's venv first.
        environment: The complete child environment (see ``project_environment``).

    Returns:
        The gate's outcome.
    """
    local = project / ".venv" / "bin" / args[0]
    command = [str(local) if local.exists() else find_executable(args[0]), *args[1:]]
    # subprocess directly: the process adapter adds this process's environment back,
    # and the rendered project's tools must not see this test run's variables.
    completed = subprocess.run(  # noqa: S603 - argument list, no shell
        command,
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    output = "\n".join(part for part in (completed.stdout, completed.stderr) if part)
    return GateResult(name, completed.returncode, output)


def total_coverage(pytest_output: str) -> float:
    """Read pytest-cov's total from its report.

    Args:
        pytest_output: What pytest printed.

    Returns:
        The total coverage in percent.
    """
    found = _COVERAGE.search(pytest_output)
    assert found is not None, f"no coverage total in pytest's output:\n{pytest_output}"
    return float(found["percent"])
