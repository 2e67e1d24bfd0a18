"""The ``setsquare`` command: typer commands that parse, call a service and print.

Heavy libraries (copier, rich tables) are imported inside the commands that need them,
so ``setsquare --help`` starts fast. Errors become one line and an exit code in
``main`` only.
"""

import inspect
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NoReturn, Protocol, cast, runtime_checkable

import typer

from setsquare import TEMPLATE_VERSION, __version__
from setsquare.api.formats import CheckFormat, ConformFormat
from setsquare.domain.changes import ConflictStyle
from setsquare.domain.conform_checks import ConformCheck
from setsquare.exceptions import AppError

app = typer.Typer(
    name="setsquare",
    help="Keep Python projects true to one strict canon.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@dataclass(slots=True)
class _Invocation:
    """The root options of one run, filled in by ``_root`` for ``main``.

    ``main`` hands a fresh one to the app as typer's context object; nothing is
    kept between runs.

    Attributes:
        debug: Whether ``--debug`` was given (errors keep their tracebacks).
    """

    debug: bool = False


@runtime_checkable
class _UsageProblem(Protocol):
    """A command-line usage error (an unknown option, a missing argument).

    typer raises its vendored click's ``ClickException`` for these; typer keeps that
    class private, so it is recognised by shape, not imported.
    """

    exit_code: int

    def format_message(self) -> str:
        """Describe the problem in one line.

        Returns:
            The message.
        """
        ...


_INTERRUPTED = 130

# Options shared by several commands.
Paths = Annotated[
    list[Path] | None,
    typer.Argument(help="Files or directories (default: the whole project)."),
]
CanonFlag = Annotated[
    bool, typer.Option(help="Use the canonical configuration, not the project's.")
]
CacheFlag = Annotated[bool, typer.Option(help="Use the result cache.")]
TemplateSource = Annotated[
    str | None, typer.Option(help="Template source (path or git URL).")
]
Data = Annotated[
    list[str] | None, typer.Option(help="An answer as KEY=VALUE (repeatable).")
]
TemplateRef = Annotated[str | None, typer.Option(help="Template version (git ref).")]


def _version_callback(value: bool) -> None:  # noqa: FBT001 - typer callback signature
    """Print the package and template versions and exit.

    Args:
        value: Whether ``--version`` was given.

    Raises:
        Exit: Always, after printing, when ``value`` is set.
    """
    if value:
        typer.echo(f"setsquare {__version__} (template {TEMPLATE_VERSION})")
        raise typer.Exit


@app.callback()
def _root(
    context: typer.Context,
    *,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks and debug logs.")
    ] = False,
    _version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Print the setsquare and template versions.",
        ),
    ] = False,
) -> None:
    """Keep Python projects true to one strict canon."""
    context.ensure_object(_Invocation).debug = debug
    if debug:
        from setsquare.logging import configure_logging  # noqa: PLC0415 - only with --debug

        configure_logging("DEBUG")


@app.command()
def init(  # noqa: PLR0913 - one parameter per documented option
    destination: Annotated[
        Path, typer.Argument(help="Directory to create the project in.")
    ],
    *,
    name: Annotated[str | None, typer.Option(help="Project name.")] = None,
    package: Annotated[str | None, typer.Option(help="Import package name.")] = None,
    flavour: Annotated[
        str | None, typer.Option(help="library, cli, service or worker.")
    ] = None,
    python: Annotated[
        str | None, typer.Option(help="Python version: 3.12 or 3.13.")
    ] = None,
    defaults: Annotated[bool, typer.Option(help="Never prompt; use defaults.")] = False,
    data: Data = None,
    template: TemplateSource = None,
    vcs_ref: TemplateRef = None,
    force: Annotated[
        bool, typer.Option(help="Render into a non-empty directory (never overwrites).")
    ] = False,
) -> None:
    """Create a new project from the canonical template."""
    from setsquare.services.init import InitRequest, init_project  # noqa: PLC0415

    answers = {
        "project_name": name,
        "package_name": package,
        "flavour": flavour,
        "python_version": python,
    }
    request = InitRequest(
        destination=destination,
        answers={key: value for key, value in answers.items() if value is not None},
        extra_data=list(data or []),
        defaults=defaults,
        template=template,
        vcs_ref=vcs_ref,
        force=force,
    )
    result = init_project(request)
    typer.echo(f"Created {result.destination} from {result.source} at {result.version}")
    for skipped in result.skipped:
        typer.echo(f"kept existing file (not overwritten): {skipped}")


@app.command()
def conform(
    path: Annotated[
        Path | None, typer.Argument(help="The project to check (default: here).")
    ] = None,
    *,
    check: Annotated[
        list[ConformCheck] | None,
        typer.Option(help="Run only this check (repeatable)."),
    ] = None,
    require: Annotated[
        str | None, typer.Option(help="Oldest acceptable template version.")
    ] = None,
    allow_behind: Annotated[
        int, typer.Option(help="Minor versions behind the newest that still conform.")
    ] = 0,
    output_format: Annotated[
        ConformFormat, typer.Option("--format", help="The report's format.")
    ] = "human",
) -> None:
    """Check that a project conforms to its template version and the canon.

    Raises:
        Exit: With 0 (conforms), 1 (does not) or 2 (cannot tell).
    """
    from setsquare.api.conform_output import render  # noqa: PLC0415
    from setsquare.services.conform import (  # noqa: PLC0415
        CHECKS,
        ConformRequest,
        conform as run_conform,
    )

    report = run_conform(
        ConformRequest(
            project=path or Path.cwd(),
            checks=tuple(check or CHECKS),
            require=require,
            allow_behind=allow_behind,
        )
    )
    typer.echo(render(report, output_format))
    raise typer.Exit(report.exit_code)


@app.command()
def adopt(  # noqa: PLR0913 - one parameter per documented option
    path: Annotated[
        Path | None, typer.Argument(help="The existing project (default: here).")
    ] = None,
    *,
    src_layout: Annotated[
        bool, typer.Option(help="Move a flat-layout package under src/ with git mv.")
    ] = False,
    data: Annotated[
        list[str] | None,
        typer.Option(
            help="Answer or setup() argument KEY=VALUE overriding inference (repeatable)."
        ),
    ] = None,
    template: TemplateSource = None,
    vcs_ref: TemplateRef = None,
    baseline: Annotated[
        bool,
        typer.Option(
            help="Record today's findings and coverage as debt, so make check passes."
        ),
    ] = True,
    canonical_modules: Annotated[
        bool,
        typer.Option(help="Also add config.py, exceptions.py and logging.py."),
    ] = False,
) -> None:
    """Bring the canon's infrastructure into an existing project; never overwrite a file.

    Raises:
        Exit: With 1 while conflicts (``.rej`` files) wait to be resolved.
    """
    from setsquare.api.adopt_output import adoption_lines  # noqa: PLC0415
    from setsquare.services.adopt import AdoptRequest, adopt_project  # noqa: PLC0415

    result = adopt_project(
        AdoptRequest(
            project=path or Path.cwd(),
            src_layout=src_layout,
            extra_data=tuple(data or []),
            template=template,
            vcs_ref=vcs_ref,
            baseline=baseline,
            modules=canonical_modules,
        )
    )
    typer.echo("\n".join(adoption_lines(result)))
    if result.conflicts:
        raise typer.Exit(1)


@app.command()
def update(  # noqa: PLR0913 - one parameter per documented option
    path: Annotated[
        Path | None, typer.Argument(help="The project to update (default: here).")
    ] = None,
    *,
    to: Annotated[
        str | None, typer.Option(help="Template version (default: the newest).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option(help="Show the diff the update would apply; write nothing.")
    ] = False,
    conflict: Annotated[
        ConflictStyle,
        typer.Option(help="Conflicts as inline markers or as .rej files."),
    ] = "inline",
    template: Annotated[
        str | None, typer.Option(help="Update from this template source instead.")
    ] = None,
    data: Data = None,
) -> None:
    """Update a project to a newer template version, keeping every line you wrote.

    Raises:
        Exit: With 1 while conflicts remain (or, with --dry-run, would remain).
    """
    from setsquare.api.update_output import update_lines  # noqa: PLC0415
    from setsquare.services.init import parse_data  # noqa: PLC0415
    from setsquare.services.update import UpdateRequest, update_project  # noqa: PLC0415

    result = update_project(
        UpdateRequest(
            project=path or Path(),
            to=to,
            dry_run=dry_run,
            conflict=conflict,
            template=template,
            answers=parse_data(data or []),
        )
    )
    typer.echo("\n".join(update_lines(result, dry_run=dry_run)))
    raise typer.Exit(result.exit_code)


@app.command()
def regenerate(
    path: Annotated[
        Path | None, typer.Argument(help="The project to regenerate (default: here).")
    ] = None,
    *,
    to: Annotated[
        str | None, typer.Option(help="Template version (default: the recorded one).")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Apply without asking.")] = False,
) -> None:
    """Re-render the project from its recorded answers, showing the diff first.

    Without --yes it asks on a terminal; elsewhere it only shows the diff.
    """
    from setsquare.api.update_output import regeneration_lines  # noqa: PLC0415
    from setsquare.services.regenerate import (  # noqa: PLC0415
        RegenerateRequest,
        apply_regeneration,
        plan_regeneration,
    )

    regeneration = plan_regeneration(RegenerateRequest(project=path or Path(), to=to))
    typer.echo("\n".join(regeneration_lines(regeneration)))
    if not regeneration.plan.patch:
        return
    if not yes and not (sys.stdin.isatty() and typer.confirm("Apply these changes?")):
        typer.echo("Not applied: rerun with --yes to write these changes.")
        return
    apply_regeneration(regeneration)
    typer.echo("Regenerated: review with `git diff`, then commit.")


@app.command()
def versions(
    path: Annotated[
        Path | None, typer.Argument(help="A project (default: here).")
    ] = None,
    *,
    template: Annotated[
        str | None, typer.Option(help="List this template source's versions.")
    ] = None,
) -> None:
    """List the template's versions and whether this project is behind."""
    from setsquare.api.update_output import versions_lines  # noqa: PLC0415
    from setsquare.services.versions import list_versions  # noqa: PLC0415

    typer.echo("\n".join(versions_lines(list_versions(path, template))))


@app.command()
def check(  # noqa: PLR0913 - one parameter per documented option
    paths: Paths = None,
    *,
    canon: CanonFlag = False,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", help="The report's format.")
    ] = "human",
    output: Annotated[
        Path | None, typer.Option(help="Write the report to this file.")
    ] = None,
    changed: Annotated[
        bool,
        typer.Option(
            help="Files changed against --base (and untracked), and their importers."
        ),
    ] = False,
    base: Annotated[
        str, typer.Option(help="The git ref --changed compares with.")
    ] = "HEAD",
    baseline: Annotated[
        Path | None,
        typer.Option(
            help="Ignore the findings recorded in this baseline "
            + "(default: [tool.setsquare] baseline in pyproject.toml)."
        ),
    ] = None,
    cache: CacheFlag = True,
) -> None:
    """Run ruff format, ruff check, basedpyright and the SQ rules: one report.

    Raises:
        Exit: With 0 (clean) or 1 (findings); 2 when a tool cannot run.
    """
    from setsquare.api.check_output import print_report  # noqa: PLC0415
    from setsquare.services.check import CheckRequest, run_check  # noqa: PLC0415

    report = run_check(
        CheckRequest(
            paths=tuple(paths or ()),
            canon=canon,
            changed=changed,
            base=base,
            baseline=baseline,
            use_cache=cache,
        )
    )
    print_report(report, output_format, output)
    raise typer.Exit(report.exit_code)


@app.command()
def fix(
    paths: Paths = None,
    *,
    unsafe: Annotated[
        bool, typer.Option(help="Also apply ruff's unsafe fixes.")
    ] = False,
    diff: Annotated[
        bool, typer.Option(help="Show the changes as a diff; write nothing.")
    ] = False,
    canon: CanonFlag = False,
    cache: CacheFlag = True,
) -> None:
    """Run ruff format and ruff check --fix, list what changed, check what remains.

    Raises:
        Exit: With 0 when nothing remains (or, with --diff, nothing would change),
            else 1.
    """
    from setsquare.api.check_output import print_report  # noqa: PLC0415
    from setsquare.services.fix import FixRequest, run_fix  # noqa: PLC0415

    result = run_fix(
        FixRequest(
            paths=tuple(paths or ()),
            canon=canon,
            unsafe=unsafe,
            diff=diff,
            use_cache=cache,
        )
    )
    verb = "would fix" if diff else "fixed"
    for path in result.modified:
        typer.echo(f"{verb}: {path}")
    if result.report is None:
        typer.echo(result.diff, nl=False)
        raise typer.Exit(1 if result.modified else 0)
    print_report(result.report, "human", None)
    raise typer.Exit(result.report.exit_code)


@app.command()
def rules(
    code: Annotated[
        str | None, typer.Argument(help="Show one rule with its examples, e.g. SQ001.")
    ] = None,
) -> None:
    """List setsquare's own rules (SQ...), or explain one with bad and good examples.

    Raises:
        NotFoundError: For an unknown rule code.
    """
    from setsquare.api.check_output import render_rule, render_rules  # noqa: PLC0415
    from setsquare.exceptions import NotFoundError  # noqa: PLC0415
    from setsquare.rules import all_rules, get_rule  # noqa: PLC0415

    if code is None:
        typer.echo(render_rules(all_rules()), nl=False)
        return
    rule = get_rule(code)
    if rule is None:
        msg = f"no rule {code!r}: `setsquare rules` lists them"
        raise NotFoundError(msg)
    typer.echo(render_rule(rule), nl=False)


baseline_app = typer.Typer(
    help="Record today's findings so only new ones fail (see check --baseline).",
    no_args_is_help=True,
)
app.add_typer(baseline_app, name="baseline")
_BASELINE_HELP = (
    "The baseline file (default: [tool.setsquare] baseline in pyproject.toml, "
    + "else setsquare-baseline.json)."
)


@baseline_app.command("write")
def baseline_write(
    paths: Paths = None,
    *,
    baseline: Annotated[Path | None, typer.Option(help=_BASELINE_HELP)] = None,
    canon: CanonFlag = False,
    cache: CacheFlag = True,
) -> None:
    """Record every current finding in a baseline file."""
    from setsquare.services.baseline import write_baseline  # noqa: PLC0415
    from setsquare.services.check import CheckRequest  # noqa: PLC0415

    request = CheckRequest(paths=tuple(paths or ()), canon=canon, use_cache=cache)
    result = write_baseline(request, baseline)
    typer.echo(f"recorded {result.recorded} findings in {result.path}")


@baseline_app.command("prune")
def baseline_prune(
    *,
    baseline: Annotated[Path | None, typer.Option(help=_BASELINE_HELP)] = None,
    canon: CanonFlag = False,
    cache: CacheFlag = True,
) -> None:
    """Drop the baseline entries whose findings have been fixed."""
    from setsquare.services.baseline import prune  # noqa: PLC0415
    from setsquare.services.check import CheckRequest  # noqa: PLC0415

    result = prune(CheckRequest(canon=canon, use_cache=cache), baseline)
    typer.echo(
        f"removed {result.removed} fixed findings; {result.recorded} remain in {result.path}"
    )
    if result.limit_lowered:
        typer.echo(
            f"recorded debt lowered to {result.recorded} findings in pyproject.toml"
        )


def _help_without_sections(*typers: typer.Typer) -> None:
    """Show each command's docstring in ``--help`` without its Google sections.

    The docstrings document ``Raises:`` for readers of the code; ``--help`` shows
    what comes before the first section.

    Args:
        *typers: The apps whose commands to adjust.
    """
    for each in typers:
        for command in each.registered_commands:
            if command.help is None and command.callback is not None:
                text = inspect.getdoc(command.callback) or ""
                command.help = re.split(r"\n\n(?:Args|Raises|Returns):\n", text)[0]


_help_without_sections(app, baseline_app)


def main() -> None:
    """Run the CLI, turning every ``AppError`` into one line and its exit code.

    Raises:
        AppError: Re-raised with its traceback under ``--debug``.
        SystemExit: Always otherwise, with the command's exit code.
    """
    invocation = _Invocation()
    try:
        returned = cast("object", app(standalone_mode=False, obj=invocation))
    except AppError as error:
        if invocation.debug:
            raise
        _exit_with(f"setsquare: error: {error.message}", error.exit_code)
    except (KeyboardInterrupt, typer.Abort):
        _exit_with("setsquare: interrupted", _INTERRUPTED)
    except Exception as error:
        if not isinstance(error, _UsageProblem):
            raise
        _exit_with(f"setsquare: error: {error.format_message()}", error.exit_code)
    code = returned if isinstance(returned, int) else 0
    if code == _INTERRUPTED:  # typer turns Ctrl-C into Exit(130)
        typer.echo("setsquare: interrupted", err=True)
    raise SystemExit(code)


def _exit_with(message: str, code: int) -> NoReturn:
    """Print one line on stderr and exit.

    Args:
        message: The line.
        code: The exit code.

    Raises:
        SystemExit: Always, with ``code``.
    """
    typer.echo(message, err=True)
    raise SystemExit(code) from None


__all__ = ["app", "main"]
