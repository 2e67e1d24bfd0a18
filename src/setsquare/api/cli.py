"""The ``setsquare`` command: typer commands that parse, call a service and print.

Heavy libraries (copier, rich tables) are imported inside the commands that need them,
so ``setsquare --help`` starts fast. Errors become one line and an exit code in
``main`` only.
"""

import sys
from pathlib import Path
from typing import Annotated, cast

import click
import typer

from setsquare import TEMPLATE_VERSION, __version__
from setsquare.exceptions import AppError, ValidationError

app = typer.Typer(
    name="setsquare",
    help="Keep Python projects true to one strict canon.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state: dict[str, bool] = {"debug": False}


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
    _state["debug"] = debug
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
    flavour: Annotated[str | None, typer.Option(help="library or cli.")] = None,
    python: Annotated[
        str | None, typer.Option(help="Python version: 3.12 or 3.13.")
    ] = None,
    defaults: Annotated[bool, typer.Option(help="Never prompt; use defaults.")] = False,
    data: Annotated[
        list[str] | None, typer.Option(help="Extra answer KEY=VALUE (repeatable).")
    ] = None,
    template: Annotated[
        str | None, typer.Option(help="Template source (path or git URL).")
    ] = None,
    vcs_ref: Annotated[
        str | None, typer.Option(help="Template version (git ref).")
    ] = None,
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
        list[str] | None,
        typer.Option(
            help="Run only this check: version, owned, strictness (repeatable)."
        ),
    ] = None,
    require: Annotated[
        str | None, typer.Option(help="Oldest acceptable template version.")
    ] = None,
    allow_behind: Annotated[
        int, typer.Option(help="Minor versions behind the newest that still conform.")
    ] = 0,
    output_format: Annotated[
        str, typer.Option("--format", help="human, json or github.")
    ] = "human",
) -> None:
    """Check that a project conforms to its template version and the canon.

    Raises:
        Exit: With 0 (conforms), 1 (does not) or 2 (cannot tell).
        ValidationError: For an unknown check or format.
    """
    from setsquare.api.conform_output import RENDERERS  # noqa: PLC0415
    from setsquare.services.conform import (  # noqa: PLC0415
        CHECKS,
        ConformRequest,
        conform as run_conform,
    )

    checks = tuple(check or CHECKS)
    unknown = sorted(set(checks) - set(CHECKS)) + (
        [] if output_format in RENDERERS else [output_format]
    )
    if unknown:
        msg = f"unknown check or format: {', '.join(unknown)}"
        raise ValidationError(msg)
    report = run_conform(
        ConformRequest(
            project=path or Path.cwd(),
            checks=checks,
            require=require,
            allow_behind=allow_behind,
        )
    )
    typer.echo(RENDERERS[output_format](report))
    raise typer.Exit(report.exit_code)


@app.command()
def adopt(
    path: Annotated[
        Path | None, typer.Argument(help="The existing project (default: here).")
    ] = None,
    *,
    src_layout: Annotated[
        bool, typer.Option(help="Move a flat-layout package under src/ with git mv.")
    ] = False,
    data: Annotated[
        list[str] | None, typer.Option(help="Answer KEY=VALUE overriding inference.")
    ] = None,
    template: Annotated[
        str | None, typer.Option(help="Template source (path or git URL).")
    ] = None,
    vcs_ref: Annotated[
        str | None, typer.Option(help="Template version (git ref).")
    ] = None,
) -> None:
    """Bring an existing project under the template, never overwriting a file.

    Raises:
        Exit: With 1 while conflicts (``.rej`` files) wait to be resolved.
    """
    from setsquare.services.adopt import AdoptRequest, adopt_project  # noqa: PLC0415

    result = adopt_project(
        AdoptRequest(
            project=path or Path.cwd(),
            src_layout=src_layout,
            extra_data=tuple(data or []),
            template=template,
            vcs_ref=vcs_ref,
        )
    )
    typer.echo("answers: " + ", ".join(f"{k}={v}" for k, v in result.answers.items()))
    if result.moved:
        typer.echo(f"moved (git mv): {result.moved[0]} -> {result.moved[1]}")
    for added in result.added:
        typer.echo(f"added: {added}")
    for conflict in result.conflicts:
        typer.echo(
            f"conflict: {conflict} differs from the template; see {conflict}.rej"
        )
    if result.conflicts:
        raise typer.Exit(1)


_CONFLICT_STYLES = ("inline", "rej")


@app.command()
def update(
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
        str,
        typer.Option(help="Conflicts as inline markers or .rej files: inline, rej."),
    ] = "inline",
    template: Annotated[
        str | None, typer.Option(help="Update from this template source instead.")
    ] = None,
) -> None:
    """Update a project to a newer template version, keeping every line you wrote.

    Raises:
        Exit: With 1 while conflicts remain (or, with --dry-run, would remain).
        ValidationError: For an unknown --conflict style.
    """
    from setsquare.api.update_output import update_lines  # noqa: PLC0415
    from setsquare.services.update import UpdateRequest, update_project  # noqa: PLC0415

    if conflict not in _CONFLICT_STYLES:
        msg = f"--conflict must be inline or rej, not {conflict!r}"
        raise ValidationError(msg)
    result = update_project(
        UpdateRequest(
            project=path or Path(),
            to=to,
            dry_run=dry_run,
            conflict="rej" if conflict == "rej" else "inline",
            template=template,
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


def main() -> None:
    """Run the CLI, turning every ``AppError`` into one line and its exit code.

    Raises:
        AppError: Re-raised with its traceback under ``--debug``.
        SystemExit: Always otherwise, with the command's exit code.
    """
    try:
        returned = cast("object", app(standalone_mode=False))
    except AppError as error:
        if _state["debug"]:
            raise
        typer.echo(f"setsquare: error: {error.message}", err=True)
        raise SystemExit(error.exit_code) from None
    except click.ClickException as error:
        error.show(file=sys.stderr)
        raise SystemExit(error.exit_code) from None
    except (KeyboardInterrupt, click.Abort):
        typer.echo("setsquare: interrupted", err=True)
        raise SystemExit(130) from None
    raise SystemExit(returned if isinstance(returned, int) else 0)


__all__ = ["app", "main"]
