"""SQ009: a type-checker suppression names its rule and gives a reason."""

import re
from collections.abc import Iterator

from setsquare.rules.base import RuleFinding, SourceModule, module_rule

_SUPPRESSION = re.compile(
    r"\b(?P<kind>type|pyright):\s*ignore(?P<codes>\[[^\]]*\])?(?P<rest>.*)$",
    re.MULTILINE,
)
_REASON_SEPARATORS = " \t#-\u2013\u2014:,;"

_BAD = '''"""Reports."""

from shop.legacy import render  # type: ignore


def report() -> str:
    """Render the monthly report."""
    return render("monthly")  # pyright: ignore[reportUnknownVariableType]
'''

_GOOD = '''"""Reports."""

from shop.legacy import render  # pyright: ignore[reportMissingTypeStubs] - vendored, untyped


def report() -> str:
    """Render the monthly report."""
    return render("monthly")  # pyright: ignore[reportUnknownVariableType] - see above
'''


@module_rule(
    "SQ009", bad={"src/shop/reports.py": _BAD}, good={"src/shop/reports.py": _GOOD}
)
def unexplained_suppression(module: SourceModule) -> Iterator[RuleFinding]:
    """A ``type: ignore`` or ``pyright: ignore`` names the rule it silences and why.

    A blanket suppression silences every present and future error on the line; a
    reasonless one cannot be reviewed or removed with confidence. Write
    ``# pyright: ignore[ruleName] - reason``. (The canon also sets
    ``enableTypeIgnoreComments = false``, so only ``pyright: ignore`` works.)

    Args:
        module: The module to check.

    Yields:
        One finding per suppression comment without a rule code or a reason.
    """
    if not module.may_comment(_SUPPRESSION):
        return  # no candidate anywhere: skip tokenizing
    for comment in module.comments:
        match = _SUPPRESSION.search(comment.text)
        if match is None:
            continue
        codes = (match.group("codes") or "").strip("[] ")
        reason = match.group("rest").strip(_REASON_SEPARATORS)
        missing = [
            what
            for what, present in (("a rule code", codes), ("a reason", reason))
            if not present
        ]
        if missing:
            yield RuleFinding(
                comment.line,
                comment.column,
                (
                    f"`{match.group('kind')}: ignore` without {' and '.join(missing)}; "
                    "write `# pyright: ignore[rule] - reason`"
                ),
            )


__all__ = ["unexplained_suppression"]
