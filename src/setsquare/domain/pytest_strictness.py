"""Is a project's pytest configuration as strict as the canon's? Pure comparisons.

pytest 9 reads its native ``[tool.pytest]`` table; older projects use
``[tool.pytest.ini_options]``. Either is accepted, with the same meaning.

Some of the canon's settings change whether a project's existing tests pass at all
(warnings as errors, strict markers and xfail): ``RELAXABLE`` names them, so that
``setsquare adopt`` can keep the project's own values where its tests fail with the
canon's, and record them as debt.
"""

from typing import Final

from setsquare.domain.toml_access import strings
from setsquare.domain.weakening import Weakening

# pytest's strictness switches, each turned on by `strict = true` (pytest 9), by its
# own option (under any of its names), or by the command-line flag that preceded it.
_PYTEST_STRICT: Final[dict[str, tuple[tuple[str, ...], str | None]]] = {
    "strict_markers": (("strict_markers",), "--strict-markers"),
    "strict_config": (("strict_config",), "--strict-config"),
    "strict_xfail": (("strict_xfail", "xfail_strict"), None),
}
# Settings that decide whether existing tests pass; each group is kept at the
# project's own value as a whole.
RELAXABLE: Final = (
    ("filterwarnings",),
    (
        "strict",
        "strict_markers",
        "strict_config",
        "strict_xfail",
        "xfail_strict",
        "strict_parametrization_ids",
    ),
)
_PYTEST_REQUIRED: Final = ("testpaths", "log_level")
_SILENCING_ACTIONS: Final = frozenset({"ignore", "default", "always", "module", "once"})


def _is_true(value: object) -> bool:
    """Read a pytest boolean, native (``true``) or ini-style (``"true"``).

    Args:
        value: The option's value.

    Returns:
        Whether it is on.
    """
    return value is True or str(value).strip().lower() in {"true", "1", "yes"}


def _strict_switch(pytest: dict[str, object], switch: str) -> bool:
    """Tell whether one of pytest's strictness switches is on.

    Args:
        pytest: The pytest configuration.
        switch: A key of ``_PYTEST_STRICT``.

    Returns:
        Its own option when set, else its command-line flag in ``addopts``, else
        the ``strict`` option that turns them all on.
    """
    names, flag = _PYTEST_STRICT[switch]
    for name in names:
        if name in pytest:
            return _is_true(pytest[name])
    if flag is not None and flag in " ".join(strings(pytest.get("addopts"))).split():
        return True
    return _is_true(pytest.get("strict", False))


def _major(value: object) -> int | None:
    """Read the major version of a ``minversion``.

    Args:
        value: The option's value (``"9.0"``, ``9``).

    Returns:
        The major version, or None when it is not a version.
    """
    head = str(value).strip().split(".", maxsplit=1)[0]
    return int(head) if head.isdigit() else None


def _silences_warnings(entry: str) -> bool:
    """Tell whether a ``filterwarnings`` entry stops every warning being an error.

    Args:
        entry: ``action:message:category:module:lineno``.

    Returns:
        True for a silencing action with no message, category or module narrowing it.
    """
    action, *rest = [part.strip() for part in entry.split(":")]
    message, category, module = (*rest, "", "", "")[:3]
    return (
        action in _SILENCING_ACTIONS
        and not message
        and category in {"", "Warning", "builtins.Warning"}
        and not module
    )


def _warning_weakenings(
    project: dict[str, object], canon: dict[str, object]
) -> list[Weakening]:
    """Warnings stay errors: ``error`` kept, nothing after it silencing all of them.

    Args:
        project: The project's pytest configuration.
        canon: The canon's.

    Returns:
        The weakenings.
    """
    if "error" not in strings(canon.get("filterwarnings")):
        return []
    entries = [entry.strip() for entry in strings(project.get("filterwarnings"))]
    if "error" not in entries:
        return [Weakening("pytest", "filterwarnings", 'must contain "error"')]
    last_error = len(entries) - 1 - entries[::-1].index("error")
    return [
        Weakening("pytest", "filterwarnings", f"{entry!r} silences every warning")
        for entry in entries[last_error + 1 :]
        if _silences_warnings(entry)
    ]


def pytest_weakenings(
    project: dict[str, object], canon: dict[str, object]
) -> list[Weakening]:
    """Compare pytest's strictness, minimum version, paths, log level and warnings.

    Args:
        project: The project's pytest configuration (native or ini options).
        canon: The canon's.

    Returns:
        The weakenings, each named after the pytest option.
    """
    found = [
        Weakening("pytest", switch, "is off; the canon sets `strict = true`")
        for switch in _PYTEST_STRICT
        if _strict_switch(canon, switch) and not _strict_switch(project, switch)
    ]
    wanted = _major(canon["minversion"]) if "minversion" in canon else None
    actual = _major(project.get("minversion", ""))
    if wanted is not None and (actual is None or actual < wanted):
        found.append(Weakening("pytest", "minversion", f"must be at least {wanted}"))
    found.extend(
        Weakening("pytest", key, "is not set; the canon sets it")
        for key in _PYTEST_REQUIRED
        if key in canon and not project.get(key)
    )
    found.extend(_warning_weakenings(project, canon))
    return found


def stricter_groups(
    merged: dict[str, object], own: dict[str, object]
) -> list[tuple[str, ...]]:
    """Name the ``RELAXABLE`` groups the canon made different from the project's own.

    Args:
        merged: The pytest options after the canon's were merged in.
        own: The project's own pytest options before.

    Returns:
        The groups with at least one setting that differs.
    """
    return [
        group
        for group in RELAXABLE
        if any(merged.get(key) != own.get(key) for key in group)
    ]


__all__ = ["RELAXABLE", "pytest_weakenings", "stricter_groups"]
