"""Domain models and rules: pure, typed, free of I/O."""

from .text import TextStats, WordCount, measure

__all__ = ["TextStats", "WordCount", "measure"]
