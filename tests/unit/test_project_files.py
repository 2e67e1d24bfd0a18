"""Reading existing projects' metadata and tool configuration from real files."""

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest

import setsquare
from setsquare.adapters.project_config import read_tool_config
from setsquare.adapters.project_metadata import find_packages, read_metadata
from setsquare.domain.adoption import (
    Metadata,
    infer_answers,
    package_from_name,
    python_version,
    role_partner,
)
from setsquare.exceptions import ConfigurationError
from setsquare.logging import configure_logging
from setsquare.services import init as init_module
from tests.support.repos import write_files

PYPROJECT = """\
[project]
name = "Shiny-App"
description = "Shines."
requires-python = ">=3.13"
authors = [{ name = "Grace", email = "grace@example.com" }]

[tool.ruff.lint]
select = ["E"]
"""


def test_read_metadata_when_pyproject_then_project_table_read(tmp_path: Path) -> None:
    """``[project]`` wins and its first author is taken."""
    write_files(
        tmp_path,
        {"pyproject.toml": PYPROJECT, "setup.cfg": "[metadata]\nname = other\n"},
    )

    metadata = read_metadata(tmp_path)

    assert (metadata.source, metadata.text("name"), metadata.first_author()) == (
        "pyproject.toml",
        "Shiny-App",
        {"name": "Grace", "email": "grace@example.com"},
    )


def test_read_metadata_when_setup_cfg_only_then_metadata_section_read(
    tmp_path: Path,
) -> None:
    """setup.cfg's ``[metadata]`` and ``python_requires`` are read."""
    cfg = "[metadata]\nname = cfg-tool\ndescription = From cfg.\nauthor = Lin\n[options]\npython_requires = >=3.8\n"
    write_files(
        tmp_path,
        {"setup.cfg": cfg, "setup.py": "import setuptools\nsetuptools.setup(\n"},
    )

    metadata = read_metadata(tmp_path)

    assert metadata.source == "setup.cfg and setup.py"
    assert metadata.missing == ("setup.py does not parse", "version")
    assert metadata.project == {
        "name": "cfg-tool",
        "description": "From cfg.",
        "requires-python": ">=3.8",
        "authors": [{"name": "Lin"}],
        "dependencies": [],
    }


def test_read_metadata_when_setup_py_computes_values_then_they_are_missing(
    tmp_path: Path,
) -> None:
    """setup.py is read, never run: literals and names read, computed values missing."""
    setup = (
        "from setuptools import setup\nNAME = 'tool'\nDEPS = ['a>=1'] + ['b']\n"
        + "setup(name=NAME, install_requires=DEPS, extras_require={'test': ['pytest']},\n"
        + "      entry_points={'console_scripts': ['tool = tool.cli:main']},\n"
        + "      license=open('LICENSE').read(), version=VERSION)\n"
    )
    write_files(
        tmp_path,
        {"pyproject.toml": "[tool.x]\n", "setup.py": setup, "README.rst": "Tool\n"},
    )

    metadata = read_metadata(tmp_path, {"version": "2.0"})

    assert metadata.missing == ("license",)
    assert metadata.test_requirements == ("pytest",)
    assert metadata.project == {
        "name": "tool",
        "version": "2.0",
        "readme": "README.rst",
        "dependencies": ["a>=1", "b"],
        "optional-dependencies": {"test": ["pytest"]},
        "scripts": {"tool": "tool.cli:main"},
    }


def test_read_metadata_when_pyproject_invalid_then_configuration_error(
    tmp_path: Path,
) -> None:
    """Invalid TOML is a one-line configuration error."""
    write_files(tmp_path, {"pyproject.toml": "[project\n"})

    with pytest.raises(ConfigurationError, match="not valid TOML"):
        _ = read_metadata(tmp_path)


def test_find_packages_when_src_or_flat_then_layout_told(tmp_path: Path) -> None:
    """src/ packages are found first; tests/ is never a package."""
    write_files(tmp_path, {"flat/__init__.py": "", "tests/__init__.py": ""})
    assert find_packages(tmp_path) == (["flat"], False)
    write_files(tmp_path, {"src/inner/__init__.py": ""})

    assert find_packages(tmp_path) == (["inner"], True)


def test_infer_answers_when_names_odd_then_valid_package_and_supported_python() -> None:
    """Names become identifiers; old or odd specifiers fall back sensibly."""
    assert package_from_name("2-Fast") == "pkg_2_fast"
    assert package_from_name("class") == "pkg_class"
    assert python_version(">=3.8") == "3.12"
    assert python_version("==2.7") == "3.13"
    assert python_version("not a specifier") == "3.13"
    assert infer_answers(Metadata(), "pkg", "dir-name") == {
        "project_name": "dir-name",
        "package_name": "pkg",
        "python_version": "3.13",
    }


def test_read_tool_config_when_ruff_toml_and_pyrightconfig_then_they_win(
    tmp_path: Path,
) -> None:
    """ruff.toml and pyrightconfig.json take precedence, as in the tools."""
    write_files(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "ruff.toml": '[lint]\nselect = ["F"]\n',
            "pyrightconfig.json": json.dumps({"typeCheckingMode": "basic"}),
        },
    )

    config = read_tool_config(tmp_path)

    assert config.ruff == {"lint": {"select": ["F"]}}
    assert config.basedpyright == {"typeCheckingMode": "basic"}


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "has no pyproject.toml"),
        ({"pyproject.toml": "x = [\n"}, "not valid TOML"),
        ({"pyproject.toml": "", "pyrightconfig.json": "{"}, "not valid JSON"),
    ],
)
def test_read_tool_config_when_files_broken_then_configuration_error(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    """Missing or broken configuration is a one-line error (conform: cannot tell)."""
    write_files(tmp_path, files)

    with pytest.raises(ConfigurationError, match=message):
        _ = read_tool_config(tmp_path)


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """Undo ``configure_logging`` after the test, so no handler outlives it.

    Yields:
        Nothing; the test runs with setsquare's logger configured.
    """
    yield
    logger = logging.root.manager.loggerDict["setsquare"]
    assert isinstance(logger, logging.Logger)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.setLevel(logging.NOTSET)


@pytest.mark.usefixtures("restored_logging")
def test_configure_logging_when_record_has_extra_then_json_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The JSON log line has UTC time, level, logger, extras and the exception."""
    configure_logging("DEBUG")
    try:
        _ = cast("object", json.loads("{"))
    except json.JSONDecodeError:
        init_module.logger.exception("failed %s", "here", extra={"project": "p"})

    record = cast(
        "dict[str, str]", json.loads(capsys.readouterr().err.splitlines()[-1])
    )
    assert record["message"] == "failed here"
    assert record["logger"] == "setsquare.services.init"
    assert record["level"] == "ERROR"
    assert record["project"] == "p"
    assert record["timestamp"].endswith("+00:00")
    assert "JSONDecodeError" in record["exception"]


def test_python_m_setsquare_when_version_then_prints_versions() -> None:
    """``python -m setsquare --version`` works."""
    completed = subprocess.run(
        [sys.executable, "-m", "setsquare", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0
    version = setsquare.__version__
    assert completed.stdout.startswith(f"setsquare {version} (template {version})")


def test_role_partner_when_readme_or_licence_has_another_name_then_found() -> None:
    """A README or licence in another format plays the canonical file's part."""
    existing = ["COPYING.txt", "README.rst", "setup.py"]

    assert role_partner("README.md", existing) == "README.rst"
    assert role_partner("LICENSE", existing) == "COPYING.txt"
    assert role_partner("LICENSE", ["LICENSE.md", "LICENSES"]) == "LICENSE.md"
    assert role_partner("LICENSE", ["LICENSES", "licensing.py"]) is None
    assert role_partner("Dockerfile", existing) is None
