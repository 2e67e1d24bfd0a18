"""The canon-strictness decisions of ``conform``, on hand-built configurations."""

from typing import Final

from setsquare.domain.dockerfile import final_stage
from setsquare.domain.pytest_strictness import (
    RELAXABLE,
    pytest_weakenings,
    stricter_groups,
)
from setsquare.domain.ruff_selection import RuffRule, Selection, enabled_codes
from setsquare.domain.strictness import (
    ToolConfig,
    basedpyright_weakenings,
    dockerfile_weakenings,
    ruff_weakenings,
    testing_weakenings,
    weakenings,
)

CATALOGUE: Final = [
    RuffRule("D100", preview=False),
    RuffRule("D101", preview=False),
    RuffRule("DOC201", preview=True),
    RuffRule("DOC202", preview=True),
    RuffRule("E501", preview=False),
    RuffRule("E711", preview=False),
    RuffRule("F401", preview=False),
    RuffRule("S101", preview=False),
    RuffRule("PLR0915", preview=False),
]
CANON_LINT: Final[dict[str, object]] = {
    "preview": True,
    "explicit-preview-rules": True,
    "select": ["D", "E", "F", "S", "PL"],
    "extend-select": ["DOC201"],
    "ignore": ["E501"],
    "per-file-ignores": {"tests/**/*.py": ["S101"]},
    "mccabe": {"max-complexity": 10},
    "pylint": {"max-statements": 20},
    "pydocstyle": {"convention": "google"},
    "flake8-tidy-imports": {"banned-api": {"typing.Any": {"msg": "no"}}},
}
CANON_RUFF: Final[dict[str, object]] = {"fix": False, "lint": CANON_LINT}
CANON = ToolConfig.from_pyproject(
    {
        "tool": {
            "ruff": CANON_RUFF,
            "basedpyright": {
                "typeCheckingMode": "all",
                "failOnWarnings": True,
                "enableTypeIgnoreComments": False,
            },
            "pytest": {
                "minversion": "9.0",
                "strict": True,
                "testpaths": ["tests"],
                "addopts": ["-ra", "--cov-fail-under=80"],
                "log_level": "INFO",
                "filterwarnings": ["error"],
            },
        }
    }
)
DOCKERFILE = 'FROM python:3.13 AS build\nFROM gcr.io/distroless/cc-debian13:nonroot\nUSER nonroot\nENTRYPOINT ["/app/.venv/bin/python", "-m", "demo"]\n'


def test_enabled_codes_when_explicit_preview_then_only_exact_preview_codes() -> None:
    """Preview rules need preview and, with explicit-preview-rules, an exact code."""
    selection = Selection(
        ("D",), ("DOC201",), ("E501",), preview=True, explicit_preview_rules=True
    )

    assert enabled_codes(CATALOGUE, selection) == {"D100", "D101", "DOC201"}


def test_enabled_codes_when_more_specific_select_then_it_beats_ignore() -> None:
    """The most specific selector decides, as in ruff."""
    selection = Selection(
        ("D100",), (), ("D",), preview=False, explicit_preview_rules=False
    )

    assert enabled_codes(CATALOGUE, selection) == {"D100"}


def test_enabled_codes_when_prefix_of_other_linter_then_not_matched() -> None:
    """``D`` is pydocstyle only (not pydoclint's DOC); ``PL`` covers PLR codes."""
    selection = Selection(
        ("D", "PL"), (), (), preview=True, explicit_preview_rules=False
    )

    assert enabled_codes(CATALOGUE, selection) == {"D100", "D101", "PLR0915"}


def test_ruff_weakenings_when_same_as_canon_then_none() -> None:
    """The canon is not weaker than itself."""
    assert ruff_weakenings(CANON_RUFF, CANON_RUFF, CATALOGUE) == []


def test_ruff_weakenings_when_stricter_then_none() -> None:
    """Selecting everything and tightening thresholds is allowed."""
    stricter: dict[str, object] = {
        "lint": {
            **CANON_LINT,
            "select": ["ALL"],
            "ignore": [],
            "mccabe": {"max-complexity": 5},
        }
    }

    assert ruff_weakenings(stricter, CANON_RUFF, CATALOGUE) == []


def test_ruff_weakenings_when_family_dropped_and_rule_ignored_then_each_named() -> None:
    """A dropped family is named once, an ignored rule by its code."""
    lint = {**CANON_LINT, "select": ["D", "E", "F", "PL"], "ignore": ["E501", "D101"]}
    names = [w.setting for w in ruff_weakenings({"lint": lint}, CANON_RUFF, CATALOGUE)]

    assert names == ["D101", "S"]


def test_ruff_weakenings_when_per_file_ignore_broader_then_reported() -> None:
    """per-file-ignores may only turn off what the canon turns off there."""
    lint = {
        **CANON_LINT,
        "per-file-ignores": {"tests/**/*.py": ["S101"], "src/**": ["D"]},
    }
    found = ruff_weakenings({"lint": lint}, CANON_RUFF, CATALOGUE)

    assert [(w.setting, w.message) for w in found] == [
        ("per-file-ignores[src/**]", "turns off canon rules: D")
    ]


def test_ruff_weakenings_when_thresholds_raised_and_fix_on_then_reported() -> None:
    """Looser thresholds, a missing ban and ``fix = true`` are weakenings."""
    lint = {
        **CANON_LINT,
        "mccabe": {"max-complexity": 15},
        "flake8-tidy-imports": {},
    }
    names = {
        w.setting
        for w in ruff_weakenings({"fix": True, "lint": lint}, CANON_RUFF, CATALOGUE)
    }

    assert names == {"fix", "mccabe.max-complexity", "banned-api[typing.Any]"}


def test_basedpyright_weakenings_when_mode_strict_and_report_off_then_reported() -> (
    None
):
    """``strict`` instead of ``all`` and a report switched off are both weakenings."""
    project: dict[str, object] = {
        "typeCheckingMode": "strict",
        "failOnWarnings": True,
        "enableTypeIgnoreComments": False,
        "reportAny": False,
        "reportUnusedCallResult": "warning",
    }

    names = [w.setting for w in basedpyright_weakenings(project, CANON.basedpyright)]

    assert names == ["typeCheckingMode", "reportAny"]


def test_testing_weakenings_when_fail_under_lowered_then_reported() -> None:
    """A lower coverage threshold and legacy options short of the canon are weakenings."""
    project = ToolConfig.from_pyproject(
        {
            "tool": {
                "pytest": {"ini_options": {"addopts": "--strict-markers"}},
                "coverage": {"report": {"fail_under": 60}},
            }
        }
    )

    found = [(w.area, w.setting) for w in testing_weakenings(project, CANON)]

    assert found == [
        ("coverage", "fail-under"),
        ("pytest", "strict_config"),
        ("pytest", "strict_xfail"),
        ("pytest", "minversion"),
        ("pytest", "testpaths"),
        ("pytest", "log_level"),
        ("pytest", "filterwarnings"),
    ]


def test_pytest_weakenings_when_legacy_ini_options_match_the_canon_then_none() -> None:
    """``[tool.pytest.ini_options]`` with the old flags is as strict as ``strict``."""
    legacy = {
        "minversion": "9",
        "addopts": "-ra --strict-markers --strict-config --cov-fail-under=80",
        "xfail_strict": "true",
        "testpaths": "tests",
        "log_level": "DEBUG",
        "filterwarnings": ["error", "ignore::DeprecationWarning:somelib"],
    }
    project = ToolConfig.from_pyproject({"tool": {"pytest": {"ini_options": legacy}}})

    assert pytest_weakenings(project.pytest, CANON.pytest) == []


def test_pytest_weakenings_when_strict_overridden_or_warnings_silenced_then_named() -> (
    None
):
    """An option switched off under ``strict`` and a blanket ignore both weaken."""
    project = {
        **CANON.pytest,
        "strict_xfail": False,
        "minversion": "8.4",
        "filterwarnings": ["error", "ignore::DeprecationWarning", "ignore"],
    }

    found = [(w.setting, w.message) for w in pytest_weakenings(project, CANON.pytest)]

    assert found == [
        ("strict_xfail", "is off; the canon sets `strict = true`"),
        ("minversion", "must be at least 9"),
        ("filterwarnings", "'ignore' silences every warning"),
    ]


def test_stricter_groups_when_canon_changed_warnings_or_strictness_then_those_groups() -> (
    None
):
    """Only what the canon made different from the project's own may be relaxed."""
    own: dict[str, object] = {"markers": ["net"], "xfail_strict": True}
    merged = {**own, "strict": True, "filterwarnings": ["error"]}

    assert stricter_groups(merged, own) == list(RELAXABLE)
    assert stricter_groups({**merged, "strict": False}, {**own, "strict": False}) == [
        ("filterwarnings",)
    ]
    assert stricter_groups(own, own) == []


def test_tool_config_when_both_pytest_tables_exist_then_the_native_one_counts() -> None:
    """Pytest 9 reads ``[tool.pytest]`` when it has options; so does ``conform``."""
    document: dict[str, object] = {
        "tool": {"pytest": {"strict": True, "ini_options": {"addopts": "-q"}}}
    }

    assert ToolConfig.from_pyproject(document).pytest == {"strict": True}


def test_ruff_weakenings_when_target_version_given_or_left_to_requires_python_then_none() -> (
    None
):
    """RF002: ruff reads ``requires-python``; repeating it as ``target-version`` is fine too."""
    with_target = {**CANON_RUFF, "target-version": "py312"}

    assert ruff_weakenings(with_target, CANON_RUFF, CATALOGUE) == []
    assert ruff_weakenings(CANON_RUFF, with_target, CATALOGUE) == []


def test_dockerfile_weakenings_when_root_or_shell_form_then_reported() -> None:
    """The final stage must be non-root with an exec-form entry point."""
    assert dockerfile_weakenings(DOCKERFILE) == []
    assert dockerfile_weakenings(None) == []
    root = "FROM debian\nUSER root\nCMD python -m demo\n"

    assert [w.setting for w in dockerfile_weakenings(root)] == ["USER", "ENTRYPOINT"]


def test_final_stage_when_multi_stage_with_continuations_then_last_stage_read() -> None:
    """Only the last stage counts; continuation lines are joined."""
    stage = final_stage(
        'FROM a AS b\nUSER root\nFROM --platform=x c:nonroot\nENTRYPOINT ["x", \\\n "y"]\n'
    )

    assert stage is not None
    assert (stage.base_image, stage.user, stage.exec_form, stage.runs_as_non_root) == (
        "c:nonroot",
        None,
        True,
        True,
    )


def test_weakenings_when_canon_itself_then_none() -> None:
    """All areas together: the canon conforms to itself."""
    assert weakenings(CANON, CANON, CATALOGUE, DOCKERFILE) == []
