"""``setsquare check``: ruff, basedpyright, import-linter, deptry and the SQ rules at once.

The tools start together as subprocesses (one thread waits on each) while the SQ
rules run in this process; their outputs are parsed into one list of ``Diagnostic``.
import-linter (the import contracts) and deptry (the declared dependencies) look at
the whole project, so when only some paths are checked their findings are kept for
those paths. An unchanged re-run is answered from the result cache.

``--changed`` checks the files changed against the base ref (and untracked ones)
and every file that imports them, directly or not (``ruff analyze graph``): a
changed signature breaks its callers, which did not change. basedpyright checks
the importers too, and import-linter's and deptry's findings are kept for them;
ruff and the SQ rules look at one file at a time, so an unchanged file cannot
gain a finding from them and they check the changed files only. The importers of
a deleted file are the files whose text names it (a superset).
"""

import contextlib
import hashlib
import os
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import setsquare
from setsquare.adapters import (
    basedpyright,
    deptry,
    git,
    import_linter,
    result_cache,
    ruff,
)
from setsquare.adapters.canon_config import ToolArguments, tool_arguments
from setsquare.adapters.process import find_executable
from setsquare.adapters.project_settings import configured_baseline
from setsquare.adapters.ruff import ToolOutcome
from setsquare.domain.baseline import apply_baseline, parse_baseline
from setsquare.domain.diagnostics import (
    TOOL_BASEDPYRIGHT,
    TOOL_DEPTRY,
    TOOL_IMPORT_LINTER,
    TOOL_RUFF_CHECK,
    TOOL_RUFF_FORMAT,
    TOOL_SETSQUARE,
    TOOLS,
    CheckReport,
    Diagnostic,
    ToolRun,
    assign_fingerprints,
)
from setsquare.domain.importers import importers, suspected_importers
from setsquare.exceptions import ConfigurationError, NotFoundError, ValidationError
from setsquare.rules.engine import check_project, check_sources
from setsquare.services.check_cache import Collected, cache_key, decode, encode

PYTHON_SUFFIXES: Final = (".py", ".pyi")
_RULES_NICENESS: Final = 10


@dataclass(frozen=True, slots=True)
class CheckRequest:
    """What to check and how.

    Attributes:
        paths: Files or directories; empty for the whole project.
        canon: Check against the canonical configuration, not the project's.
        changed: Only files changed against ``base`` (and untracked ones).
        base: The git ref ``changed`` compares with.
        baseline: A baseline file whose findings do not count; without one, the
            file ``[tool.setsquare] baseline`` in ``pyproject.toml`` names.
        configured_baseline: Apply the configured baseline when ``baseline`` is
            unset (``baseline write`` and ``prune`` see every finding).
        use_cache: Answer an unchanged re-run from the result cache.
        cwd: The directory relative paths start from; the process's by default.
    """

    paths: tuple[Path, ...] = ()
    canon: bool = False
    changed: bool = False
    base: str = "HEAD"
    baseline: Path | None = None
    configured_baseline: bool = True
    use_cache: bool = True
    cwd: Path | None = None


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a check runs.

    Attributes:
        root: The project root (nearest ``pyproject.toml`` upwards).
        targets: Root-relative paths for the tools; empty for the whole project.
        whole_project: Whether the project as a whole is checked (then the
            project-level SQ rules run too).
        importers: Files that import the targets, directly or not, and are
            type-checked with them (``--changed``).
        tree: A digest of every Python file of the project (``--changed``), so a
            cached result is not reused once a file the checked ones import changed.
    """

    root: Path
    targets: tuple[str, ...]
    whole_project: bool
    importers: tuple[str, ...] = ()
    tree: str = ""

    @property
    def checked(self) -> tuple[str, ...]:
        """The files the cross-file tools check: the targets and their importers.

        Returns:
            Root-relative paths; empty for the whole project.
        """
        return (*self.targets, *self.importers)


def find_root(start: Path) -> Path:
    """Find the project root: the nearest directory upwards with ``pyproject.toml``.

    Args:
        start: A directory.

    Returns:
        That directory, or ``start`` when there is none.
    """
    return next(
        (
            folder
            for folder in (start, *start.parents)
            if (folder / "pyproject.toml").is_file()
        ),
        start,
    )


def resolve_scope(paths: Sequence[Path], cwd: Path) -> Scope:
    """Validate the requested paths and find the project they belong to.

    Args:
        paths: Files or directories as the user gave them.
        cwd: The directory relative paths start from.

    Returns:
        The scope.

    Raises:
        NotFoundError: When a path does not exist.
    """
    absolute = [Path(os.path.normpath(cwd / path)) for path in paths]
    for given, path in zip(paths, absolute, strict=True):
        if not path.exists():
            msg = f"{given}: no such file or directory"
            raise NotFoundError(msg)
    start = absolute[0] if absolute else cwd
    root = find_root(start if start.is_dir() else start.parent)
    if not absolute or root in absolute:
        return Scope(root, (), whole_project=True)
    targets = tuple(ruff.relative(root, str(path)) for path in absolute)
    return Scope(root, targets, whole_project=False)


def _changed_scope(scope: Scope, base: str, config: ToolArguments) -> Scope:
    """Narrow a scope to the Python files changed against ``base`` and their importers.

    Args:
        scope: The requested scope.
        base: The git ref to compare with.
        config: The tools' configuration (ruff's import graph honours it).

    Returns:
        A scope over the changed (and untracked) Python files inside it, and the
        files inside it that import them or a deleted file.

    Raises:
        ValidationError: When the root is not in a git working tree.
    """
    root = scope.root
    if not git.is_work_tree(root):
        msg = f"--changed needs a git working tree; {root} is not in one"
        raise ValidationError(msg)
    changed = [
        name
        for name in git.changed_files(root, base)
        if name.endswith(PYTHON_SUFFIXES) and (root / name).is_file()
    ]
    deleted = [
        name for name in git.deleted_files(root, base) if name.endswith(PYTHON_SUFFIXES)
    ]
    if not changed and not deleted:
        return Scope(root, (), whole_project=False)
    graph = ruff.importers_graph(root, config.ruff_args)
    contents = {name: (root / name).read_bytes() for name in sorted(graph)}
    texts = {name: data.decode("utf-8", "replace") for name, data in contents.items()}
    suspects = {name for gone in deleted for name in suspected_importers(gone, texts)}
    found = importers(graph, {*changed, *suspects}) | suspects
    digest = hashlib.sha256()
    for name, data in contents.items():
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return Scope(
        root,
        tuple(name for name in changed if _inside(name, scope.targets)),
        whole_project=False,
        importers=tuple(
            sorted(
                name
                for name in found.difference(changed)
                if _inside(name, scope.targets)
            )
        ),
        tree=digest.hexdigest(),
    )


def _inside(name: str, targets: Sequence[str]) -> bool:
    """Tell whether a root-relative path lies within the checked paths.

    Args:
        name: The path.
        targets: The checked paths; empty for the whole project.

    Returns:
        True when it does (always, for the whole project).
    """
    return not targets or any(
        name == target or name.startswith(f"{target.rstrip('/')}/")
        for target in targets
    )


def _read_baseline(path: Path) -> frozenset[str]:
    """Load a baseline file's fingerprints.

    Args:
        path: The baseline file.

    Returns:
        The fingerprints.

    Raises:
        NotFoundError: When the file does not exist.
        ConfigurationError: When it is not a setsquare baseline.
    """
    try:
        return parse_baseline(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        msg = f"baseline {path} does not exist (create it with `setsquare baseline write`)"
        raise NotFoundError(msg) from error
    except (OSError, ValueError) as error:
        msg = f"baseline {path} is unreadable: {error}"
        raise ConfigurationError(msg) from error


def _lines(
    root: Path, sources: Mapping[Path, bytes], diagnostics: Sequence[Diagnostic]
) -> dict[str, list[str]]:
    """Collect the text lines fingerprints are computed from.

    Args:
        root: The project root.
        sources: The checked files' contents.
        diagnostics: The findings (some point at non-Python files).

    Returns:
        Lines by relative path.
    """
    lines = {
        ruff.relative(root, str(path)): data.decode("utf-8", "replace").splitlines()
        for path, data in sources.items()
    }
    for diagnostic in diagnostics:
        path = root / diagnostic.path
        if diagnostic.path not in lines and path.is_file():
            lines[diagnostic.path] = path.read_text(
                encoding="utf-8", errors="replace"
            ).splitlines()
    return lines


def _own_rules(
    root: Path, sources: Mapping[Path, bytes], *, project: bool
) -> tuple[list[Diagnostic], float]:
    """Run the SQ rules in this thread at a lower scheduling priority.

    The rules compete with basedpyright for the CPU; on Linux this (short-lived)
    thread lowers its own priority so the type checker, the critical path, keeps
    its core. Elsewhere the priority is left alone.

    Args:
        root: The project root.
        sources: The checked files' contents.
        project: Also run the project-level rules.

    Returns:
        The findings and the wall time they took.
    """
    if sys.platform == "linux":
        with contextlib.suppress(OSError):  # a sandbox may forbid it: run normally
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _RULES_NICENESS)
    started = time.monotonic()
    own = check_sources(root, sources)
    if project:
        own += check_project(root)
    return own, time.monotonic() - started


def _per_file_sources(scope: Scope, sources: Mapping[Path, bytes]) -> dict[Path, bytes]:
    """Select the files ruff and the SQ rules check: the targets, not their importers.

    Args:
        scope: The scope.
        sources: Every checked file's contents.

    Returns:
        The targets' contents.
    """
    if not scope.importers:
        return dict(sources)
    targets = set(scope.targets)
    return {
        path: data
        for path, data in sources.items()
        if ruff.relative(scope.root, str(path)) in targets
    }


def _start_tools(
    pool: ThreadPoolExecutor, scope: Scope, config: ToolArguments, *, configured: bool
) -> dict[str, Future[ToolOutcome]]:
    """Start the tools, basedpyright (the longest) first.

    ruff is skipped for a scope whose targets are only the importers of deleted
    files; import-linter and deptry need a ``pyproject.toml``.

    Args:
        pool: Threads that wait on the subprocesses.
        scope: The scope.
        config: The tools' configuration.
        configured: Whether the project has a ``pyproject.toml``.

    Returns:
        The running tools by name.
    """
    root, targets = scope.root, scope.targets
    jobs = {
        TOOL_BASEDPYRIGHT: pool.submit(
            basedpyright.check,
            root,
            scope.checked,
            project=config.pyright_project,
            python=basedpyright.project_python(root),
        )
    }
    if scope.whole_project or targets:
        jobs[TOOL_RUFF_FORMAT] = pool.submit(
            ruff.format_check, root, targets, config.ruff_args
        )
        jobs[TOOL_RUFF_CHECK] = pool.submit(ruff.check, root, targets, config.ruff_args)
    if configured:
        jobs[TOOL_IMPORT_LINTER] = pool.submit(import_linter.check, root)
        jobs[TOOL_DEPTRY] = pool.submit(deptry.check, root)
    return jobs


def _run_all(
    scope: Scope, config: ToolArguments, sources: Mapping[Path, bytes]
) -> Collected:
    """Run the tools concurrently and the SQ rules meanwhile.

    Args:
        scope: The scope.
        config: The tools' configuration.
        sources: The checked files' contents.

    Returns:
        The fingerprinted findings and the tools' timings.
    """
    root, checked = scope.root, scope.checked
    _ = (
        find_executable("ruff"),
        find_executable("basedpyright"),
    )  # fail before starting anything
    configured = (root / "pyproject.toml").is_file()
    with ThreadPoolExecutor(
        max_workers=len(TOOLS), thread_name_prefix="setsquare-check"
    ) as pool:
        jobs = _start_tools(pool, scope, config, configured=configured)
        project = scope.whole_project and configured
        with ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="setsquare-rules"
        ) as own_pool:
            own, own_seconds = own_pool.submit(
                _own_rules, root, _per_file_sources(scope, sources), project=project
            ).result()
        outcomes = {tool: jobs[tool].result() for tool in TOOLS if tool in jobs}
    kept = {
        tool: [d for d in o.diagnostics if _inside(d.path, checked)]
        for tool, o in outcomes.items()
    }
    runs = [
        ToolRun(tool, o.version, o.seconds, len(kept[tool]))
        for tool, o in outcomes.items()
    ]
    runs.append(ToolRun(TOOL_SETSQUARE, setsquare.__version__, own_seconds, len(own)))
    found = [d for diagnostics in kept.values() for d in diagnostics] + own
    fingerprinted = assign_fingerprints(found, _lines(root, sources, found))
    notes = tuple(note for outcome in outcomes.values() for note in outcome.notes)
    return Collected(tuple(fingerprinted), tuple(runs), len(sources), notes)


def _finish(
    scope: Scope,
    result: Collected,
    baseline: frozenset[str] | None,
    *,
    started: float,
    cached: bool,
) -> CheckReport:
    """Apply the baseline and assemble the report.

    Args:
        scope: The scope.
        result: The findings and timings.
        baseline: The baseline's fingerprints, when one is used.
        started: When the check started (``time.monotonic``).
        cached: Whether the result came from the cache.

    Returns:
        The report.
    """
    diagnostics, suppressed, stale = result.diagnostics, 0, 0
    notes = list(result.notes)
    if baseline is not None:
        outcome = apply_baseline(diagnostics, baseline)
        diagnostics, suppressed = outcome.remaining, outcome.suppressed
        stale = len(outcome.stale) if scope.whole_project else 0
        if stale:
            notes.append(
                f"{stale} baseline entries no longer occur: run `setsquare baseline prune`"
            )
    return CheckReport(
        root=scope.root.as_posix(),
        diagnostics=diagnostics,
        tools=result.tools,
        files=result.files,
        seconds=time.monotonic() - started,
        cached=cached,
        baselined=suppressed,
        stale_baseline=stale,
        notes=tuple(notes),
    )


def _collect(
    scope: Scope, config: ToolArguments, *, use_cache: bool, allow_empty: bool
) -> tuple[Collected, bool]:
    """List the files, then answer from the cache or run everything.

    Args:
        scope: The scope.
        config: The tools' configuration.
        use_cache: Consult and fill the result cache.
        allow_empty: Report an empty check instead of failing when ruff lists no
            Python file (``--changed`` with only excluded files).

    Returns:
        The result and whether it came from the cache.

    Raises:
        NotFoundError: When there is no Python file to check.
    """
    listed = ruff.list_files(scope.root, scope.checked, config.ruff_args)
    files = [path for path in listed if path.suffix in PYTHON_SUFFIXES]
    if not files and not allow_empty:
        where = ", ".join(scope.targets) or str(scope.root)
        msg = f"no Python files to check in {where}"
        raise NotFoundError(msg)
    if not files:
        return Collected((), (), 0, ("no Python files to check",)), False
    sources = {path: path.read_bytes() for path in files}
    key = (
        cache_key(
            scope.root,
            (*scope.targets, "importers:", *scope.importers, "tree:", scope.tree),
            whole_project=scope.whole_project,
            config_identity=config.identity,
            sources=sources,
        )
        if use_cache
        else None
    )
    payload = result_cache.load(key) if key is not None else None
    cached = decode(payload) if payload is not None else None
    if cached is not None:
        return cached, True
    result = _run_all(scope, config, sources)
    if key is not None:
        result_cache.store(key, encode(result))
    return result, False


def run_check(request: CheckRequest) -> CheckReport:
    """Check a project (or some of its files) with every tool of the canon.

    Args:
        request: What to check and how.

    Returns:
        The report; ``report.exit_code`` is 1 when an error or warning remains.
    """
    started = time.monotonic()
    scope = resolve_scope(request.paths, request.cwd or Path.cwd())
    baseline_file = request.baseline
    if baseline_file is None and request.configured_baseline:
        baseline_file = configured_baseline(scope.root)
    baseline = _read_baseline(baseline_file) if baseline_file is not None else None
    with tool_arguments(scope.root, canon=request.canon) as config:
        if request.changed:
            scope = _changed_scope(scope, request.base, config)
            if not scope.checked:
                empty = Collected((), (), 0, ("no changed Python files to check",))
                return _finish(scope, empty, baseline, started=started, cached=False)
        result, cached = _collect(
            scope,
            config,
            use_cache=request.use_cache,
            allow_empty=request.changed,
        )
    return _finish(scope, result, baseline, started=started, cached=cached)


__all__ = [
    "PYTHON_SUFFIXES",
    "CheckRequest",
    "Scope",
    "find_root",
    "resolve_scope",
    "run_check",
]
