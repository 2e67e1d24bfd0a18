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

import sys
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import setsquare
from setsquare.adapters import (
    basedpyright,
    deptry,
    import_linter,
    result_cache,
    ruff,
)
from setsquare.adapters.canon_config import ToolArguments, tool_arguments
from setsquare.adapters.process import find_executable, lower_priority
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
from setsquare.exceptions import ConfigurationError, NotFoundError
from setsquare.rules.engine import check_project, check_sources
from setsquare.services.check_cache import Collected, cache_key, decode, encode
from setsquare.services.check_scope import (
    PYTHON_SUFFIXES,
    Scope,
    changed_scope,
    inside,
    resolve_scope,
    tree_digest,
)


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


def _fingerprinted(
    root: Path, lines: dict[str, list[str]], diagnostics: Sequence[Diagnostic]
) -> list[Diagnostic]:
    """Fingerprint findings, reading the lines of the files outside the checked ones.

    Fingerprints count occurrences per tool, so each tool's findings can be
    fingerprinted on their own (the others' while basedpyright still runs).

    Args:
        root: The project root.
        lines: Lines by relative path, the checked files' at least; files some
            findings point at (non-Python files) are added.
        diagnostics: One or more tools' findings, all of each tool's.

    Returns:
        The findings, sorted, with fingerprints.
    """
    for diagnostic in diagnostics:
        path = root / diagnostic.path
        if diagnostic.path not in lines and path.is_file():
            lines[diagnostic.path] = path.read_text(
                encoding="utf-8", errors="replace"
            ).splitlines()
    return assign_fingerprints(diagnostics, lines)


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
    if sys.platform == "linux":  # elsewhere the call would lower the whole process
        lower_priority(threading.get_native_id())
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
    _ = (
        find_executable("ruff"),
        find_executable("basedpyright"),
    )  # fail before starting anything
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

    basedpyright, the critical path, starts first at normal priority; the other
    tools and the SQ rules run at a lower one, and their findings are fingerprinted
    while basedpyright still runs, so little is left to do once it ends.

    Args:
        scope: The scope.
        config: The tools' configuration.
        sources: The checked files' contents.

    Returns:
        The fingerprinted findings and the tools' timings.
    """
    root, checked = scope.root, scope.checked
    configured = (root / "pyproject.toml").is_file()
    with ThreadPoolExecutor(
        max_workers=len(TOOLS), thread_name_prefix="setsquare-check"
    ) as pool:
        jobs = _start_tools(pool, scope, config, configured=configured)
        with ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="setsquare-rules"
        ) as own_pool:
            rules = own_pool.submit(
                _own_rules,
                root,
                _per_file_sources(scope, sources),
                project=scope.whole_project and configured,
            )
            lines = _source_lines(root, sources)
            own, own_seconds = rules.result()
        others = [tool for tool in jobs if tool != TOOL_BASEDPYRIGHT]
        kept: dict[str, list[Diagnostic]] = {}
        if all(jobs[tool].exception() is None for tool in others):
            kept = {tool: _kept(jobs[tool].result(), checked) for tool in others}
        early = _fingerprinted(root, lines, [*own, *chain(*kept.values())])
        # The first failure in TOOLS order is the one reported.
        outcomes = {tool: jobs[tool].result() for tool in TOOLS if tool in jobs}
    kept[TOOL_BASEDPYRIGHT] = _kept(outcomes[TOOL_BASEDPYRIGHT], checked)
    late = _fingerprinted(root, lines, kept[TOOL_BASEDPYRIGHT])
    runs = [
        *(
            ToolRun(tool, o.version, o.seconds, len(kept[tool]))
            for tool, o in outcomes.items()
        ),
        ToolRun(TOOL_SETSQUARE, setsquare.__version__, own_seconds, len(own)),
    ]
    notes = tuple(note for outcome in outcomes.values() for note in outcome.notes)
    found = sorted([*early, *late], key=lambda d: d.sort_key)
    return Collected(tuple(found), tuple(runs), len(sources), notes)


def _kept(outcome: ToolOutcome, checked: Sequence[str]) -> list[Diagnostic]:
    """Keep a tool's findings in the checked files (whole-project tools report more).

    Args:
        outcome: The tool's outcome.
        checked: The checked paths; empty for the whole project.

    Returns:
        The findings inside them.
    """
    return [d for d in outcome.diagnostics if inside(d.path, checked)]


def _source_lines(root: Path, sources: Mapping[Path, bytes]) -> dict[str, list[str]]:
    """Split the checked files into the lines fingerprints are computed from.

    Args:
        root: The project root.
        sources: The checked files' contents.

    Returns:
        Lines by relative path.
    """
    return {
        ruff.relative(root, str(path)): data.decode("utf-8", "replace").splitlines()
        for path, data in sources.items()
    }


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
    notes = [*result.notes, *([scope.note] if scope.note else [])]
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


def _project_tree(root: Path, config: ToolArguments) -> str:
    """Fingerprint every Python file of the project, for a check of some of them.

    basedpyright's findings in a checked file depend on the files it imports, so a
    cached result of some files is only reused while no project file changed.

    Args:
        root: The project root.
        config: The tools' configuration (ruff lists the files).

    Returns:
        A hex digest.
    """
    listed = ruff.list_files(root, (), config.ruff_args)
    return tree_digest(
        {
            ruff.relative(root, str(path)): path.read_bytes()
            for path in listed
            if path.suffix in PYTHON_SUFFIXES
        }
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
    tree = scope.tree
    if use_cache and not scope.whole_project and not tree:
        tree = _project_tree(scope.root, config)
    key = (
        cache_key(
            scope.root,
            (*scope.targets, "importers:", *scope.importers, "tree:", tree),
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
            scope = changed_scope(scope, request.base, config)
            if not scope.checked and not scope.whole_project:
                empty = Collected((), (), 0, ("no changed Python files to check",))
                return _finish(scope, empty, baseline, started=started, cached=False)
        result, cached = _collect(
            scope,
            config,
            use_cache=request.use_cache,
            allow_empty=request.changed,
        )
    return _finish(scope, result, baseline, started=started, cached=cached)


__all__ = ["CheckRequest", "run_check"]
