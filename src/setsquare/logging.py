"""Logging of setsquare itself: ``dictConfig`` with one JSON formatter on stderr.

The CLI reports to its user through its own output; log records are for operators and
``--debug`` sessions, so they go to stderr as one JSON object per line.
"""

import json
import logging
import logging.config
from datetime import UTC, datetime
from typing import cast, override

from setsquare.config import LogLevel

_STANDARD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()
    | {"message", "asctime"}
)


class JsonFormatter(logging.Formatter):
    """Format each record as one JSON object with a UTC timestamp and extra fields."""

    @override
    def format(self, record: logging.LogRecord) -> str:
        """Render the record as JSON.

        Args:
            record: The log record.

        Returns:
            One line of JSON.
        """
        payload: dict[str, object] = {
            "timestamp": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        attributes = cast("dict[str, object]", vars(record))
        extras = {
            key: value
            for key, value in attributes.items()
            if key not in _STANDARD_ATTRIBUTES
        }
        payload.update(extras)
        return json.dumps(payload, default=str)


def configure_logging(level: LogLevel) -> None:
    """Send setsquare's log records to stderr as JSON.

    Args:
        level: The minimum level to emit.
    """
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"json": {"()": JsonFormatter}},
            "handlers": {
                "stderr": {
                    "class": "logging.StreamHandler",
                    "formatter": "json",
                    "stream": "ext://sys.stderr",
                }
            },
            "loggers": {"setsquare": {"handlers": ["stderr"], "level": level}},
        }
    )


__all__ = ["JsonFormatter", "configure_logging"]
