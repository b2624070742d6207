"""Word wrapping with ``textwrap.wrap``'s exact result, at a fraction of its cost.

A region's text output wraps some 50,000 reasons; ``textwrap`` splits each into chunks with a
regular expression and fills lines chunk by chunk in Python. Reasons are plain sentences (one
space between words), so here a single regular expression fills each line greedily, word by
word. ``textwrap`` decides differently in one place only: a hyphenated word that does not fit
at a line's end is broken after a hyphen when its first part fits; that case is settled with
``textwrap``'s own chunks of the word. A text that is not plain (tabs, newlines, runs of
spaces, a word longer than the width) goes to ``textwrap`` itself. The result is always
``textwrap.wrap(text, width)``'s (tests/report/test_wrap.py compares them).
"""

import re
import textwrap
from functools import lru_cache

_CHUNKS = textwrap.TextWrapper.wordsep_re


@lru_cache(maxsize=64)
def _line_pattern(width: int) -> re.Pattern[str]:
    """Greedy lines: the longest run of at most ``width`` characters that starts a word and
    ends where a word ends (``width`` of 2 or more)."""
    return re.compile(rf"[^ ](?:.{{0,{width - 2}}}[^ ])?(?= |$)")


def wrap(text: str, width: int) -> list[str]:
    """``textwrap.wrap(text, width)`` with its default options."""
    if not text or width < 2 or not text.isprintable():
        return textwrap.wrap(text, width)
    lines: list[str] = _line_pattern(width).findall(text)
    if sum(map(len, lines)) + len(lines) - 1 != len(text):
        # The lines do not cover the text with one space between each: it has runs of
        # spaces, a leading or trailing space, or a word longer than the width.
        return textwrap.wrap(text, width)
    for i in range(len(lines) - 1):
        word = lines[i + 1].split(" ", 1)[0]
        if "-" not in word:
            continue
        room = width - len(lines[i]) - 1  # after the space textwrap puts between them
        fits = 0
        for chunk in _CHUNKS.findall(word)[:-1]:  # the whole word does not fit here
            if len(chunk) > room:
                break
            room -= len(chunk)
            fits += len(chunk)
        if fits:  # textwrap ends the line with the word's first part, after its hyphen
            rest = text[sum(len(x) + 1 for x in lines[: i + 1]) + fits :]
            return [*lines[:i], f"{lines[i]} {word[:fits]}", *wrap(rest, width)]
    return lines
