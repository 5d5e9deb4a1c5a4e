"""Translatable units: the pieces of a source text a translator sees, and how each is put back.

A source text (a markdown cell, a code cell, a guide page) is split into a list of *segments* that
together are exactly the text: plain strings, kept as they are in every language, and :class:`Unit`
objects, each one gettext entry. Joining the segments with no translation gives the source back byte
for byte; joining them with translations gives the Chinese edition.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# A word: two or more letters (any script). Digits and underscores are not letters, so `HB01` and
# `branch_id` count as one word each at most, and `x` as none.
WORD = re.compile(r"[^\W\d_]{2,}")

# `{expression}` fields of an f-string or a str.format template; `{{` and `}}` are literal braces.
FIELD = re.compile(r"\{\{|\}\}|\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}")


@dataclass(frozen=True)
class Unit:
    """One gettext entry inside a source text.

    ``original`` is the exact span of the source the unit covers; ``msgid`` is what the translator
    sees (the span without markdown markers, comment signs or string quotes, lines joined);
    ``kind`` names what it is, for the translator's comment; ``note`` says what to keep.
    """

    msgid: str
    original: str
    kind: str
    note: str = ""
    line: int = 0
    layout: dict = field(default_factory=dict, compare=False, hash=False)

    def render(self, translation: str) -> str:
        """The source text of this span in another language (subclasses know their syntax)."""
        return translation


def join(segments, translate=None) -> str:
    """The text of a list of segments; ``translate(unit)`` returns the span's new text, or None."""
    parts = []
    for segment in segments:
        if isinstance(segment, Unit):
            rendered = translate(segment) if translate else None
            parts.append(segment.original if rendered is None else rendered)
        else:
            parts.append(segment)
    return "".join(parts)


def units_of(segments) -> list[Unit]:
    return [segment for segment in segments if isinstance(segment, Unit)]


def has_words(text: str) -> bool:
    return WORD.search(text) is not None


def fields(text: str) -> list[str]:
    """The `{…}` fields of a text, sorted, so a translation can be checked to keep every one.

    >>> fields("{n:,} answers from {len(branches)} branches, {{not a field}}")
    ['{len(branches)}', '{n:,}']
    """
    return sorted(match for match in FIELD.findall(text) if match not in ("{{", "}}"))


def display_width(text: str) -> int:
    """Columns a text takes in a monospace editor: Chinese characters take two.

    >>> display_width("NPS 净推荐值")
    12
    """
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


# Breaking a Chinese line is allowed between any two Chinese characters; a Latin word, a number or a
# `{field}` is never broken.
_WRAP_PIECE = re.compile(r"\{[^{}]*\}|[A-Za-z0-9_.,:;'\"()%+\-/=<>!?\[\]`*]+|\s+|.", re.S)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns (a longer unbreakable piece gets a line of its own).

    >>> wrap("回访每一位贬损者 within 48 hours", 16)
    ['回访每一位贬损者', 'within 48 hours']
    """
    lines, line = [], ""
    for piece in _WRAP_PIECE.findall(text):
        if line and display_width(line + piece.rstrip()) > width:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines
