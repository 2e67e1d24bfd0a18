"""The template's questions: defaults, derived names, and copier's own validators.

Also the promise to users without setsquare: plain ``copier copy --trust`` of this
repository renders the project, even where ``uv`` is not installed.
"""

import itertools
import shutil
import tomllib
import zipfile
from pathlib import Path
from typing import Final, cast

import pytest
import yaml

import setsquare
from setsquare.adapters.process import find_executable, run
from tests.template.conftest import Copie
from tests.template.rendering import (
    FLAVOURS,
    REPO_ROOT,
    find_python,
    render,
    uv_cache_dir,
)
from tests.template.variants import CACHES, DATABASES, LICENSES, refusal

pytestmark = pytest.mark.template

GIT_IDENTITY: Final = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


INVALID_ANSWERS: Final[tuple[tuple[dict[str, str], str], ...]] = (
    ({"package_name": "logging"}, "'package_name': \"logging\" would shadow"),
    ({"package_name": "test"}, "'package_name': \"test\" would shadow"),
    ({"package_name": "tests"}, "'package_name': \"tests\" would shadow"),
    ({"package_name": "pydantic"}, "'package_name': \"pydantic\" would shadow"),
    ({"package_name": "class"}, "'package_name': \"class\" is a Python keyword"),
    ({"package_name": "My-Pkg"}, "'package_name': \"My-Pkg\" is not a valid"),
    ({"package_name": "2fast"}, "'package_name': \"2fast\" is not a valid"),
    ({"package_name": "p" * 31}, "is longer than 30 characters"),
    ({"project_name": "bad name"}, "'project_name': \"bad name\" is not a valid"),
    ({"project_name": "-dash"}, "'project_name': \"-dash\" is not a valid"),
    ({"project_name": "p" * 41}, "is longer than 40 characters"),
    ({"author_email": "ada"}, "'author_email': \"ada\" is not an e-mail address"),
    ({"author_name": " "}, "'author_name': The author's name must be one"),
    ({"description": "two\nlines"}, "'description': The description must be one"),
    ({"python_version": "3.11"}, "'3.11' is not in ['3.12', '3.13']"),
    ({"flavour": "web"}, "'web' is not in ['library', 'cli', 'service', 'worker']"),
    (
        {"database": "mysql", "flavour": "service"},
        "'mysql' is not in ['none', 'postgres']",
    ),
    (
        {"cache": "memcached", "flavour": "service"},
        "'memcached' is not in ['none', 'redis']",
    ),
    ({"ci": "jenkins"}, "'jenkins' is not in ['github', 'gitlab', 'none']"),
    (
        {"license": "GPL-3.0"},
        "'GPL-3.0' is not in ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'proprietary']",
    ),
    (
        {"flavour": "library", "database": "postgres"},
        "'flavour': flavour=library cannot have database=postgres",
    ),
    (
        {"flavour": "cli", "database": "postgres"},
        "'flavour': flavour=cli cannot have database=postgres",
    ),
    (
        {"flavour": "library", "cache": "redis"},
        "'flavour': flavour=library cannot have cache=redis",
    ),
    (
        {"flavour": "cli", "cache": "redis"},
        "'flavour': flavour=cli cannot have cache=redis",
    ),
    (
        {"flavour": "worker", "cache": "none"},
        "'cache': flavour=worker consumes its jobs from a Redis list",
    ),
)
# The first line of each rendered LICENSE, and the SPDX expression pyproject.toml declares.
LICENSE_TEXTS: Final = {
    "MIT": ("MIT License", "MIT"),
    "Apache-2.0": ("Apache License", "Apache-2.0"),
    "BSD-3-Clause": ("BSD 3-Clause License", "BSD-3-Clause"),
    "proprietary": (
        "Copyright (c) lic developers. All rights reserved.",
        "LicenseRef-Proprietary",
    ),
}


def _answers(project: Path) -> dict[str, object]:
    """Read the answers file copier wrote.

    Args:
        project: The rendered project.

    Returns:
        The recorded answers.
    """
    text = (project / ".copier-answers.yml").read_text(encoding="utf-8")
    return cast("dict[str, object]", yaml.safe_load(text))


def _pyproject(project: Path) -> dict[str, object]:
    """Read the rendered project's ``[project]`` table.

    Args:
        project: The rendered project.

    Returns:
        The table.
    """
    document = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    return cast("dict[str, object]", document["project"])


def test_copier_yml_when_read_then_plain_copier_needs_nothing_from_setsquare() -> None:
    """No Jinja extension or other setsquare code is needed to render."""
    config = cast(
        "dict[str, object]",
        yaml.safe_load((REPO_ROOT / "copier.yml").read_text(encoding="utf-8")),
    )

    assert config["_subdirectory"] == "template"
    assert config["_answers_file"] == ".copier-answers.yml"
    assert "_jinja_extensions" not in config
    assert (REPO_ROOT / "template" / "{{_copier_conf.answers_file}}.jinja").is_file()


def test_template_when_rendered_with_defaults_then_names_follow_the_directory(
    template_source: Path, tmp_path: Path
) -> None:
    """Every question has a default; the names derive from the destination."""
    project = render(template_source, tmp_path / "word-counter", {})

    answers = _answers(project)
    assert {key: answers[key] for key in ("project_name", "package_name")} == {
        "project_name": "word-counter",
        "package_name": "word_counter",
    }
    assert (answers["python_version"], answers["flavour"]) == ("3.13", "library")
    assert (answers["ci"], answers["pre_commit"]) == ("github", True)
    assert "reserved_package_names" not in answers
    assert "python_keywords" not in answers
    assert "setsquare_version" not in answers
    assert (project / "src" / "word_counter" / "api" / "console.py").is_file()
    assert not (project / "src" / "word_counter" / "api" / "cli.py").exists()


@pytest.mark.parametrize(
    ("flavour", "recorded"),
    [
        ("library", {}),
        ("cli", {}),
        ("service", {"database": "none", "cache": "none"}),
        ("worker", {"database": "none", "cache": "redis"}),
    ],
)
def test_template_when_a_flavour_is_chosen_then_only_its_questions_are_recorded(
    template_source: Path, tmp_path: Path, flavour: str, recorded: dict[str, str]
) -> None:
    """``database``/``cache`` are asked (and recorded) for long-running flavours only.

    A worker defaults to Redis, its job queue.
    """
    answers = _answers(render(template_source, tmp_path / "p", {"flavour": flavour}))

    assert {key: answers[key] for key in recorded} == recorded
    assert {"database", "cache"} & set(answers) == set(recorded)


@pytest.mark.parametrize(
    ("flavour", "database", "cache"),
    [(f, d, c) for f, d, c in itertools.product(FLAVOURS, DATABASES, CACHES)],
)
def test_template_when_answers_combine_then_validators_agree_with_the_suite(
    copie: Copie, template_source: Path, flavour: str, database: str, cache: str
) -> None:
    """copier.yml's validators refuse exactly what ``variants.refusal`` refuses."""
    answers = {"flavour": flavour, "database": database, "cache": cache}

    result = copie.copy(extra_answers=answers, template_dir=template_source)

    assert (result.exception is None) == (refusal(flavour, database, cache) is None)


def test_copier_yml_when_read_then_the_setsquare_version_is_this_release() -> None:
    """The CI's conformance job installs the setsquare release of the template."""
    config = cast(
        "dict[str, dict[str, object]]",
        yaml.safe_load((REPO_ROOT / "copier.yml").read_text(encoding="utf-8")),
    )

    assert config["setsquare_version"]["default"] == setsquare.__version__
    assert config["setsquare_version"]["when"] is False


def test_template_when_project_name_has_dots_and_capitals_then_package_is_derived(
    template_source: Path, tmp_path: Path
) -> None:
    """Separators become underscores and letters lower case."""
    project = render(
        template_source, tmp_path / "p", {"project_name": "Data.Cruncher-2"}
    )

    assert _answers(project)["package_name"] == "data_cruncher_2"
    assert (project / "src" / "data_cruncher_2" / "__init__.py").is_file()


def test_template_when_answers_need_escaping_then_pyproject_stays_valid_toml(
    template_source: Path, tmp_path: Path
) -> None:
    """Quotes and backslashes in free text survive into valid TOML."""
    answers = {
        "description": 'Counts "words" \\ lines',
        "author_name": "Ada O'Hara",
        "author_email": "ada@example.org",
    }

    project = _pyproject(render(template_source, tmp_path / "quoted", answers))

    assert project["description"] == 'Counts "words" \\ lines'
    assert project["authors"] == [{"name": "Ada O'Hara", "email": "ada@example.org"}]


def test_template_when_no_email_is_given_then_authors_have_only_a_name(
    template_source: Path, tmp_path: Path
) -> None:
    """An empty e-mail address is left out rather than written empty."""
    project = _pyproject(render(template_source, tmp_path / "anon", {}))

    assert project["authors"] == [{"name": "anon developers"}]


@pytest.mark.parametrize(
    ("answers", "expected"),
    INVALID_ANSWERS,
    ids=[
        "-".join(f"{key}={value!r}"[:24] for key, value in answers.items())
        for answers, _ in INVALID_ANSWERS
    ],
)
def test_template_when_an_answer_is_invalid_then_copier_refuses_it_with_a_message(
    copie: Copie, template_source: Path, answers: dict[str, str], expected: str
) -> None:
    """The template's validators (run by copier) refuse the answer and say why."""
    result = copie.copy(extra_answers=answers, template_dir=template_source)

    assert isinstance(result.exception, ValueError)
    assert expected in str(result.exception)
    assert result.project_dir is None


def _path_without_uv() -> str:
    """Return a PATH holding git and sh but no uv.

    Returns:
        The PATH value.
    """
    directories = {
        str(Path(found).parent)
        for found in (shutil.which("git"), shutil.which("sh"))
        if found is not None
    }
    path = ":".join(sorted(directories))
    assert shutil.which("uv", path=path) is None, f"uv is on {path}"
    return path


def test_copier_cli_when_uv_is_absent_then_the_copy_succeeds_without_a_lock(
    tmp_path: Path,
) -> None:
    """``copier copy --trust`` of this repository works; a missing uv only warns."""
    destination = tmp_path / "plain-copy"
    environment = {"PATH": _path_without_uv(), **GIT_IDENTITY}

    completed = run(
        [
            "copier",
            "copy",
            "--trust",
            "--defaults",
            "--vcs-ref",
            "HEAD",
            "--data",
            "flavour=cli",
            str(REPO_ROOT),
            str(destination),
        ],
        env=environment,
        check=False,
        timeout=300,
    )

    assert completed.returncode == 0, completed.stderr
    assert "uv not found; run 'make install' to create uv.lock" in completed.stderr
    assert (destination / "src" / "plain_copy" / "api" / "cli.py").is_file()
    assert not (destination / "uv.lock").exists()
    assert _answers(destination)["_src_path"] == str(REPO_ROOT)


def test_copier_cli_when_the_package_name_is_a_stdlib_module_then_it_fails_clearly(
    template_source: Path, tmp_path: Path
) -> None:
    """The command exits non-zero with the validator's message."""
    completed = run(
        [
            "copier",
            "copy",
            "--trust",
            "--defaults",
            "--data",
            "package_name=logging",
            str(template_source),
            str(tmp_path / "refused"),
        ],
        check=False,
        timeout=300,
    )

    assert completed.returncode != 0
    assert "Validation error for question 'package_name'" in completed.stderr
    assert '"logging" would shadow the standard-library' in completed.stderr
    assert not (tmp_path / "refused").exists()


def test_copier_cli_when_uv_lock_fails_then_the_copy_still_succeeds(
    template_source: Path, tmp_path: Path
) -> None:
    """Offline with an empty cache, ``uv lock`` fails: a warning, not a failed copy."""
    destination = tmp_path / "offline"
    environment = {
        "PATH": f"{Path(find_executable('uv')).parent}:{_path_without_uv()}",
        "UV_OFFLINE": "1",
        "UV_CACHE_DIR": str(tmp_path / "empty-cache"),
        "UV_PYTHON": find_python("3.13"),
        "UV_PYTHON_DOWNLOADS": "never",
    }

    completed = run(
        [
            "copier",
            "copy",
            "--trust",
            "--defaults",
            str(template_source),
            str(destination),
        ],
        env=environment,
        check=False,
        timeout=300,
    )

    assert completed.returncode == 0, completed.stderr
    assert "'uv lock' failed; run 'make install' to create uv.lock" in completed.stderr
    assert (destination / "pyproject.toml").is_file()
    assert not (destination / "uv.lock").exists()


@pytest.mark.parametrize("license_name", LICENSES)
def test_template_when_a_licence_is_chosen_then_license_and_the_wheel_declare_it(
    template_source: Path, tmp_path: Path, license_name: str
) -> None:
    """LICENSE holds the text; PEP 639 fields name it; the built wheel carries both."""
    project = render(template_source, tmp_path / "lic", {"license": license_name})
    heading, expression = LICENSE_TEXTS[license_name]

    text = (project / "LICENSE").read_text(encoding="utf-8")
    metadata = _pyproject(project)
    built = run(
        ["uv", "build", "--wheel", "--out-dir", str(tmp_path / "dist"), str(project)],
        env={
            "UV_PYTHON": find_python("3.13"),
            "UV_PYTHON_DOWNLOADS": "never",
            "UV_CACHE_DIR": uv_cache_dir(),
        },
        check=False,
        timeout=300,
    )

    assert text.strip().splitlines()[0].strip() == heading
    assert (metadata["license"], metadata["license-files"]) == (expression, ["LICENSE"])
    private = ["Private :: Do Not Upload"] if license_name == "proprietary" else []
    assert metadata.get("classifiers", []) == private
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        wheel_metadata = archive.read(metadata_name).decode("utf-8")
    assert f"License-Expression: {expression}\n" in wheel_metadata
    assert "License-File: LICENSE\n" in wheel_metadata
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_template_when_docs_take_their_default_then_only_a_library_has_a_site(
    template_source: Path, tmp_path: Path, flavour: str
) -> None:
    """A library's users read its API reference; the other flavours opt in."""
    project = render(template_source, tmp_path / "d", {"flavour": flavour})

    has_docs = flavour == "library"
    assert _answers(project)["docs"] is has_docs
    assert (project / "mkdocs.yml").is_file() is has_docs
    assert ("docs:" in (project / "Makefile").read_text(encoding="utf-8")) is has_docs
