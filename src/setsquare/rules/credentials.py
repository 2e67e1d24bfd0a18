"""SQ008: no secrets in string literals that name-based rules cannot see."""

import ast
import re
from collections.abc import Iterator
from typing import Final

from setsquare.rules.base import RuleFinding, SourceModule, module_rule

_PATTERNS: Final = (
    (
        "a connection URL with a password",
        re.compile(
            r"\b[a-z][a-z0-9+.-]*://[^\s:/@]+:(?P<secret>[^\s/@]+)@", re.IGNORECASE
        ),
    ),
    ("a private key", re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----")),
    ("an AWS access key", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    (
        "a GitHub token",
        re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{22,})"),
    ),
    ("a GitLab token", re.compile(r"\bglpat-[A-Za-z0-9_-]{20,}")),
    ("a Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("a Stripe key", re.compile(r"\b[rs]k_live_[A-Za-z0-9]{16,}")),
    ("an API secret key", re.compile(r"\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("a PyPI token", re.compile(r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{16,}")),
)
# One pass over each literal finds candidates; only those are matched pattern by pattern.
_ANY_SECRET: Final = re.compile(
    "|".join(f"(?:{p.pattern})" for _, p in _PATTERNS), re.IGNORECASE
)
_PLACEHOLDER_SECRET = re.compile(r"^(?:[$<{%*]|x+$|\*+$)", re.IGNORECASE)

# The bad example is assembled at import time so that this module's own string
# literals never contain a credential-shaped URL (the rule checks setsquare too).
_AT: Final = "@"
_BAD = f'''"""Database access."""

DATABASE_URL = "postgresql://shop:s3cr3t-pass{_AT}db.internal:5432/shop"
'''

_GOOD = '''"""Database access."""

from pydantic import PostgresDsn
from pydantic_settings import BaseSettings


class DatabaseSettings(BaseSettings):
    """Where the database is; the URL comes from the environment."""

    database_url: PostgresDsn
'''


def _secret_kind(text: str) -> str | None:
    """Name the kind of secret a string holds.

    Args:
        text: A string literal's value.

    Returns:
        A description such as ``an AWS access key``, or None.
    """
    if not _ANY_SECRET.search(text):
        return None
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            secret = match.groupdict().get("secret")
            if secret is None or not _PLACEHOLDER_SECRET.match(secret):
                return kind
    return None


@module_rule(
    "SQ008",
    bad={"src/shop/database.py": _BAD},
    good={"src/shop/database.py": _GOOD},
)
def secret_in_literal(module: SourceModule) -> Iterator[RuleFinding]:
    """No credentials in string literals: connection URLs with passwords, known key formats.

    Ruff's S105-S107 find secrets by the variable's name (``password = ...``); a
    connection URL with a password in it or a token with a well-known prefix
    (AWS, GitHub, GitLab, Slack, Stripe, API ``sk-`` keys, Google, PyPI, PEM private
    keys) slips through under any name. Secrets come from the environment through
    the settings class. Placeholder passwords (``${PASSWORD}``, ``<password>``,
    ``***``) are allowed.

    Args:
        module: The module to check.

    Yields:
        One finding per string literal that holds a secret.
    """
    for node in module.nodes(ast.Constant):
        if isinstance(node.value, str):
            kind = _secret_kind(node.value)
            if kind is not None:
                yield RuleFinding(
                    node.lineno,
                    node.col_offset + 1,
                    (
                        f"string literal contains {kind}; read it from the environment "
                        "through the settings class"
                    ),
                )


__all__ = ["secret_in_literal"]
