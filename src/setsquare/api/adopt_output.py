"""Render the outcome of ``adopt`` for a terminal."""

from setsquare.services.adopt import AdoptResult


def _debt_lines(result: AdoptResult) -> list[str]:
    """Describe the recorded debt.

    Args:
        result: The outcome.

    Returns:
        The lines (none when no debt was recorded).
    """
    if result.debt is None:
        return []
    debt = result.debt.debt
    lines = [
        f"debt: {debt.findings} findings recorded in setsquare-baseline.json; "
        + "`setsquare check` (make check, pre-commit, CI) fails only on new ones"
    ]
    if debt.coverage is not None:
        lines.append(
            f"debt: coverage floor {debt.coverage:g} % (measured "
            + f"{result.debt.coverage or 0:.1f} %; the canon's is 80 %): it may only rise"
        )
    lines.extend(
        f"debt: pytest {setting} kept at the project's own value (its tests fail "
        + "with the canon's): fix them, then drop it from [tool.setsquare.debt]"
        for setting in debt.pytest
    )
    lines.extend(
        f"debt: {path} does not match the template yet (owned)" for path in debt.owned
    )
    lines.extend(f"note: {note}" for note in result.debt.notes)
    return lines


def adoption_lines(result: AdoptResult) -> list[str]:
    """Summarise an adoption: answers, files, conflicts, gaps and debt.

    Args:
        result: The outcome.

    Returns:
        The lines.
    """
    lines = ["answers: " + ", ".join(f"{k}={v}" for k, v in result.answers.items())]
    if result.moved:
        lines.append(f"moved (git mv): {result.moved[0]} -> {result.moved[1]}")
    lines.extend(f"added: {path}" for path in result.added)
    lines.extend(f"merged: {path}" for path in result.merged)
    lines.extend(
        f"conflict: {c.kept} kept; the canon's version is in {c.rej}"
        for c in result.conflicts
    )
    lines.extend(f"gap: {gap} (reported, not generated)" for gap in result.gaps)
    lines.extend(_debt_lines(result))
    return lines


__all__ = ["adoption_lines"]
