"""setsquare: one strict Python canon, as a copier template and the CLI that keeps it."""

__version__ = "0.4.0"
TEMPLATE_VERSION = __version__

__all__ = ["TEMPLATE_VERSION", "__version__"]
