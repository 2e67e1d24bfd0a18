"""Settings of setsquare itself, read from ``SETSQUARE_*`` environment variables."""

from functools import cache
from typing import ClassVar, Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class Settings(BaseSettings):
    """Environment-driven settings.

    Attributes:
        log_level: Level of setsquare's own log records (written to stderr).
        template_home: The per-user clone of the shipped template history that
            ``init`` records as the template source (kept as a ``~`` path).
        shipped_template: The template history to materialise into the template
            home instead of the one inside this installation (a git bundle or
            repository; for tests and for organisations that ship a fork).
        cache_dir: Where ``check`` keeps its result cache.
    """

    model_config: ClassVar[SettingsConfigDict] = SettingsConfigDict(
        env_prefix="SETSQUARE_", extra="ignore"
    )

    log_level: LogLevel = "WARNING"
    template_home: str = "~/.local/share/setsquare/template"
    shipped_template: str | None = None
    cache_dir: str = "~/.cache/setsquare"


@cache
def get_settings() -> Settings:
    """Return the settings, read once per process.

    Returns:
        The validated settings.
    """
    return Settings.model_validate({})


__all__ = ["LogLevel", "Settings", "get_settings"]
