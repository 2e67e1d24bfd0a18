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
from setsquare.exceptions import AppError

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
