"""The application's one exception hierarchy, rooted at ``AppError``.

Every error carries ``message``: one line that is safe to show a user (no paths,
stack traces, queries or secrets). The interface layer shows that line and exits with
``exit_code`` (the ``sysexits.h`` convention); details belong in the logs.
"""

from typing import ClassVar


class AppError(Exception):
    """Base of every error the application raises on purpose.

    Attributes:
        message: The safe, user-facing description of the error.
        default_message: The message used when none is given.
        exit_code: The process exit status the interface layer uses.
    """

    default_message: ClassVar[str] = "The operation failed."
    exit_code: ClassVar[int] = 1

    def __init__(self, message: str | None = None) -> None:
        """Create the error with a safe, user-facing message.

        Args:
            message: One line for the user; the class default when omitted.
        """
        self.message: str = message or self.default_message
        super().__init__(self.message)


class ValidationError(AppError):
    """Input (an argument, a file's content, an answer) is invalid."""

    default_message: ClassVar[str] = "The input is invalid."
    exit_code: ClassVar[int] = 65


class NotFoundError(AppError):
    """A requested resource does not exist."""

    default_message: ClassVar[str] = "The requested resource was not found."
    exit_code: ClassVar[int] = 66


class ExternalServiceError(AppError):
    """A system outside the application (filesystem, network service) failed."""

    default_message: ClassVar[str] = "An external service failed; try again later."
    exit_code: ClassVar[int] = 69


class ConfigurationError(AppError):
    """The configuration (environment variables, ``.env``) is invalid."""

    default_message: ClassVar[str] = "The configuration is invalid."
    exit_code: ClassVar[int] = 78


__all__ = [
    "AppError",
    "ConfigurationError",
    "ExternalServiceError",
    "NotFoundError",
    "ValidationError",
]
