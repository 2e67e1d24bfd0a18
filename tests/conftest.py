"""Fixtures shared by every suite: an isolated HOME and template repositories."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from setsquare.config import get_settings
from tests.support.cli import Cli, CliResult, run_main
from tests.support.repos import template_repository

TemplateFactory = Callable[[list[tuple[str, dict[str, str]]]], Path]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Give each test its own HOME, so template homes and caches never leak.

    Args:
        tmp_path: pytest's per-test directory.
        monkeypatch: pytest's environment patcher.

    Yields:
        The test's HOME directory.
    """
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in (
        "SETSQUARE_TEMPLATE_HOME",
        "SETSQUARE_SHIPPED_TEMPLATE",
        "SETSQUARE_CACHE_DIR",
    ):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


@pytest.fixture
def make_template(tmp_path: Path) -> TemplateFactory:
    """Return a factory of tagged template repositories under ``tmp_path``.

    Args:
        tmp_path: pytest's per-test directory.

    Returns:
        A function taking ``[(tag, files), ...]`` and returning the repository path.
    """
    counter = iter(range(1000))

    def factory(versions: list[tuple[str, dict[str, str]]]) -> Path:
        """Build one template repository.

        Args:
            versions: ``(tag, files)`` pairs, applied in order.

        Returns:
            The repository path.
        """
        return template_repository(tmp_path / f"template-{next(counter)}", versions)

    return factory


@pytest.fixture
def cli(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    """Run ``setsquare`` in-process through ``main()``: every CLI test's one runner.

    Args:
        tmp_path: pytest's per-test directory, the default working directory.
        monkeypatch: pytest's patcher.
        capsys: pytest's output capture.

    Returns:
        A function of the arguments and the working directory.
    """

    def run(args: list[str], cwd: Path | None = None) -> CliResult:
        """Run one command.

        Args:
            args: The arguments after ``setsquare``.
            cwd: The working directory (default: ``tmp_path``).

        Returns:
            Its exit code and output.
        """
        return run_main(args, cwd or tmp_path, monkeypatch, capsys)

    return run
