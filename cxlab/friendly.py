"""Friendly errors: a plain-language explanation, in bank terms, above a traceback cut to the learner's line.

The course's learners are bank staff who have never programmed. The errors they meet most — a
misspelled column, ``and`` between two conditions, a name whose cell was not run, text where a
number belongs, a duration where hours were asked, a Chinese punctuation mark — each get a short
explanation printed above the traceback, and the traceback keeps only the frames of the learner's
own cells (pandas' internals become one line, "(inside pandas)").

The error stays an error: the cell fails, "Run All" stops, and nbclient and ``nbgrader validate``
see an ``error`` output with the exception's own name and value; only the traceback text changes.
Errors no explainer recognises keep IPython's traceback untouched, and a fault in this module
falls back to it too.

Importing ``cxlab`` in a Jupyter kernel turns this on (see :func:`install_in_kernel`), except when
grading (``CXLAB_GRADING=1``, or nbgrader's autograde) or when ``CXLAB_FRIENDLY=0``.

Why not the ``friendly-traceback`` package (0.7.61): it recognises none of pandas' errors
("does not know the cause of this error" for a missing column), speaks of Python rather than of
the bank, prints whole library frames with their variables, and has no Chinese catalogue. This
module is a table of small explainers instead: each looks at one kind of error and returns a
message or None.

Every message is one string constant with named ``{placeholders}`` in :data:`MESSAGES`, so the
Chinese edition can wrap them in a gettext call without touching the explainers.

Examples
--------
>>> import pandas as pd
>>> survey = pd.DataFrame({"branch_id": ["HB01", "HB03"], "recommend": [9, 6]})
>>> try:
...     survey["recomend"]
... except KeyError as error:
...     print(explain(error).splitlines()[0])
The table has no column called 'recomend'.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from types import FrameType, TracebackType

from cxlab.lang import Messages, N_

# One table, so a translator finds every sentence in one place. Doubled braces are literal braces.
# Each is shown in the learner's language (cxlab.lang: the Chinese notebooks call use_language).
MESSAGES = Messages({
    "missing_column": N_(
        "The table has no column called {key}.\n"
        "A column name must be written exactly as it is in the table: the same capital and small "
        "letters, spaces and spelling, inside quotes.\n"
        "{did_you_mean}"
        "The columns of this table are: {available}."
    ),
    "missing_label": N_(
        "The table has no row labelled {key}.\n"
        "A row label must be written exactly as it is in the table: the same capital and small "
        "letters, spaces and spelling.\n"
        "{did_you_mean}"
        "Some of the labels are: {available}."
    ),
    "did_you_mean": N_("Did you mean {suggestions}?\n"),
    "and_or_between_conditions": N_(
        "`{word}` cannot combine two conditions on a column: a condition such as "
        "survey[\"recommend\"] >= 9 gives one True or False for every row, and `{word}` expects a "
        "single True or False.\n"
        "Use {symbol} instead of `{word}`, and put each condition in its own parentheses:\n"
        "    survey[(survey[\"branch_id\"] == \"HB03\") {symbol} (survey[\"recommend\"] >= 9)]\n"
        "With & a row is kept when both conditions hold (here: HB03's customers who gave 9 or 10); "
        "with | when at least one holds."
    ),
    "if_on_a_column": N_(
        "`if` expects a single True or False, but this condition gives one True or False for every "
        "row of the table.\n"
        "To choose the rows where it holds:   survey[survey[\"recommend\"] >= 9]\n"
        "To count them:                       (survey[\"recommend\"] >= 9).sum()\n"
        "To ask whether any row holds it:     (survey[\"recommend\"] >= 9).any()"
    ),
    "name_unknown": N_("Python does not know the name {name}."),
    "name_from_setup_cell": N_(
        "{name} is made by the setup cell at the top of the notebook ({statement}). Run that cell "
        "first: after the notebook is opened or the kernel restarted, every cell must be run again "
        "(Run > Run All Above Selected Cell)."
    ),
    "name_typo": N_("Did you mean {suggestions}? A name must be written exactly, capital letters included."),
    "name_needs_quotes": N_(
        "If you meant the text {name} (a value in the data, such as a branch code), put it in "
        "quotes: \"{name}\". Without quotes Python looks for a variable called {name}."
    ),
    "name_cell_not_run": N_(
        "If {name} is made in a cell above, that cell has not been run yet in this session: run the "
        "cells above, from the top (Run > Run All Above Selected Cell)."
    ),
    "text_where_number_belongs": N_(
        "Python was given text where a number belongs ({detail}).\n"
        "Text in quotes, such as \"9\", is not the number 9, and a column read from a file can hold "
        "its numbers as text.\n"
        "- If you typed a number in quotes, remove the quotes: survey[\"recommend\"] >= 9, not >= \"9\".\n"
        "- To see what a column holds: survey[\"recommend\"].dtype (object or str means text).\n"
        "- To turn a column of numbers written as text into numbers: "
        "pd.to_numeric(survey[\"recommend\"], errors=\"coerce\")"
    ),
    "text_cannot_become_number": N_(
        "The text {value} cannot be turned into a number.\n"
        "Look for it in the data: a word, a blank or a unit written beside the number. "
        "pd.to_numeric(column, errors=\"coerce\") turns such entries into missing values (NaN) "
        "instead of failing; count them with .isna().sum() before you go on."
    ),
    "duration_not_hours": N_(
        "This value is a duration (a Timedelta, shown like 0 days 01:30:00), not a number of hours, "
        "so {action}.\n"
        "Turn durations into hours first:\n"
        "    hours = (followups[\"contacted_at\"] - followups[\"surveyed_at\"]).dt.total_seconds() / 3600\n"
        "    hours = one_duration.total_seconds() / 3600      (for a single duration)\n"
        "Then use the hours: f\"{{hours:.1f}} hours\", hours > 24, hours.median()."
    ),
    "duration_action_format": N_("it cannot be shown with a number format such as :.1f"),
    "duration_action_compare": N_("it cannot be compared with a plain number"),
    "duration_action_number": N_("it cannot be used as a plain number"),
    "date_not_number": N_(
        "This column holds dates, and a date cannot be compared with a plain number.\n"
        "Compare it with a date written in quotes:   survey[survey[\"date\"] >= \"2024-03-01\"]\n"
        "or take the part you need first:            survey[survey[\"date\"].dt.year == 2024]"
    ),
    "chinese_punctuation": N_(
        "The cell contains the character {char}, a Chinese (full-width) punctuation mark. Python "
        "only understands the English ones: \" ' ( ) [ ] , : instead of “ ” ‘ ’ （ ） 【 】 ， ：.\n"
        "Switch the keyboard to English input and type the mark again."
    ),
    "bracket_not_closed": N_(
        "A bracket or quote was opened and not closed ({detail}).\n"
        "Every ( [ {{ and every quote needs its partner: survey[\"recommend\"].mean() has two pairs. "
        "Look at the end of the line Python points to, and at the line above it."
    ),
    "bracket_not_opened": N_(
        "There is a closing bracket without an opening one ({detail}).\n"
        "Count the brackets on the line Python points to: each ) ] }} needs a ( [ {{ before it."
    ),
    "indentation": N_(
        "The spaces at the start of a line are wrong ({detail}).\n"
        "In Python the spaces at the start of a line mean something: a line starts at the left "
        "edge, except the lines under an `if`, `for` or `def` ending in a colon, which are indented "
        "by four spaces. Remove stray spaces, or indent the lines that belong to the block."
    ),
    "missing_comma": N_(
        "Python cannot read this line ({detail}).\n"
        "Items in a list or between brackets are separated by commas: [\"HB01\", \"HB03\"], "
        "not [\"HB01\" \"HB03\"]."
    ),
    "misspelled_attribute": N_(
        "{owner} has nothing called .{name}.\n"
        "{did_you_mean}"
        "Names after a dot must be written exactly, capital letters included."
    ),
    "missing_value": N_(
        "The value is missing (pandas shows it as <NA> or NaN), so it cannot be used as a number here.\n"
        "A missing value usually means the calculation had no rows to work on: the selection above it "
        "kept none. Look for a number written in quotes (== \"2025\" instead of == 2025) or a "
        "category spelled differently from the data, and print the selection (or len(...) of it) to "
        "see how many rows it kept."
    ),
    "tables_not_aligned": N_(
        "Two things that do not line up were compared or combined: a column (one value for each row) "
        "with a whole table, or two tables whose rows or columns differ.\n"
        "If one side was meant to be a text value, such as the period \"before\", put it in quotes: "
        "survey[\"period\"] == \"before\". Without quotes Python uses the table of that name."
    ),
    "numbers_and_text_mixed": N_("a number and a text were compared or combined"),
    "placeholder_not_replaced": N_(
        "This cell still holds the placeholder `raise NotImplementedError()`, which stops the cell on "
        "purpose until you answer.\n"
        "Delete `raise NotImplementedError()` and the comment line above it, write your answer in "
        "their place, and run the cell again."
    ),
    "banner": N_("CX Lab explains:"),
    "banner_footer": N_("Python's own report follows; the arrow marks the line in your cell."),
    "inside_library": N_("    (the error happened inside {library}, called from the line above)"),
})

_BOLD_GREEN = "\x1b[1;32m"
_RESET = "\x1b[0m"
_SUGGESTIONS = 3
_LISTED = 12

# Names a notebook's setup cell creates, and the statement that creates them.
SETUP_STATEMENTS = {
    "pd": "import pandas as pd",
    "np": "import numpy as np",
    "plt": "import matplotlib.pyplot as plt",
    "load": "from cxlab.datasets import load",
}
CXLAB_MODULES = ("ahp", "datasets", "ipa", "journey", "nps", "plots", "queueing", "reliability",
                 "servqual", "simulate", "universe", "widgets")

# Chinese input methods produce these in place of the ASCII marks Python expects.
_FULL_WIDTH = set("“”‘’（）【】，：；。、《》！？")


# --------------------------------------------------------------------------- looking at an error


def _traceback_frames(error: BaseException) -> list[FrameType]:
    """The frames the error passed through, innermost first."""
    frames = []
    tb = error.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    return frames[::-1]


def is_learner_frame(frame: FrameType) -> bool:
    """True for code typed in a notebook cell: it runs in the notebook's own namespace, ``__main__``."""
    return frame.f_globals.get("__name__") == "__main__"


def _learner_line(error: BaseException) -> str:
    """The source line of the learner's cell where the error happened ('' when unknown)."""
    import linecache  # deferred, like difflib and copy below: `import cxlab` stays light

    tb = error.__traceback__
    line = ""
    while tb is not None:
        if is_learner_frame(tb.tb_frame):
            line = linecache.getline(tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return line.strip()


def _quoted_list(names, limit: int = _SUGGESTIONS) -> str:
    shown = [repr(name) for name in list(names)[:limit]]
    return " or ".join(shown) if len(shown) <= 2 else ", ".join(shown[:-1]) + " or " + shown[-1]


def _close_matches(word: str, candidates) -> list[str]:
    import difflib

    by_text = {str(candidate): candidate for candidate in candidates}
    found = difflib.get_close_matches(str(word), list(by_text), n=_SUGGESTIONS, cutoff=0.6)
    lower = {text.lower(): text for text in by_text}
    exact_but_case = lower.get(str(word).lower())
    if exact_but_case is not None and exact_but_case not in found:
        found.insert(0, exact_but_case)
    return [by_text[text] for text in found]


def _did_you_mean(word: str, candidates) -> str:
    matches = _close_matches(word, candidates)
    return MESSAGES["did_you_mean"].format(suggestions=_quoted_list(matches)) if matches else ""


# --------------------------------------------------------------------------- explainers


# pandas' messages that list the missing labels in quotes: ``['a'] not in index``, ``None of ['a'] are
# in the columns``, ``['a'] not found in axis`` (drop), ``Columns not found: 'a'`` (a groupby's [[...]]).
_LISTED_KEYS = re.compile(r" not in index| are in the | not found in axis|^Columns not found: ")


def _missing_keys(error: KeyError) -> list:
    """The labels pandas could not find: the key itself, or the names pandas' message lists."""
    key = error.args[0] if error.args else None
    if isinstance(key, list):  # dropna(subset=[...]) raises the list of missing names itself
        return key
    if isinstance(key, str):
        single = re.fullmatch(r"Column not found: (.*)", key)  # a groupby's ["name"]
        if single:
            return [single.group(1)]
        if _LISTED_KEYS.search(key):
            names = re.sub(r"dtype='[^']*'", "", key.split(" are in the [")[0])
            return re.findall(r"'([^']*)'", names)
    return [key]


def _table_in(value, pandas):
    """The table (or index) a pandas frame works on: the object itself, or the table a groupby holds."""
    if isinstance(value, pandas.Index | pandas.DataFrame | pandas.Series):
        return value
    if not type(value).__module__.startswith("pandas."):
        return None
    try:
        held = value.obj
    except Exception:  # a groupby still being built (the error came from its __init__) has no table yet
        return None
    return held if isinstance(held, pandas.DataFrame | pandas.Series) else None


def _labels_searched(error: KeyError):
    """(labels, is_columns) of the table pandas searched, found in the traceback's frames."""
    pandas = sys.modules.get("pandas")
    if pandas is None:
        return None
    tables = []
    for frame in _traceback_frames(error):
        if is_learner_frame(frame):
            continue
        for value in (frame.f_locals.get("self"), frame.f_locals.get("obj")):
            table = _table_in(value, pandas)
            if table is not None:
                tables.append(table)
    frames_columns = [table.columns for table in tables if isinstance(table, pandas.DataFrame)]
    for table in tables:
        if isinstance(table, pandas.Index):
            return table, any(table is columns for columns in frames_columns)
        if isinstance(table, pandas.DataFrame):
            return table.columns, True
        if isinstance(table, pandas.Series):
            return table.index, False
    return None


def explain_missing_label(error: BaseException, namespace: Mapping) -> str | None:
    """A pandas KeyError: a column or row label that is not in the table, with the close matches."""
    if not isinstance(error, KeyError):
        return None
    searched = _labels_searched(error)
    if searched is None:
        return None
    labels, is_columns = searched
    keys = _missing_keys(error)
    key = next((k for k in keys if k not in labels), keys[0]) if keys else None
    return MESSAGES["missing_column" if is_columns else "missing_label"].format(
        key=repr(key),
        did_you_mean=_did_you_mean(key, labels),
        available=", ".join(repr(label) for label in list(labels)[:_LISTED])
        + (", ..." if len(labels) > _LISTED else ""),
    )


def explain_and_or(error: BaseException, namespace: Mapping) -> str | None:
    """``and``/``or`` (or ``if``) on a whole column: pandas' "truth value of a Series is ambiguous"."""
    if not (isinstance(error, ValueError) and "truth value of a" in str(error) and "ambiguous" in str(error)):
        return None
    line = _learner_line(error)
    if re.match(r"(el)?if\b|while\b", line) and not re.search(r"\b(and|or)\b", line):
        return MESSAGES["if_on_a_column"]
    word, symbol = ("or", "|") if re.search(r"\bor\b", line) and not re.search(r"\band\b", line) else ("and", "&")
    return MESSAGES["and_or_between_conditions"].format(word=word, symbol=symbol)


def _defined_names(namespace: Mapping) -> list[str]:
    hidden = {"In", "Out", "exit", "quit", "get_ipython"}
    return [name for name in namespace if not name.startswith("_") and name not in hidden]


def _is_value_in_data(name: str, namespace: Mapping) -> bool:
    """True when ``name`` looks like a code (HB03) or is a text value in one of the notebook's tables."""
    if re.fullmatch(r"[A-Z]{1,4}\d+", name):
        return True
    pandas = sys.modules.get("pandas")
    if pandas is None:
        return False
    tables = [value for value in namespace.values() if isinstance(value, pandas.DataFrame)]
    for table in tables[:20]:
        for column in table.select_dtypes(include=["object", "string", "category"]).columns:
            if table[column].isin([name]).any():
                return True
    return False


def explain_name_error(error: BaseException, namespace: Mapping) -> str | None:
    """A name not defined: the setup cell or the cell above not run, a typo, or quotes forgotten."""
    if not isinstance(error, NameError) or not getattr(error, "name", None):
        return None
    name = error.name
    parts = [MESSAGES["name_unknown"].format(name=name)]
    statement = SETUP_STATEMENTS.get(name) or (f"from cxlab import {name}" if name in CXLAB_MODULES else None)
    if statement:
        parts.append(MESSAGES["name_from_setup_cell"].format(name=name, statement=statement))
        return "\n".join(parts)
    import builtins

    # Builtins only when the notebook has no close name: `surve` should suggest `survey`, not `super`.
    matches = _close_matches(name, _defined_names(namespace)) or _close_matches(name, dir(builtins))
    if matches:
        parts.append(MESSAGES["name_typo"].format(suggestions=_quoted_list(matches)))
    if _is_value_in_data(name, namespace):
        parts.append(MESSAGES["name_needs_quotes"].format(name=name))
    parts.append(MESSAGES["name_cell_not_run"].format(name=name))
    return "\n".join(parts)


_DURATION = r"Timedelta|timedelta64"


def explain_duration(error: BaseException, namespace: Mapping) -> str | None:
    """A Timedelta used as hours: formatted with :.1f, compared with a number, rounded or converted."""
    if not isinstance(error, TypeError) or not re.search(_DURATION, str(error)):
        return None
    text = str(error)
    if "format string" in text:
        action = MESSAGES["duration_action_format"]
    elif "comparison" in text or "not supported between" in text:
        action = MESSAGES["duration_action_compare"]
    else:
        action = MESSAGES["duration_action_number"]
    return MESSAGES["duration_not_hours"].format(action=action)


# The ways Python, pandas and numpy say "text met a number" (pandas 3 names its text dtype str).
def explain_date_as_number(error: BaseException, namespace: Mapping) -> str | None:
    """A date column compared with a plain number (``survey["date"] > 2024``)."""
    if isinstance(error, TypeError) and re.search(r"dtype=datetime64\S* and (int|float)", str(error)):
        return MESSAGES["date_not_number"]
    return None


_TEXT_AND_NUMBER = (
    r"'str' and '(int|float)'|'(int|float)' and 'str'|can only concatenate str|with string dtype"
    r"|dtype=(object|str)\w* and (int|float)|dtype=(int|float|Int|Float)\w* and str"
    r"|dtype 'str' does not support|StrDType|dtype\('<U\d*'\)|must be real number, not str"
)


def explain_text_as_number(error: BaseException, namespace: Mapping) -> str | None:
    """Text where a number belongs: comparing or adding text and numbers, or text that is no number."""
    text = str(error)
    if isinstance(error, ValueError):
        found = re.match(r"could not convert string to float: (.*)|invalid literal for int\(\) with base 10: (.*)", text)
        if found:
            return MESSAGES["text_cannot_become_number"].format(value=found.group(1) or found.group(2))
        return None
    if isinstance(error, TypeError) and re.search(_TEXT_AND_NUMBER, text):
        # numpy's own words ("ufunc 'greater_equal' did not contain a loop with signature ...") say nothing
        # to a beginner; Python's report below still shows them.
        detail = MESSAGES["numbers_and_text_mixed"] if "ufunc" in text else text
        return MESSAGES["text_where_number_belongs"].format(detail=detail)
    return None


def explain_not_aligned(error: BaseException, namespace: Mapping) -> str | None:
    """A column compared with a whole table, most often a text value written without quotes (``== before``)."""
    text = str(error)
    if isinstance(error, ValueError) and ("Operands are not aligned" in text or "identically-labeled" in text):
        return MESSAGES["tables_not_aligned"]
    return None


def explain_missing_value(error: BaseException, namespace: Mapping) -> str | None:
    """pandas' missing value (``<NA>``) used as a number, most often the mean of an empty selection."""
    text = str(error)
    if isinstance(error, TypeError) and ("'NAType'" in text or "boolean value of NA is ambiguous" in text):
        return MESSAGES["missing_value"]
    return None


def explain_syntax_error(error: BaseException, namespace: Mapping) -> str | None:
    """A beginner's syntax slip: Chinese punctuation, an unclosed bracket or quote, stray indentation."""
    if not isinstance(error, SyntaxError):
        return None
    detail = error.msg or ""
    full_width = re.match(r"invalid character '(.)'", detail)
    if full_width and full_width.group(1) in _FULL_WIDTH:
        return MESSAGES["chinese_punctuation"].format(char=full_width.group(1))
    if isinstance(error, IndentationError):
        return MESSAGES["indentation"].format(detail=detail)
    if re.search(r"was never closed|unterminated|unexpected EOF|incomplete input", detail):
        return MESSAGES["bracket_not_closed"].format(detail=detail)
    if detail.startswith("unmatched") or "does not match opening" in detail:
        return MESSAGES["bracket_not_opened"].format(detail=detail)
    if "forgot a comma" in detail:
        return MESSAGES["missing_comma"].format(detail=detail)
    return None


def explain_attribute_error(error: BaseException, namespace: Mapping) -> str | None:
    """A misspelled method or column after a dot (``survey.recomend``, ``.mena()``), with close matches."""
    if not isinstance(error, AttributeError):
        return None
    owner, name = getattr(error, "obj", None), getattr(error, "name", None)
    if owner is None or not name or isinstance(owner, type(sys)):
        return None
    candidates = [attribute for attribute in dir(owner) if not attribute.startswith("_")]
    columns = getattr(owner, "columns", None)
    if columns is not None:
        candidates += [column for column in columns if isinstance(column, str)]
    did_you_mean = _did_you_mean(name, candidates)
    if not did_you_mean:
        return None
    return MESSAGES["misspelled_attribute"].format(
        owner=f"This {type(owner).__name__}", name=name, did_you_mean=did_you_mean)


def explain_placeholder(error: BaseException, namespace: Mapping) -> str | None:
    """An answer cell run before the placeholder ``raise NotImplementedError()`` was replaced."""
    if isinstance(error, NotImplementedError) and re.fullmatch(r"raise NotImplementedError(\(\))?", _learner_line(error)):
        return MESSAGES["placeholder_not_replaced"]
    return None


# In order: the first explainer that recognises the error wins.
EXPLAINERS: tuple[Callable[[BaseException, Mapping], str | None], ...] = (
    explain_missing_label,
    explain_and_or,
    explain_name_error,
    explain_duration,
    explain_date_as_number,
    explain_text_as_number,
    explain_missing_value,
    explain_not_aligned,
    explain_syntax_error,
    explain_attribute_error,
    explain_placeholder,
)


def explain(error: BaseException, namespace: Mapping | None = None) -> str | None:
    """The plain-language explanation of ``error``, or None when no explainer recognises it.

    ``namespace`` holds the notebook's names (for close matches and the quotes check). An explainer
    that fails counts as not recognising the error: explaining must never raise a second error.
    """
    for explainer in EXPLAINERS:
        try:
            message = explainer(error, namespace or {})
        except Exception:
            message = None
        if message:
            return message
    return None


# --------------------------------------------------------------------------- the shortened traceback


def learner_traceback(tb: TracebackType | None) -> tuple[TracebackType | None, str | None]:
    """The traceback with only the learner's frames, and the library the error came from.

    The library is the top-level package of the first frame after the learner's last one
    (``"pandas"`` for a KeyError raised deep in pandas); None when the error was raised in the cell.
    """
    kept: list[tuple[FrameType, int, int]] = []
    library = None
    while tb is not None:
        if is_learner_frame(tb.tb_frame):
            kept.append((tb.tb_frame, tb.tb_lasti, tb.tb_lineno))
            library = None
        elif kept and library is None:
            library = str(tb.tb_frame.f_globals.get("__name__", "")).split(".")[0] or None
        tb = tb.tb_next
    shortened = None
    for frame, lasti, lineno in reversed(kept):
        shortened = TracebackType(shortened, frame, lasti, lineno)
    return shortened, library


def _banner(explanation: str) -> str:
    body = "\n".join("  " + line for line in explanation.splitlines())
    return f"{_BOLD_GREEN}{MESSAGES['banner']}{_RESET}\n{body}\n\n{MESSAGES['banner_footer']}\n"


def _learner_traceback_lines(shell, etype: type, value: BaseException) -> list[str] | None:
    """IPython's traceback lines for the learner's frames only; None when the error has none."""
    import copy

    shortened, library = learner_traceback(value.__traceback__)
    if shortened is None:
        return None
    # A copy without the chained exceptions, so pandas' inner KeyError is not printed again.
    shown = copy.copy(value)
    shown.__cause__ = shown.__context__ = None
    shown.__suppress_context__ = True
    lines = list(shell.InteractiveTB.structured_traceback(etype, shown.with_traceback(shortened),
                                                          shortened, tb_offset=0))
    if library:
        lines.insert(len(lines) - 1, MESSAGES["inside_library"].format(library=library))
    return lines


def friendly_traceback_lines(shell, etype: type, value: BaseException, stb: list[str]) -> list[str]:
    """IPython's traceback lines ``stb`` with the explanation above them and library frames cut.

    Returns ``stb`` itself when no explainer recognises the error.
    """
    explanation = explain(value, shell.user_ns)
    if explanation is None:
        return stb
    body = stb
    if not issubclass(etype, SyntaxError):
        try:
            body = _learner_traceback_lines(shell, etype, value) or stb
        except Exception:
            body = stb  # the full traceback is long, but the explanation above it still helps
    return [_banner(explanation), *body]


# --------------------------------------------------------------------------- the hook


def wanted() -> bool:
    """False while grading (a score must never depend on this module) or when the user opted out."""
    return not (
        os.environ.get("CXLAB_GRADING") == "1"
        or os.environ.get("NBGRADER_EXECUTION") == "autograde"
        or os.environ.get("CXLAB_FRIENDLY") == "0"
    )


def install(shell) -> bool:
    """Show friendly errors in ``shell`` (an IPython shell). Idempotent; returns True when active."""
    current = shell._showtraceback
    if getattr(current, "cxlab_friendly", False):
        return True

    def _showtraceback(etype, evalue, stb):
        try:
            # Checked on every error too, so `%env CXLAB_FRIENDLY=0` switches it off in a running notebook.
            if wanted():
                stb = friendly_traceback_lines(shell, etype, evalue, stb)
        except Exception:
            pass  # a fault here must not hide the learner's error: show IPython's own traceback
        return current(etype, evalue, stb)

    _showtraceback.cxlab_friendly = True
    shell._showtraceback = _showtraceback
    return True


def uninstall(shell=None) -> None:
    """Back to IPython's own tracebacks in ``shell`` (the running one by default)."""
    shell = shell or _running_kernel_shell()
    if shell is not None and getattr(shell.__dict__.get("_showtraceback"), "cxlab_friendly", False):
        del shell._showtraceback


def _running_kernel_shell():
    """The IPython shell of a Jupyter kernel this code runs in, or None (plain Python, terminal IPython)."""
    ipython = sys.modules.get("IPython")
    zmqshell = sys.modules.get("ipykernel.zmqshell")
    if ipython is None or zmqshell is None:
        return None
    shell = ipython.get_ipython()
    return shell if isinstance(shell, zmqshell.ZMQInteractiveShell) else None


def install_in_kernel() -> bool:
    """Turn friendly errors on when running in a Jupyter kernel and not grading; True when active.

    Called by ``import cxlab``. Imports nothing: IPython is looked up only if it is already loaded.
    """
    try:
        shell = _running_kernel_shell()
        return shell is not None and wanted() and install(shell)
    except Exception:
        return False


def load_ipython_extension(shell) -> None:
    """``%load_ext cxlab.friendly``: friendly errors in any IPython shell, the terminal included."""
    install(shell)


def unload_ipython_extension(shell) -> None:
    uninstall(shell)
