"""The human text of a code cell: its comments and the string literals that are sentences.

Code, identifiers, column names and data values are the same in both editions; only what a person
reads changes language. Comments and string literals are found with :mod:`tokenize` (so their exact
spans are known) and judged with :mod:`ast` (so it is known where each string is used).

**The sentence rule.** A string literal is translated when its words (outside ``{fields}``) are
text for people, decided in this order:

1. a marker comment on one of its lines decides: ``# i18n: skip`` keeps every string of the line
   as it is, ``# i18n: translate`` translates them;
2. a string in a *data place* is kept: an index (``df["recommend"]``, ``survey[["a", "b"]]``), a
   dict key, either side of a comparison (``outcome == "issue fixed"``, ``in``), a keyword argument
   named like data (``column=``, ``subset=``, ``dtype=``, ``color=``, ``textcoords=`` … see
   ``DATA_KEYWORDS``), an argument of a data call (``load``, ``isin``, ``query``, ``ols`` … see
   ``DATA_CALLS``), the object of a string method (``", ".join``), or a model formula
   (``"nps ~ smart * after"``);
3. a string that is a name from the datasets (a column, a category such as ``"issue fixed"``, a
   branch name), a label the library defines as a constant (a blueprint lane, an IPA quadrant), or a
   string the same notebook uses in a data place anywhere (``table["not called"]``) is kept
   wherever it is (the vocabulary, :func:`cxlab.i18n.sources.data_vocabulary` and
   :func:`data_strings`);
4. a string in a *people place* is translated when it has a word: a ``print``/``display`` argument,
   an ``assert`` message, an exception's message, a chart text (``set_title``, ``xlabel``,
   ``title=``, ``label=`` …), a widget's ``description=``, a practice check's ``hint=`` and the
   hints of its ``mistakes={value: "hint"}``;
5. anywhere else, a string is translated when it reads as a sentence: at least two words of two or
   more letters, with a space between them.

Comments are translated except nbgrader's markers (``### BEGIN SOLUTION`` …), tool pragmas
(``noqa``, ``type:``, ``i18n:``) and comments without a word. Consecutive full-line comments at the
same indentation are one unit (a sentence often runs over two lines).

An f-string's msgid is its text with every ``{field}`` written exactly as in the code, and literal
braces doubled (``{{``); the translation must keep every field (checked). Strings joined by being
written side by side (``"… " "…"``) are one unit; the translation is spread over the same pieces so
the code keeps its line layout.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass

from cxlab.i18n.units import FIELD, WORD, Unit, display_width, has_words, wrap

MARKER_SKIP = re.compile(r"#\s*i18n:\s*skip\b")
MARKER_TRANSLATE = re.compile(r"#\s*i18n:\s*translate\b")
NBGRADER_COMMENT = re.compile(r"^#+\s*(BEGIN|END) (SOLUTION|HIDDEN TESTS)|^#+\s*HASHED AUTOTEST|^#+\s*YOUR CODE HERE")
PRAGMA = re.compile(r"^#+\s*(noqa|type:|pragma|pylint:|fmt:|i18n:|isort:|!)", re.I)
MAGIC_LINE = re.compile(r"^\s*[%!]")

HUMAN_CALLS = {
    "print", "display", "Markdown", "HTML", "Label", "warn", "fail",
    "set_title", "set_xlabel", "set_ylabel", "set_zlabel", "suptitle", "title", "xlabel", "ylabel",
    "text", "figtext", "annotate", "legend", "set_text", "set_label", "bar_label",
}
HUMAN_KEYWORDS = {
    "title", "suptitle", "xlabel", "ylabel", "label", "labels", "legend", "legend_title", "description",
    "tooltip", "placeholder", "caption", "text", "hint", "message", "msg", "help", "explanation", "note",
}
DATA_KEYWORDS = {
    "column", "columns", "col", "subset", "by", "on", "left_on", "right_on", "x", "y", "hue", "index",
    "values", "value_name", "var_name", "id_vars", "value_vars", "names", "usecols", "dtype", "fmt",
    "format", "sep", "how", "kind", "method", "orient", "errors", "freq", "unit", "color", "colors",
    "cmap", "style", "marker", "linestyle", "ls", "loc", "ha", "va", "align", "dataset", "name", "key",
    "group", "encoding", "mode", "engine", "level", "rule", "closed", "inclusive", "agg", "func",
    "aggfunc", "prefix", "suffix", "suffixes", "orientation", "bbox_inches", "facecolor", "edgecolor",
    "fontweight", "family", "weight", "date_format", "datetime_format", "layout", "options_key",
    "textcoords", "xycoords", "coords", "transform", "arrowstyle", "connectionstyle", "boxstyle",
    "drawstyle", "interpolation", "hatch", "scale", "norm", "formula",
}
DATA_CALLS = {
    "load", "isin", "query", "eval", "getattr", "hasattr", "setattr", "astype", "to_datetime",
    "strftime", "strptime", "groupby", "sort_values", "rename", "drop", "get", "pop", "startswith",
    "endswith", "split", "replace", "contains", "match", "fullmatch", "read_csv", "open", "Path",
    "import_module", "__import__", "dtype", "Timestamp", "Period", "date_range", "period_range",
    "to_period", "resample", "pivot_table", "melt", "set_index", "reset_index", "value_counts",
    "ols", "logit", "glm", "wls", "mixedlm", "from_formula", "dmatrices", "dmatrix",
}
# A statsmodels/patsy formula ("nps ~ smart * after") is code, wherever it is written.
FORMULA = re.compile(r"\w\s*~\s*\w")
TRANSPARENT = (ast.List, ast.Tuple, ast.Set, ast.BinOp, ast.IfExp, ast.Starred, ast.BoolOp)


@dataclass(frozen=True)
class CommentUnit(Unit):
    def render(self, translation: str) -> str:
        prefix, indent = self.layout["prefix"], self.layout["indent"]
        lines = [line for part in translation.splitlines() for line in wrap(part, self.layout["width"])]
        return ("\n" + indent).join(prefix + line for line in lines or [""])


@dataclass(frozen=True)
class StringUnit(Unit):
    def render(self, translation: str) -> str:
        pieces = self.layout["pieces"]  # (prefix, quote, is_f) of each literal written side by side
        separators = self.layout["separators"]
        is_f_group = any(is_f for _, _, is_f in pieces)
        chunks = _spread(translation, list(self.layout["widths"]))
        out = []
        for index, ((prefix, quote, is_f), chunk) in enumerate(zip(pieces, chunks)):
            plain_prefix = prefix.replace("f", "").replace("F", "")
            if is_f_group and not fields_or_braces(chunk):
                chunk, prefix = chunk.replace("{{", "{").replace("}}", "}"), plain_prefix
            elif is_f_group and not is_f:
                prefix = plain_prefix + "f"
            out.append(prefix + quote + _encode(chunk, quote, raw="r" in prefix.lower()) + quote)
            if index < len(separators):
                out.append(separators[index])
        return "".join(out)


def fields_or_braces(text: str) -> bool:
    return bool(FIELD.search(text))


def _encode(text: str, quote: str, raw: bool) -> str:
    if raw:
        return text
    text = text.replace("\\", "\\\\")
    if len(quote) == 1:
        text = text.replace(quote, "\\" + quote).replace("\n", "\\n").replace("\r", "\\r")
    return text.replace("\t", "\\t")


def _spread(text: str, widths: list[int]) -> list[str]:
    """Cut a translation into pieces about as wide as the English pieces were, between words."""
    if len(widths) == 1:
        return [text]
    total = sum(widths) or 1
    allowed = _cut_points(text)
    chunks, start = [], 0
    running = 0
    full = display_width(text)
    for width in widths[:-1]:
        running += width
        target_width = full * running / total
        best = min(
            (c for c in allowed if c >= start),
            key=lambda c: (abs(display_width(text[:c]) - target_width), c),
            default=start,
        )
        chunks.append(text[start:best])
        start = best
    chunks.append(text[start:])
    return chunks


def _cut_points(text: str) -> list[int]:
    """Positions a translation may be cut at: after a space or a Chinese character, never in a field."""
    blocked = set()
    for match in FIELD.finditer(text):
        blocked.update(range(match.start() + 1, match.end()))
    points = [0, len(text)]
    for index in range(1, len(text)):
        if index in blocked or text[index - 1] == "\\":
            continue
        before = text[index - 1]
        if before == " " or display_width(before) == 2:
            points.append(index)
    return sorted(set(points))


# --------------------------------------------------------------------------- splitting a cell


def split_code(source: str, vocabulary: frozenset[str] = frozenset(), line_offset: int = 0) -> list:
    """Segments of a code cell: kept code and the units of its comments and sentences.

    A cell Python cannot read (a syntax error, an unusual magic) has no units: it is kept as it is.
    """
    masked = mask_magics(source)
    try:
        tokens = _whole_fstrings(list(tokenize.generate_tokens(io.StringIO(masked).readline)), masked)
        tree = ast.parse(masked)
    except (SyntaxError, tokenize.TokenError, ValueError):
        return [source] if source else []
    starts = _line_starts(source)
    offset = lambda position: starts[position[0] - 1] + position[1]  # noqa: E731 - (row, col) to index
    marked = _marker_lines(tokens, tree)
    spans = _comment_units(tokens, source, offset, line_offset) + _string_units(
        tokens, tree, source, offset, vocabulary, marked, line_offset
    )
    segments, position = [], 0
    for start, end, unit in sorted(spans, key=lambda span: span[0]):
        segments.append(source[position:start])
        segments.append(unit)
        position = end
    segments.append(source[position:])
    return [segment for segment in segments if segment != ""]


def _whole_fstrings(tokens, source):
    """Python 3.12 splits an f-string into FSTRING_START … FSTRING_END tokens (3.11 gives one STRING
    token); join them back into one STRING token, so both versions see the same units."""
    start_type = getattr(tokenize, "FSTRING_START", None)
    if start_type is None:
        return tokens
    starts = _line_starts(source)
    joined, depth, first = [], 0, None
    for token in tokens:
        if token.type == start_type:
            depth += 1
            first = token if depth == 1 else first
        elif token.type == tokenize.FSTRING_END:
            depth -= 1
            if depth == 0:
                text = source[starts[first.start[0] - 1] + first.start[1] : starts[token.end[0] - 1] + token.end[1]]
                joined.append(tokenize.TokenInfo(tokenize.STRING, text, first.start, token.end, first.line))
        elif depth == 0:
            joined.append(token)
    return joined


def mask_magics(source: str) -> str:
    """The cell with IPython's ``%magic`` and ``!shell`` lines blanked, so Python can read the rest;
    every other character keeps its position."""
    return "".join(" " * (len(line) - 1) + "\n" if MAGIC_LINE.match(line) else line for line in _lines(source))


def _lines(source: str) -> list[str]:
    lines = source.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines


def _line_starts(source: str) -> list[int]:
    starts, total = [0], 0
    for line in source.splitlines(keepends=True):
        total += len(line)
        starts.append(total)
    return starts


def _marker_lines(tokens, tree) -> dict[int, str]:
    """Lines a marker comment decides: its own line, or, for a marker on a line of its own, every
    line of the statement that follows it."""
    statements = sorted(
        (node.lineno, node.end_lineno) for node in ast.walk(tree) if isinstance(node, ast.stmt)
    )
    marked = {}
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        if MARKER_SKIP.search(token.string):
            decision = "skip"
        elif MARKER_TRANSLATE.search(token.string):
            decision = "translate"
        else:
            continue
        rows = [token.start[0]]
        if token.line[: token.start[1]].strip() == "":
            following = [span for span in statements if span[0] > token.start[0]]
            if following:
                rows = range(following[0][0], following[0][1] + 1)
        for row in rows:
            marked[row] = decision
    return marked


def data_strings(source: str) -> set[str]:
    """The values of the string literals a cell uses as data (see the sentence rule, point 2).

    A notebook passes the union over its code cells as vocabulary, so a label that is data in one
    place (``table["not called"]``) is kept in every place, and the code keeps working.
    """
    try:
        tree = ast.parse(mask_magics(source))
    except SyntaxError:
        return set()
    nodes, parents = _string_nodes(tree)
    return {
        node.value
        for node in nodes
        if isinstance(node, ast.Constant) and _place(node, parents) == "data"
    }


def _comment_units(tokens, source, offset, line_offset) -> list:
    """Comment units; consecutive full-line comments at one column become one unit."""
    groups: list[list] = []
    previous_row = None
    for token in tokens:
        if token.type in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            continue
        if token.type != tokenize.COMMENT or not _is_prose_comment(token.string):
            previous_row = None
            continue
        full_line = token.line[: token.start[1]].strip() == ""
        if (
            full_line
            and groups
            and previous_row == token.start[0] - 1
            and groups[-1][-1].start[1] == token.start[1]
            and groups[-1][-1].line[: token.start[1]].strip() == ""
        ):
            groups[-1].append(token)
        else:
            groups.append([token])
        previous_row = token.start[0] if full_line else None
    spans = []
    for group in groups:
        first, last = group[0], group[-1]
        prefix = re.match(r"#+\s*", first.string).group(0)
        texts = [token.string[len(re.match(r"#+\s*", token.string).group(0)) :].rstrip() for token in group]
        start, end = offset(first.start), offset(last.end)
        unit = CommentUnit(
            " ".join(texts),
            source[start:end],
            "comment",
            note="A comment in the code: plain text, no quotes needed.",
            line=line_offset + first.start[0],
            layout={
                "prefix": prefix,
                "indent": " " * first.start[1],
                "width": max(40, max(display_width(token.string) for token in group) - len(prefix)),
            },
        )
        spans.append((start, end, unit))
    return spans


def _is_prose_comment(comment: str) -> bool:
    text = comment.strip()
    return not (NBGRADER_COMMENT.match(text) or PRAGMA.match(text)) and has_words(text)


def _string_units(tokens, tree, source, offset, vocabulary, marked, line_offset) -> list:
    nodes, parents = _string_nodes(tree)
    by_node: dict = {}
    for token in tokens:
        if token.type != tokenize.STRING:
            continue
        node = _node_at(nodes, token.start[0], _byte_column(token.line, token.start[1]))
        if node is not None:
            by_node.setdefault(id(node), (node, []))[1].append(token)
    spans = []
    for node, group in by_node.values():
        unit = _string_unit(node, group, parents, source, offset, vocabulary, marked, line_offset)
        if unit is not None:
            spans.append((offset(group[0].start), offset(group[-1].end), unit))
    return spans


def _byte_column(line: str, column: int) -> int:
    return len(line[:column].encode("utf-8"))


def _string_nodes(tree):
    """Every str literal or f-string not inside an f-string, with each node's parent."""
    parents, nodes = {}, []
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            parents[child] = parent
    for node in ast.walk(tree):
        is_string = isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))
        if is_string and not _inside_fstring(node, parents):
            nodes.append(node)
    return nodes, parents


def _inside_fstring(node, parents) -> bool:
    parent = parents.get(node)
    while parent is not None:
        if isinstance(parent, (ast.JoinedStr, ast.FormattedValue)):
            return True
        parent = parents.get(parent)
    return False


def _node_at(nodes, row, column):
    for node in nodes:
        if (node.lineno, node.col_offset) <= (row, column) < (node.end_lineno, node.end_col_offset):
            return node
    return None


def _string_unit(node, tokens, parents, source, offset, vocabulary, marked, line_offset):
    pieces, texts, widths = [], [], []
    is_f_group = any(_prefix(token.string)[0].lower().count("f") for token in tokens)
    for token in tokens:
        prefix, quote, body = _parts(token.string)
        is_f = "f" in prefix.lower()
        text = _fstring_text(prefix, quote, body) if is_f else ast.literal_eval(token.string)
        if is_f_group and not is_f:
            text = text.replace("{", "{{").replace("}", "}}")
        pieces.append((prefix, quote, is_f))
        texts.append(text)
        widths.append(display_width(text))
    msgid = "".join(texts)
    rows = range(node.lineno, node.end_lineno + 1)
    marks = {marked[row] for row in rows if row in marked}
    place = "marked" if marks else _place(node, parents)
    if not _is_translatable(msgid, place, vocabulary, marks):
        return None
    separators = [source[offset(a.end) : offset(b.start)] for a, b in zip(tokens, tokens[1:])]
    note = "Text in the code. Keep every {…} exactly as it is." if FIELD.search(msgid) else "Text in the code."
    return StringUnit(
        msgid,
        source[offset(tokens[0].start) : offset(tokens[-1].end)],
        "string",
        note=note,
        line=line_offset + node.lineno,
        layout={"pieces": pieces, "separators": separators, "widths": widths, "place": place},
    )


def _prefix(literal: str) -> tuple[str, str]:
    prefix = re.match(r"[A-Za-z]*", literal).group(0)
    return prefix, literal[len(prefix) :]


def _parts(literal: str) -> tuple[str, str, str]:
    prefix, rest = _prefix(literal)
    quote = rest[:3] if rest[:3] in ('"""', "'''") else rest[0]
    return prefix, quote, rest[len(quote) : len(rest) - len(quote)]


def _fstring_text(prefix: str, quote: str, body: str) -> str:
    """An f-string's text: escapes decoded in its literal parts, ``{fields}`` as written."""
    plain_prefix = prefix.replace("f", "").replace("F", "")
    out, position = [], 0
    for match in FIELD.finditer(body):
        literal = body[position : match.start()]
        out.append(ast.literal_eval(plain_prefix + quote + literal + quote) if literal else "")
        out.append(match.group(0))
        position = match.end()
    tail = body[position:]
    out.append(ast.literal_eval(plain_prefix + quote + tail + quote) if tail else "")
    return "".join(out)


def _is_translatable(msgid, place, vocabulary, marks) -> bool:
    prose = FIELD.sub(" ", msgid)
    if "skip" in marks:
        return False
    if "translate" in marks:
        return has_words(prose)
    if place == "data" or msgid in vocabulary or FORMULA.search(msgid):
        return False
    if place == "people":
        return has_words(prose)
    return len(WORD.findall(prose)) >= 2 and re.search(r"[^\W\d_]{2,}\W*\s+\W*[^\W\d_]{2,}", prose) is not None


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _place(node, parents) -> str:
    """Where a string is used: "people", "data" or "other" (see the module's sentence rule)."""
    child = node
    parent = parents.get(child)
    while parent is not None:
        if isinstance(parent, ast.Assert):
            return "people" if child is parent.msg else "data"
        if isinstance(parent, ast.keyword):
            if parent.arg in HUMAN_KEYWORDS:
                return "people"
            return "data" if parent.arg in DATA_KEYWORDS else "other"
        if isinstance(parent, ast.Call):
            if child is parent.func:
                return "data"
            name = _callee(parent)
            if name in HUMAN_CALLS or re.search(r"(Error|Exception|Warning)$", name):
                return "people"
            return "data" if name in DATA_CALLS else "other"
        if isinstance(parent, ast.Attribute):
            if parent.attr != "format":
                return "data"
            child, parent = parents.get(parent), parents.get(parents.get(parent))  # "…{}…".format(x) is its text
            continue
        if isinstance(parent, (ast.Subscript, ast.Compare)):
            return "data"
        if isinstance(parent, ast.Dict):
            if any(child is key for key in parent.keys):
                return "data"
            holder = parents.get(parent)
            return "people" if isinstance(holder, ast.keyword) and holder.arg in ("mistakes", "hints") else "other"
        if not isinstance(parent, TRANSPARENT):
            return "other"
        child, parent = parent, parents.get(parent)
    return "other"
