"""The one exception hierarchy of setsquare.

Every error a user can fix derives from ``AppError`` and carries a one-line message;
the CLI turns each into that line and an exit code in one place (``api/cli.py``).
"""


class AppError(Exception):
    """Base of every error setsquare reports to its user.

    Attributes:
        message: One safe, user-facing line.
        exit_code: The process exit code the CLI uses for this error.
    """

    exit_code: int = 2

    def __init__(self, message: str) -> None:
        """Store the user-facing message.

        Args:
            message: One line that tells the user what went wrong and what to do.
        """
        super().__init__(message)
        self.message: str = message


class ValidationError(AppError):
    """An answer, option or argument is invalid."""


class NotFoundError(AppError):
    """A file, project, template or version does not exist."""


class ExternalServiceError(AppError):
    """An external tool (git, copier, uv, ruff, basedpyright) failed or is missing."""


class ConfigurationError(AppError):
    """A configuration or answers file is missing, unreadable or contradictory."""


class DirtyTreeError(AppError):
    """The project's git working tree has uncommitted changes."""


__all__ = [
    "AppError",
    "ConfigurationError",
    "DirtyTreeError",
    "ExternalServiceError",
    "NotFoundError",
    "ValidationError",
]
