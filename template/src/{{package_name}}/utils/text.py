"""Pure text helpers shared by the layers."""

import re
from typing import Final

_WORD: Final = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


def split_words(text: str) -> list[str]:
    """Split text into words, lower-cased.

    A word is a run of letters or digits; an apostrophe or hyphen inside a word
    keeps it whole (``don't``, ``well-known``).

    Args:
        text: Any text.

    Returns:
        The words in order of appearance.

    Examples:
        >>> split_words("Don't panic: well-known words, 42 times!")
        ["don't", 'panic', 'well-known', 'words', '42', 'times']
    """
    return [match.group().lower() for match in _WORD.finditer(text)]


__all__ = ["split_words"]
