"""The SQ rules beyond their examples: exemptions, variants and near misses."""

from pathlib import Path

import pytest

from setsquare.rules import get_rule
from setsquare.rules.engine import check_project, check_sources
from tests.support.checking import write_tree

# Secrets are assembled at run time so that this file holds none in its literals.
AT = "@"
AWS_KEY = "AKIA" + "IOSFODNN7EXAMPLE"
GITHUB_TOKEN = "ghp_" + "a" * 36


def lines(
    tmp_path: Path, code: str, source: str, path: str = "src/app/module.py"
) -> list[int]:
    """Run one module rule over one file.

    Args:
        tmp_path: An empty directory.
        code: The rule code.
        source: The file's content.
        path: The file's path relative to the root.

    Returns:
        The lines the rule reports.
    """
    rule = get_rule(code)
    assert rule is not None
    _ = write_tree(tmp_path, {path: source})
    file = tmp_path / path
    return [d.line for d in check_sources(tmp_path, {file: file.read_bytes()}, [rule])]


def project_messages(tmp_path: Path, code: str, tree: dict[str, str]) -> list[str]:
    """Run one project rule over a tree of files.

    Args:
        tmp_path: An empty directory.
        code: The rule code.
        tree: The files.

    Returns:
        ``path: message`` per finding.
    """
    rule = get_rule(code)
    assert rule is not None
    _ = write_tree(tmp_path, tree)
    return [f"{d.path}: {d.message}" for d in check_project(tmp_path, [rule])]


def test_sq001_when_public_definition_then_left_to_ruff(tmp_path: Path) -> None:
    """Public names are D1xx's; private, nested, override and unexported ones are SQ001's."""
    source = '''"""M."""
from typing import overload, override

__all__ = ["public"]


def public(): ...
def unexported(): ...
class Base:
    """B."""
    def method(self): ...
    @override
    def __eq__(self, other: object) -> bool: ...
def outer():
    """O."""
    def inner(): ...
@overload
def over(x: int) -> int: ...
'''
    assert lines(tmp_path, "SQ001", source) == [8, 11, 13, 16]


def test_sq001_when_module_is_private_then_everything_needs_sq001(
    tmp_path: Path,
) -> None:
    """In ``_impl.py`` ruff treats every name as private, so SQ001 covers them."""
    source = '"""M."""\n\n\ndef helper(): ...\n'
    assert lines(tmp_path, "SQ001", source, "src/app/_impl.py") == [4]
    assert lines(tmp_path, "SQ001", '"""I."""\n', "src/app/__init__.py") == []


def test_sq002_when_protocol_overload_or_abstract_then_exempt(tmp_path: Path) -> None:
    """Empty bodies are the point in protocols, overloads and abstract methods."""
    source = '''"""M."""
from abc import ABC, abstractmethod
from typing import Protocol, overload


class Reader(Protocol):
    """R."""
    def read(self) -> str:
        """Read."""
        ...


class Store(ABC):
    """S."""
    @abstractmethod
    def save(self) -> None:
        """Save."""


@overload
def parse(x: int) -> int: ...
def parse(x: object) -> object:
    """Parse."""
    pass


def later() -> None:
    """Later."""
    ...
'''
    assert lines(tmp_path, "SQ002", source) == [24, 29]


@pytest.mark.parametrize(
    ("comment", "flagged"),
    [
        ("# implement this later", True),
        ("# ... rest of the code unchanged", True),
        ("# your code here", True),
        ("# add logic here", True),
        ("# keeps the existing code path", True),
        ("# implementation detail: sorted for stable output", False),
        ("# the rest of the list is ignored", False),
    ],
)
def test_sq003_when_comment_then_placeholders_only(
    tmp_path: Path, comment: str, *, flagged: bool
) -> None:
    """Only placeholder phrases are flagged, not ordinary comments."""
    source = f'"""M."""\n\nVALUE = 1  {comment}\n'
    assert lines(tmp_path, "SQ003", source) == ([3] if flagged else [])


def test_sq004_when_mixed_bases_or_tests_then_not_flagged(tmp_path: Path) -> None:
    """A project base among the bases, warnings, AppError itself and tests pass."""
    source = '''"""E."""
class AppError(Exception):
    """Root."""
class NotFound(AppError, KeyError):
    """Mixed."""
class Deprecated(UserWarning):
    """A warning category."""
class Plain(ValueError, builtins.KeyError):
    """Bad."""
'''
    assert lines(tmp_path, "SQ004", source) == [8]
    assert lines(tmp_path, "SQ004", source, "tests/unit/test_errors.py") == []


def test_sq005_when_bare_except_without_reraise_then_left_to_e722(
    tmp_path: Path,
) -> None:
    """E722 covers bare excepts that do not re-raise; SQ005 the ones that do."""
    source = '''"""M."""
def f() -> None:
    """F."""
    try:
        pass
    except:
        log()
    try:
        pass
    except:
        raise
'''
    assert lines(tmp_path, "SQ005", source) == [10]


def test_sq006_when_logger_calls_vary_then_only_dunder_name_passes(
    tmp_path: Path,
) -> None:
    """``getLogger()``, a literal or ``name=__name__`` keyword forms are judged."""
    source = '''"""M."""
import logging
from logging import getLogger
a = logging.getLogger(__name__)
b = getLogger(__name__)
c = logging.getLogger()
d = logging.getLogger(__file__)
e = logging.getLogger(name=__name__)
'''
    assert lines(tmp_path, "SQ006", source) == [6, 7]


def test_sq007_when_final_tuple_or_exempt_name_then_not_flagged(tmp_path: Path) -> None:
    """Final, immutable values, ``__all__`` and ``pytestmark`` are fine."""
    source = '''"""M."""
from collections import defaultdict
from typing import Final
import pytest
__all__ = ["X"]
pytestmark = [pytest.mark.slow]
X: Final = {"a": 1}
Y = ("a", "b")
Z = frozenset({1})
if True:
    CACHE = defaultdict(list)
ITEMS: list[int] = [x for x in range(3)]
'''
    assert lines(tmp_path, "SQ007", source) == [11, 12]


@pytest.mark.parametrize(
    ("literal", "flagged"),
    [
        (f"postgresql://app:s3cret{AT}db/app", True),
        (f"redis://:pass-word{AT}cache:6379/0", False),
        (f"postgresql://app:${{DB_PASSWORD}}{AT}db/app", False),
        (f"postgresql://app:<password>{AT}db/app", False),
        ("postgresql://db.internal/app", False),
        (AWS_KEY, True),
        (GITHUB_TOKEN, True),
        ("-----BEGIN RSA " + "PRIVATE KEY-----", True),
        ("sk-" + "x" * 10, False),
    ],
)
def test_sq008_when_literal_then_secrets_found(
    tmp_path: Path, literal: str, *, flagged: bool
) -> None:
    """Credential-shaped URLs and well-known key formats are found; placeholders are not."""
    source = f'"""M."""\n\nVALUE = {literal!r}\n'
    assert lines(tmp_path, "SQ008", source) == ([3] if flagged else [])


@pytest.mark.parametrize(
    ("comment", "flagged"),
    [
        ("# type: ignore", True),
        ("# type: ignore[attr-defined]", True),
        ("# pyright: ignore", True),
        ("# pyright: ignore[reportAny]  # vendored module, untyped", False),
        ("# type: ignore[attr-defined] - stub lags behind", False),
        ("# noqa: E501 - long URL", False),
    ],
)
def test_sq009_when_suppression_then_code_and_reason_required(
    tmp_path: Path, comment: str, *, flagged: bool
) -> None:
    """A suppression needs both a rule code and a reason."""
    source = f'"""M."""\n\nVALUE = 1  {comment}\n'
    assert lines(tmp_path, "SQ009", source) == ([3] if flagged else [])


def test_sq011_when_query_is_not_on_a_session_then_not_flagged(tmp_path: Path) -> None:
    """``db_session.query`` is legacy; ``client.query`` is someone else's API."""
    source = (
        '"""M."""\n\nrows = self.db_session.query(User)\nother = client.query("x")\n'
    )
    assert lines(tmp_path, "SQ011", source) == [3]


def test_sq012_when_between_limits_then_warning(tmp_path: Path) -> None:
    """Over 600 lines is a warning, over 800 an error."""
    rule = get_rule("SQ012")
    assert rule is not None
    _ = write_tree(tmp_path, {"a.py": "x = 1\n" * 601, "b.py": "x = 1\n" * 801})
    sources = {path: path.read_bytes() for path in sorted(tmp_path.glob("*.py"))}
    found = check_sources(tmp_path, sources, [rule])
    assert [(d.path, d.severity) for d in found] == [
        ("a.py", "warning"),
        ("b.py", "error"),
    ]


def test_sq013_when_init_outside_src_then_not_flagged(tmp_path: Path) -> None:
    """Only packages under ``src/`` must declare ``__all__``."""
    assert lines(tmp_path, "SQ013", '"""T."""\n', "tests/__init__.py") == []
    assert lines(tmp_path, "SQ013", '"""P."""\n', "src/pkg/__init__.py") == [1]


@pytest.mark.parametrize(
    ("name", "flagged"),
    [
        ("orders_old.py", True),
        ("orders_backup.py", True),
        ("orders_v2.py", True),
        ("orders copy.py", True),
        ("orders (1).py", True),
        ("orders_v1.py", False),
        ("holder.py", False),
        ("bold.py", False),
    ],
)
def test_sq014_when_file_name_then_stale_copies_found(
    tmp_path: Path, name: str, *, flagged: bool
) -> None:
    """Copy-like suffixes are flagged; words that merely end alike are not."""
    assert lines(tmp_path, "SQ014", '"""M."""\n', f"src/app/{name}") == (
        [1] if flagged else []
    )


def test_sq015_when_every_test_is_decorated_then_marked(tmp_path: Path) -> None:
    """Marking each test is as good as ``pytestmark``."""
    source = '''"""T."""
import pytest


@pytest.mark.integration
def test_a_when_b_then_c() -> None:
    """T."""
'''
    assert lines(tmp_path, "SQ015", source, "tests/integration/test_x.py") == []
    assert lines(tmp_path, "SQ015", source, "tests/unit/test_x.py") == []


def test_sq016_when_class_methods_and_fixtures_then_judged(tmp_path: Path) -> None:
    """Test methods of ``Test*`` classes are judged; helpers are not."""
    source = '''"""T."""


class TestPrices:
    """T."""

    def test_total(self) -> None:
        """T."""

    def test_total_when_empty_then_zero(self) -> None:
        """T."""


def helper() -> None:
    """H."""
'''
    assert lines(tmp_path, "SQ016", source, "tests/unit/test_prices.py") == [7]
    assert lines(tmp_path, "SQ016", source, "src/app/prices.py") == []


def test_sq017_when_package_lacks_modules_then_each_is_named(tmp_path: Path) -> None:
    """Every missing required module is reported at its expected path."""
    found = project_messages(
        tmp_path, "SQ017", {"pyproject.toml": "", "src/app/__init__.py": ""}
    )
    assert [line.split(":")[0] for line in found] == [
        "src/app/__main__.py",
        "src/app/config.py",
        "src/app/exceptions.py",
        "src/app/logging.py",
        "src/app/py.typed",
    ]


@pytest.mark.parametrize(
    ("gitignore", "ignored"),
    [
        (".env\n", True),
        ("/.env\n", True),
        (".env*\n", True),
        ("**/.env\n", True),
        (".env\n!.env\n", False),
        ("# .env\n", False),
        (".envrc\n", False),
    ],
)
def test_sq018_when_gitignore_patterns_then_env_matched(
    tmp_path: Path, gitignore: str, *, ignored: bool
) -> None:
    """Patterns are matched as git would, negations and comments included."""
    found = project_messages(tmp_path, "SQ018", {".gitignore": gitignore})
    assert found == (
        []
        if ignored
        else [".gitignore: .gitignore does not exclude .env: add a `.env` line"]
    )


def test_sq018_when_dockerfile_without_dockerignore_then_flagged(
    tmp_path: Path,
) -> None:
    """A Dockerfile makes ``.dockerignore`` required."""
    found = project_messages(
        tmp_path, "SQ018", {".gitignore": ".env\n", "Dockerfile": "FROM scratch\n"}
    )
    assert found == [".dockerignore: .dockerignore missing: add a `.env` line"]


def test_sq019_when_nonroot_image_or_user_then_accepted(tmp_path: Path) -> None:
    """A ``:nonroot`` base image counts as non-root; ``USER root`` does not."""
    nonroot = 'FROM gcr.io/distroless/cc-debian13:nonroot\nENTRYPOINT ["/app"]\n'
    assert project_messages(tmp_path / "a", "SQ019", {"Dockerfile": nonroot}) == []
    root_user = 'FROM python:3.13-slim\nUSER app\nUSER root\nCMD ["python"]\n'
    assert project_messages(tmp_path / "b", "SQ019", {"Dockerfile": root_user}) == [
        "Dockerfile: the final stage runs as root: add `USER <non-root id>`"
    ]
