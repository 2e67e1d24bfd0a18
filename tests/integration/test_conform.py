"""``setsquare conform`` on projects rendered from real tagged template repositories."""

import json
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Final, cast

import pytest

from setsquare.adapters.copier import read_answers, write_answers
from setsquare.adapters.project_config import LAYERS
from setsquare.adapters.result_cache import cache_directory
from setsquare.domain.conform_checks import ConformCheck
from setsquare.services.conform import (
    ConformRequest,
    Status,
    check_strictness,
    conform,
    version_verdict,
)
from setsquare.services.init import InitRequest, init_project
from tests.conftest import TemplateFactory
from tests.support.checking import canon_without_contracts, write_tree
from tests.support.cli import Cli
from tests.support.repos import commit_all, run_git

CANON_TOML = Path(str(files("setsquare").joinpath("canon.toml"))).read_text(
    encoding="utf-8"
)
DOCKERFILE = 'FROM python:3.13-slim AS build\nFROM gcr.io/distroless/cc-debian13:nonroot\nENTRYPOINT ["/app/.venv/bin/python", "-m", "{{ package_name }}"]\n'
pytestmark = pytest.mark.integration
MISSING_CONTRACTS: Final = (
    "import-linter: [tool.importlinter] is missing: "
    + "the canon enforces the layers with import contracts"
)

V1: Final = {
    "template/Dockerfile.jinja": DOCKERFILE,
    "template/src/{{ package_name }}/logging.py.jinja": '"""Logging of {{ package_name }}."""\n',
    "template/src/{{ package_name }}/service.py": '"""A seeded file."""\n',
    "template/pyproject.toml": '[project]\nname = "demo"\n' + CANON_TOML,
}


def _project(
    make_template: TemplateFactory, tmp_path: Path, *, newer: bool = False
) -> Path:
    """Render a project at v1.0.0 of a template that may have a newer release.

    Args:
        make_template: The template repository factory.
        tmp_path: The test's directory.
        newer: Also release v1.1.0 and v2.0.0 after the render.

    Returns:
        The committed project.
    """
    template = make_template([("v1.0.0", V1)])
    project = init_project(
        InitRequest(
            destination=tmp_path / "proj", template=str(template), defaults=True
        )
    ).destination
    _ = commit_all(project, "rendered")
    if newer:
        _ = (template / "template/NEWS.md").write_text("news\n")
        _ = commit_all(template, "minor", tag="v1.1.0")
        _ = commit_all(template, "major", tag="v2.0.0")
    return project


def test_conform_when_fresh_render_then_every_check_passes(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """A project straight out of init conforms: version, owned files, strictness."""
    report = conform(ConformRequest(project=_project(make_template, tmp_path)))

    assert report.exit_code == 0, report.findings
    assert {(f.check, f.path) for f in report.findings} >= {
        ("owned", "Dockerfile"),
        ("owned", "src/demo/logging.py"),
    }


def test_conform_when_owned_file_edited_then_fails_with_diff_and_seeded_edit_ignored(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """Drift in an owned file fails with a unified diff; seeded files are the project's."""
    project = _project(make_template, tmp_path)
    _ = (project / "src/demo/logging.py").write_text('"""Hand-edited."""\n')
    _ = (project / "src/demo/service.py").write_text('"""Mine now."""\n')
    (project / "Dockerfile").unlink()

    report = conform(ConformRequest(project=project, checks=(ConformCheck.OWNED,)))

    failed = {str(f.path): f for f in report.findings if f.status is Status.FAIL}
    assert report.exit_code == 1
    assert sorted(failed) == ["Dockerfile", "src/demo/logging.py"]
    assert failed["Dockerfile"].message == "owned file is missing"
    assert failed["src/demo/logging.py"].diff is not None
    assert '-"""Hand-edited."""' in failed["src/demo/logging.py"].diff


def test_conform_when_config_weakened_then_each_weakening_named(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """Loosened ruff, basedpyright and coverage settings are reported by name."""
    project = _project(make_template, tmp_path)
    text = (project / "pyproject.toml").read_text()
    text = text.replace('typeCheckingMode = "all"', 'typeCheckingMode = "standard"')
    text = text.replace('ignore = ["E501"]', 'ignore = ["E501", "D", "S608"]')
    text = text.replace("--cov-fail-under=80", "--cov-fail-under=50")
    _ = (project / "pyproject.toml").write_text(text)

    report = conform(ConformRequest(project=project, checks=(ConformCheck.STRICTNESS,)))

    messages = [f.message for f in report.findings]
    assert report.exit_code == 1
    assert "ruff: D rule D is selected by the canon but not enabled" in messages
    assert "ruff: S608 rule S608 is selected by the canon but not enabled" in messages
    assert any(
        m.startswith("basedpyright: typeCheckingMode must be 'all'") for m in messages
    )
    assert any(m.startswith("coverage: fail-under is 50") for m in messages)


def test_conform_when_newer_release_exists_then_version_check_honours_grace(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """Behind the newest release fails; ``--require`` relaxes the floor."""
    project = _project(make_template, tmp_path, newer=True)

    behind = conform(ConformRequest(project=project, checks=(ConformCheck.VERSION,)))
    required = conform(
        ConformRequest(project=project, checks=(ConformCheck.VERSION,), require="1.0")
    )

    assert behind.exit_code == 1
    assert (
        "rendered from 1.0.0 (newest 2.0.0); needs the newest"
        in behind.findings[0].message
    )
    assert required.exit_code == 0


def test_version_verdict_when_allow_behind_then_minor_grace_within_major() -> None:
    """Grace counts minor versions of the newest major only."""
    tags = ["v1.0.0", "v2.0.0", "v2.1.0", "v2.2.0", "not-a-version"]

    assert version_verdict("v2.1.0", tags, None, 1).status is Status.PASS
    assert version_verdict("v2.0.0", tags, None, 1).status is Status.FAIL
    assert version_verdict("v2.2.0-3-gabc1234", tags, None, 0).status is Status.PASS
    assert version_verdict("abc1234", tags, None, 0).status is Status.ERROR
    assert version_verdict("v1.0.0", ["main"], None, 0).status is Status.ERROR


def test_conform_cli_when_no_answers_file_then_exit_2_and_json_reports_error(
    tmp_path: Path, cli: Cli
) -> None:
    """Without an answers file conform cannot tell: exit 2, reported in JSON."""
    _ = (tmp_path / "pyproject.toml").write_text(CANON_TOML)

    result = cli(["conform", str(tmp_path), "--format", "json", "--check", "version"])

    document = cast("dict[str, list[dict[str, str]]]", json.loads(result.stdout))
    assert (result.code, result.stderr) == (2, "")
    assert document["findings"][0]["status"] == "error"
    assert ".copier-answers.yml is missing" in document["findings"][0]["message"]


def test_conform_cli_when_drift_then_github_annotations(
    make_template: TemplateFactory, tmp_path: Path, cli: Cli
) -> None:
    """``--format github`` prints one error annotation per failure, with or without a file."""
    project = _project(make_template, tmp_path)
    _ = (project / "Dockerfile").write_text("FROM debian\nUSER root\n")

    result = cli(["conform", str(project), "--format", "github"])

    assert (result.code, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "::error file=Dockerfile,title=setsquare conform owned::differs from the template",
        "::error title=setsquare conform strictness::dockerfile: USER the final stage "
        + "runs as root (USER root)",
    ]


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (
            "--check=bogus",
            "Invalid value for '--check': Value error, 'bogus' is not one of 'version', 'owned', "
            + "'strictness', 'debt'.",
        ),
        (
            "--format=xml",
            "Invalid value for '--format': Value error, 'xml' is not one of "
            + "'human', 'json', 'github'.",
        ),
    ],
)
def test_conform_cli_when_unknown_option_value_then_exit_2(
    tmp_path: Path, bad: str, error: str, cli: Cli
) -> None:
    """Unknown checks and formats are refused before anything runs."""
    result = cli(["conform", str(tmp_path), bad])

    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"setsquare: error: {error}\n"


def _with_debt(
    project: Path, *, entries: int, limit: int, fail_under: int, relaxed: str
) -> None:
    """Record adoption debt in a project: a baseline, a coverage floor, an owned file.

    The pytest setting ``filterwarnings`` is recorded as kept at the project's own
    value (warnings are not errors).

    Args:
        project: The project.
        entries: How many findings the baseline records.
        limit: The recorded limit of baselined findings.
        fail_under: The project's coverage threshold (the recorded floor is 60).
        relaxed: pytest settings the project relaxes (TOML lines).
    """
    findings = [{"fingerprint": f"f{index}"} for index in range(entries)]
    _ = (project / "base.json").write_text(
        json.dumps({"version": 1, "findings": findings})
    )
    pyproject = project / "pyproject.toml"
    text = (
        pyproject.read_text()
        .replace("--cov-fail-under=80", f"--cov-fail-under={fail_under}")
        .replace('filterwarnings = ["error"]\n', relaxed)
    )
    _ = pyproject.write_text(
        text
        + '\n[tool.setsquare]\nbaseline = "base.json"\n\n[tool.setsquare.debt]\n'
        + f"findings = {limit}\ncoverage = 60\n"
        + 'pytest = ["filterwarnings"]\nowned = ["Dockerfile"]\n'
    )
    (project / "Dockerfile").unlink()


def test_conform_when_debt_is_as_recorded_then_exit_0_with_the_counts(
    make_template: TemplateFactory, tmp_path: Path, cli: Cli
) -> None:
    """Baselined findings, a ratcheted floor and a recorded owned file are debt."""
    project = _project(make_template, tmp_path)
    _with_debt(project, entries=3, limit=3, fail_under=60, relaxed="")

    result = cli(["conform", str(project)])

    assert result.code == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[0] == f"setsquare conform: {project}"
    assert (
        "  [debt] Dockerfile: owned file is missing (recorded debt of the adoption)"
        in lines
    )
    assert (
        "  [debt] base.json: the baseline records 3 findings (at most 3); "
        + "`setsquare baseline prune` drops the fixed ones"
    ) in lines
    assert any(
        line.startswith("  [debt] coverage: fail-under is 60; ") for line in lines
    )
    assert (
        '  [debt] pytest: filterwarnings must contain "error" (recorded debt of the '
        + "adoption: the project's tests did not pass with the canon's)"
    ) in lines
    assert lines[-1] == "result: conforms with recorded debt (4 items above)"


def test_conform_when_debt_grows_then_each_growth_fails(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """More baselined findings, a lower floor, or a pytest setting relaxed anew fail."""
    project = _project(make_template, tmp_path)
    _with_debt(
        project,
        entries=4,
        limit=3,
        fail_under=50,
        relaxed='filterwarnings = ["default"]\nstrict_xfail = false\n',
    )

    report = conform(
        ConformRequest(
            project=project, checks=(ConformCheck.STRICTNESS, ConformCheck.DEBT)
        )
    )

    failed = [f.message for f in report.findings if f.status is Status.FAIL]
    assert report.exit_code == 1
    assert failed == [
        "coverage: fail-under is 50; the canon requires at least 80, "
        + "below the recorded floor 60: the debt may only shrink",
        "pytest: strict_xfail is off; the canon sets `strict = true`",
        "the baseline records 4 findings, more than the recorded 3: "
        + "fix new findings instead of recording them",
    ]


@pytest.mark.parametrize("layered", [True, False], ids=["layered", "flat"])
def test_check_strictness_when_contracts_are_deleted_then_a_layered_tree_fails(
    tmp_path: Path,
    layered: bool,  # noqa: FBT001 - a pytest parameter
) -> None:
    """Deleting ``[tool.importlinter]`` weakens a tree with the canon's layers only."""
    pyproject = '[project]\nname = "demo"\n' + canon_without_contracts()
    tree = {"pyproject.toml": pyproject, "src/demo/__init__.py": ""}
    if layered:
        tree |= {f"src/demo/{layer}/__init__.py": "" for layer in LAYERS}
    project = write_tree(tmp_path / "demo", tree)

    found = [(f.status, f.message) for f in check_strictness(project)]

    if layered:
        assert found == [(Status.FAIL, MISSING_CONTRACTS)]
    else:
        assert found == [(Status.PASS, "at least as strict as the canon")]


def _doctor_owned_render(project: Path) -> Path:
    """Conform once, then doctor the cached render: a reuse reports the doctored text.

    Args:
        project: A freshly rendered project.

    Returns:
        The cache entry.
    """
    assert (
        conform(ConformRequest(project=project, checks=(ConformCheck.OWNED,))).exit_code
        == 0
    )
    (entry,) = cache_directory("conform").glob("*.json")
    cached = cast("dict[str, dict[str, str]]", json.loads(entry.read_text()))
    cached["files"]["Dockerfile"] = "FROM doctored\n"
    _ = entry.write_text(json.dumps(cached))
    return entry


def test_conform_when_run_again_then_cached_owned_render_reused(
    make_template: TemplateFactory, tmp_path: Path
) -> None:
    """A second run on an unchanged project compares with the cached render."""
    project = _project(make_template, tmp_path)
    _ = _doctor_owned_render(project)

    again = conform(ConformRequest(project=project, checks=(ConformCheck.OWNED,)))

    failed = [f.path for f in again.findings if f.status is Status.FAIL]
    assert failed == ["Dockerfile"]


def _change_answer(project: Path) -> None:
    """Record another answer (one no owned file uses).

    Args:
        project: The project.
    """
    write_answers(project, {**read_answers(project), "project_name": "other"})


def _move_tag(project: Path) -> None:
    """Move the recorded tag to a new commit of the template.

    Args:
        project: The project.
    """
    template = Path(str(read_answers(project)["_src_path"]))
    _ = commit_all(template, "same files, new commit")
    _ = run_git(template, "tag", "--force", "v1.0.0")


@pytest.mark.parametrize("change", [_change_answer, _move_tag], ids=["answer", "tag"])
def test_conform_when_answer_or_template_commit_changes_then_rendered_afresh(
    make_template: TemplateFactory, tmp_path: Path, change: Callable[[Path], None]
) -> None:
    """The cached render is keyed by the answers and the commit the version names."""
    project = _project(make_template, tmp_path)
    _ = _doctor_owned_render(project)
    change(project)

    again = conform(ConformRequest(project=project, checks=(ConformCheck.OWNED,)))

    assert again.exit_code == 0, again.findings
    assert len(list(cache_directory("conform").glob("*.json"))) == 2


def test_conform_when_setsquare_version_changes_then_rendered_afresh(
    make_template: TemplateFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another setsquare renders afresh: the key names the versions that render."""
    project = _project(make_template, tmp_path)
    _ = _doctor_owned_render(project)
    monkeypatch.setattr("setsquare.services.owned_render.__version__", "99.0.0")

    again = conform(ConformRequest(project=project, checks=(ConformCheck.OWNED,)))

    assert again.exit_code == 0, again.findings
