"""Pure helpers: no I/O, no configuration, no state."""

from .text import split_words

__all__ = ["split_words"]
