"""What an SQ rule is, what it sees, and the one registry every rule joins.

A rule is a small function decorated with ``module_rule`` (it sees one Python file)
or ``project_rule`` (it sees the project root). Its docstring is its documentation:
the first line is the summary, the following paragraphs the rationale. The decorator
records the stable code, the default severity and a bad and a good example (each a
small tree of files) that ``setsquare rules`` prints and the tests run.
"""

import ast
import inspect
import io
import re
import tokenize
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Final, Literal

from setsquare.domain.diagnostics import Severity

RuleScope = Literal["module", "project"]
Example = Mapping[str, str]

_SECTION = re.compile(r"^(Args|Arguments|Returns|Yields|Raises|Example|Examples):\s*$")


@dataclass(frozen=True, slots=True)
class RuleFinding:
    """What a rule reports; the engine turns it into a ``Diagnostic``.

    Attributes:
        line: 1-based line.
        column: 1-based column.
        message: What is wrong and what to do.
        end_line: 1-based end line, when known.
        end_column: 1-based end column, when known.
        severity: Overrides the rule's default severity.
        path: The file (relative to the root); project rules must set it.
    """

    line: int
    column: int
    message: str
    end_line: int | None = None
    end_column: int | None = None
    severity: Severity | None = None
    path: str | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    """One ``#`` comment of a module.

    Attributes:
        line: 1-based line.
        column: 1-based column of the ``#``.
        text: The comment, ``#`` included.
    """

    line: int
    column: int
    text: str


class SourceModule:
    """One Python file as the module rules see it; parsing happens once, lazily."""

    def __init__(self, root: Path, path: Path, data: bytes) -> None:
        """Decode a file's bytes; undecodable files get ``text`` None.

        Args:
            root: The project root.
            path: The file's absolute path.
            data: The file's bytes.
        """
        self.path: Path = path
        self.relpath: str = path.relative_to(root).as_posix()
        try:
            self.text: str | None = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.text = None

    @property
    def parts(self) -> tuple[str, ...]:
        """Return the relative path's components.

        Returns:
            E.g. ``("src", "pkg", "mod.py")``.
        """
        return tuple(self.relpath.split("/"))

    @property
    def is_test(self) -> bool:
        """Tell whether this is test code (under ``tests/`` or named ``test_*``).

        Returns:
            True for test modules, conftest files and test helpers.
        """
        name = self.parts[-1]
        return (
            "tests" in self.parts[:-1]
            or name.startswith("test_")
            or name == "conftest.py"
        )

    @property
    def is_stub(self) -> bool:
        """Tell whether this is a ``.pyi`` stub.

        Returns:
            True for stubs.
        """
        return self.relpath.endswith(".pyi")

    @cached_property
    def lines(self) -> tuple[str, ...]:
        """Return the text's lines (empty when undecodable).

        Returns:
            The lines without line endings.
        """
        return tuple(self.text.splitlines()) if self.text is not None else ()

    @cached_property
    def tree(self) -> ast.Module | None:
        """Parse the module.

        Returns:
            The syntax tree, or None when the file does not parse.
        """
        if self.text is None:
            return None
        try:
            return ast.parse(self.text, filename=self.relpath)
        except (SyntaxError, ValueError, RecursionError):
            return None

    @cached_property
    def comments(self) -> tuple[Comment, ...]:
        """Collect the module's comments with ``tokenize``.

        Returns:
            Every comment; none when the file does not tokenize.
        """
        if self.text is None:
            return ()
        found: list[Comment] = []
        try:
            for token in tokenize.generate_tokens(io.StringIO(self.text).readline):
                if token.type == tokenize.COMMENT:
                    line, column = token.start
                    found.append(Comment(line, column + 1, token.string))
        except (tokenize.TokenError, SyntaxError):
            return tuple(found)
        return tuple(found)

    def may_comment(self, pattern: re.Pattern[str]) -> bool:
        """Tell cheaply whether some line's ``#`` part matches ``pattern``.

        A pre-filter for comment rules: tokenizing every module is slow, and a
        ``#`` inside a string only produces a false candidate, never a miss.

        Args:
            pattern: What a comment would contain.

        Returns:
            True when tokenizing could find a matching comment.
        """
        return any(
            pattern.search(line, line.index("#")) for line in self.lines if "#" in line
        )

    @cached_property
    def _index(self) -> dict[type[ast.AST], list[ast.AST]]:
        """Index every node of the tree by its type, in one walk.

        Returns:
            Node lists by node type.
        """
        index: dict[type[ast.AST], list[ast.AST]] = {}
        if self.tree is not None:
            for node in ast.walk(self.tree):
                index.setdefault(type(node), []).append(node)
        return index

    def nodes[NodeT: ast.AST](self, kind: type[NodeT]) -> list[NodeT]:
        """Return every node of one type.

        Args:
            kind: The node class, e.g. ``ast.Call``.

        Returns:
            The nodes, in ``ast.walk`` order.
        """
        return [node for node in self._index.get(kind, []) if isinstance(node, kind)]


@dataclass(frozen=True, slots=True)
class ProjectFiles:
    """The project root as the project rules see it.

    Attributes:
        root: The project's root directory (it holds ``pyproject.toml``).
    """

    root: Path

    def read(self, relpath: str) -> str | None:
        """Read a text file of the project.

        Args:
            relpath: Its path relative to the root.

        Returns:
            The text, or None when it is missing or unreadable.
        """
        try:
            return (self.root / relpath).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None


ModuleCheck = Callable[[SourceModule], Iterable[RuleFinding]]
ProjectCheck = Callable[[ProjectFiles], Iterable[RuleFinding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One registered SQ rule.

    Attributes:
        code: The stable code, ``SQ001``...
        name: A kebab-case name (from the function's name).
        summary: One line: what the canon requires.
        rationale: Why, in a few sentences.
        severity: The default severity of its findings.
        scope: ``module`` (one file at a time) or ``project`` (the root).
        bad: Files that violate the rule (path to content).
        good: The same files, fixed.
        check_module: The check, for a module rule.
        check_project: The check, for a project rule.
    """

    code: str
    name: str
    summary: str
    rationale: str
    severity: Severity
    scope: RuleScope
    bad: Example
    good: Example
    check_module: ModuleCheck | None = None
    check_project: ProjectCheck | None = None


_REGISTRY: Final[dict[str, Rule]] = {}
_CODE = re.compile(r"^SQ\d{3}$")


def _documentation(function: Callable[..., object]) -> tuple[str, str]:
    """Split a rule function's docstring into summary and rationale.

    Args:
        function: The rule function.

    Returns:
        The first line, and the paragraphs before the first Google section.

    Raises:
        ValueError: When the function has no docstring.
    """
    doc = inspect.getdoc(function)
    if not doc:
        msg = f"rule {function.__name__} has no docstring"
        raise ValueError(msg)
    summary, _, rest = doc.partition("\n")
    kept: list[str] = []
    for line in rest.splitlines():
        if _SECTION.match(line):
            break
        kept.append(line)
    return summary.strip(), "\n".join(kept).strip()


def _register(
    function: ModuleCheck | ProjectCheck,
    code: str,
    severity: Severity,
    examples: tuple[Example, Example],
    checks: tuple[ModuleCheck | None, ProjectCheck | None],
) -> None:
    """Describe a rule function from its docstring and add it to the registry.

    Args:
        function: The rule function.
        code: The stable code.
        severity: The default severity.
        examples: The bad and the good example.
        checks: The function as a module check or as a project check.

    Raises:
        ValueError: When the code is malformed or already taken.
    """
    if not _CODE.match(code) or code in _REGISTRY:
        msg = f"invalid or duplicate rule code {code}"
        raise ValueError(msg)
    summary, rationale = _documentation(function)
    name = function.__name__.replace("_", "-")
    scope: RuleScope = "module" if checks[0] is not None else "project"
    bad, good = examples
    _REGISTRY[code] = Rule(
        code, name, summary, rationale, severity, scope, bad, good, *checks
    )


def module_rule(
    code: str, *, bad: Example, good: Example, severity: Severity = "error"
) -> Callable[[ModuleCheck], ModuleCheck]:
    """Register a function as a rule over single modules.

    Args:
        code: The stable code.
        bad: Files that violate the rule.
        good: The same files, fixed.
        severity: The default severity.

    Returns:
        A decorator that registers the function and returns it unchanged.
    """

    def decorate(function: ModuleCheck) -> ModuleCheck:
        """Register ``function`` as a module check.

        Args:
            function: The check.

        Returns:
            The same function.
        """
        _register(function, code, severity, (bad, good), (function, None))
        return function

    return decorate


def project_rule(
    code: str, *, bad: Example, good: Example, severity: Severity = "error"
) -> Callable[[ProjectCheck], ProjectCheck]:
    """Register a function as a rule over the project root.

    Args:
        code: The stable code.
        bad: Files that violate the rule.
        good: The same files, fixed.
        severity: The default severity.

    Returns:
        A decorator that registers the function and returns it unchanged.
    """

    def decorate(function: ProjectCheck) -> ProjectCheck:
        """Register ``function`` as a project check.

        Args:
            function: The check.

        Returns:
            The same function.
        """
        _register(function, code, severity, (bad, good), (None, function))
        return function

    return decorate


def registered() -> list[Rule]:
    """Return the rules registered so far, by code.

    Returns:
        The rules, sorted by code.
    """
    return [_REGISTRY[code] for code in sorted(_REGISTRY)]


__all__ = [
    "Comment",
    "Example",
    "ModuleCheck",
    "ProjectCheck",
    "ProjectFiles",
    "Rule",
    "RuleFinding",
    "RuleScope",
    "SourceModule",
    "module_rule",
    "project_rule",
    "registered",
]
