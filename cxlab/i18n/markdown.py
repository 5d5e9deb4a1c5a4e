"""Markdown split into translatable units: a heading, a paragraph, a list item, a quote, a table cell.

Those are the blocks a translator can render naturally on their own: a Chinese paragraph is not a
word-by-word copy of the English lines, so a unit is never smaller than a paragraph (or a list item,
or a table cell). Its lines are joined with spaces in the msgid, so re-wrapping the English does not
make a translation fuzzy. Math (``$…$``), code spans and links stay inside the unit, for the
translator to keep.

Kept as they are, never units: fenced code blocks, ``$$`` display math, HTML comments, table rule
rows, nbgrader's ``### BEGIN SOLUTION`` / ``### END SOLUTION`` markers and stub, and any block with
no word outside code spans and math (a table cell holding only a column name, for example).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cxlab.i18n.units import Unit, has_words

NBGRADER_LINE = re.compile(
    r"^\s*(#{1,3} (BEGIN|END) (SOLUTION|HIDDEN TESTS)|#{1,3} HASHED AUTOTEST.*|YOUR ANSWER HERE)\s*$"
)
FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(\s{0,3}#{1,6}[ \t]+)(.*?)(\s*)$")
LIST_ITEM = re.compile(r"^(\s*(?:[-*+]|\d{1,3}[.)])[ \t]+)(\S.*?)(\s*)$")
QUOTE = re.compile(r"^(\s*>[ \t]?)(.*?)(\s*)$")
TABLE_ROW = re.compile(r"^\s*\|")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
CELL_SPLIT = re.compile(r"(?<!\\)\|")
NOT_PROSE = re.compile(r"`[^`]*`|\$[^$]*\$|<[^>]*>|\]\([^)]*\)|https?://\S+")


@dataclass(frozen=True)
class MarkdownUnit(Unit):
    def render(self, translation: str) -> str:
        if self.layout.get("single_line"):
            return " ".join(line.strip() for line in translation.splitlines())
        continuation = self.layout.get("continuation", "")
        return ("\n" + continuation).join(translation.splitlines() or [""])


def is_prose(text: str) -> bool:
    """A block a person reads: a word outside code spans, math, tags and link targets."""
    return has_words(NOT_PROSE.sub(" ", text))


def split_markdown(text: str, line_offset: int = 0) -> list:
    """Segments of a markdown text (see :mod:`cxlab.i18n.units`): kept strings and units.

    >>> page = "## Setup\\n\\n| column | meaning |\\n| --- | --- |\\n| `date` | the day |\\n"
    >>> [segment.msgid for segment in split_markdown(page) if isinstance(segment, Unit)]
    ['Setup', 'column', 'meaning', 'the day']
    """
    lines = text.splitlines(keepends=True)
    segments: list = []
    index = 0
    while index < len(lines):
        line = lines[index]
        body = line.rstrip("\r\n")
        number = line_offset + index + 1
        if FENCE.match(body):
            end = _closing(lines, index, lambda l, fence=FENCE.match(body).group(1): l.strip().startswith(fence))
            segments.append("".join(lines[index : end + 1]))
            index = end + 1
        elif body.strip().startswith("$$") and not (body.strip().endswith("$$") and len(body.strip()) > 2):
            end = _closing(lines, index, lambda l: "$$" in l)
            segments.append("".join(lines[index : end + 1]))
            index = end + 1
        elif body.strip().startswith("<!--"):
            end = index if "-->" in body else _closing(lines, index, lambda l: "-->" in l)
            segments.append("".join(lines[index : end + 1]))
            index = end + 1
        elif not body.strip() or NBGRADER_LINE.match(body) or TABLE_RULE.match(body) and "-" in body or _one_line_math(body):
            segments.append(line)
            index += 1
        elif TABLE_ROW.match(body):
            segments.extend(_table_row(body, number))
            segments.append(line[len(body) :])
            index += 1
        elif HEADING.match(body):
            prefix, content, trailing = HEADING.match(body).groups()
            segments.extend(_block(prefix, [content], trailing + line[len(body) :], "heading", number))
            index += 1
        else:
            end = _block_end(lines, index)
            segments.extend(_multiline_block(lines[index:end], number))
            index = end
    return segments


def _one_line_math(body: str) -> bool:
    text = body.strip()
    return len(text) > 4 and text.startswith("$$") and text.endswith("$$")


def _closing(lines, start, is_close) -> int:
    for index in range(start + 1, len(lines)):
        if is_close(lines[index]):
            return index
    return len(lines) - 1


def _starts_block(body: str) -> bool:
    return bool(
        not body.strip()
        or FENCE.match(body)
        or HEADING.match(body)
        or TABLE_ROW.match(body)
        or NBGRADER_LINE.match(body)
        or body.strip().startswith(("$$", "<!--"))
    )


def _block_end(lines, start) -> int:
    """Where a paragraph, list item or quote that starts at ``start`` ends (exclusive)."""
    first = lines[start].rstrip("\r\n")
    for index in range(start + 1, len(lines)):
        body = lines[index].rstrip("\r\n")
        if _starts_block(body) or LIST_ITEM.match(body) or (QUOTE.match(body) and not QUOTE.match(first)):
            return index
        if QUOTE.match(first) and not QUOTE.match(body):
            return index
    return len(lines)


def _multiline_block(lines, number) -> list:
    """A paragraph, a list item (with its continuation lines) or a block quote."""
    first = lines[0].rstrip("\r\n")
    ending = lines[-1][len(lines[-1].rstrip("\r\n")) :]
    bodies = [line.rstrip("\r\n") for line in lines]
    for pattern, kind in ((QUOTE, "quote"), (LIST_ITEM, "list item")):
        match = pattern.match(first)
        if match:
            prefix = match.group(1)
            break
    else:
        prefix, kind = "", "paragraph"
    contents = [bodies[0][len(prefix) :]] + bodies[1:]
    trailing = re.search(r"\s*$", contents[-1]).group(0)
    contents[-1] = contents[-1][: len(contents[-1]) - len(trailing)]
    return _block(prefix, contents, trailing + ending, kind, number)


def _block(prefix, contents, suffix, kind, number) -> list:
    original = "\n".join(contents)
    if kind == "quote":
        stripped = [contents[0]] + [QUOTE.match(line).group(2) if QUOTE.match(line) else line for line in contents[1:]]
        continuation = QUOTE.match(prefix).group(1)
    else:
        stripped = contents
        continuation = " " * len(prefix) if kind == "list item" else ""
    msgid = " ".join(line.strip() for line in stripped if line.strip())
    if not is_prose(msgid):
        return [prefix + original + suffix]
    unit = MarkdownUnit(msgid, original, kind, line=number, layout={"continuation": continuation})
    return [segment for segment in (prefix, unit, suffix) if segment != ""]


def _table_row(body: str, number: int) -> list:
    """Each cell of a table row that holds prose is a unit; pipes and padding are kept."""
    segments: list = []
    position = 0
    for match in list(CELL_SPLIT.finditer(body)) + [None]:
        end = match.start() if match else len(body)
        cell = body[position:end]
        content = cell.strip()
        if content and is_prose(content):
            lead = cell[: len(cell) - len(cell.lstrip())]
            segments.append(lead)
            segments.append(MarkdownUnit(content, content, "table cell", line=number, layout={"single_line": True}))
            segments.append(cell[len(lead) + len(content) :])
        else:
            segments.append(cell)
        if match:
            segments.append("|")
            position = match.end()
    return [segment for segment in segments if segment != ""]
