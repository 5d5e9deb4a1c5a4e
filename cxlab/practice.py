"""Practice checks: tell a learner whether an answer is right, without showing the right answer.

A graded assignment's visible check first tests the *form* of an answer (a number, 24 branches, a
value from -100 to 100). Then one line asks this module whether the *value* is right::

    practice.check("bank_nps", bank_nps, "cx1:5d0c0b1c6a7e2f41", question=2, decimals=1,
                   mistakes={"cx1:…": "NPS counts 9 and 10 as promoters; 8 is a passive."})

The master notebook carries only a digest of the right answer (a salted SHA-256 of the answer written
in a canonical form), never the answer; a digest of a typical mistake maps to the hint for that
mistake. Hints therefore escalate as the course's style asks: the form checks above the line speak of
type, shape and range; this line says "right", names the usual mistake when it recognises one, or says
that the value is not right yet.

The form checks above that line are one call each, so a test cell stays short enough for a learner to
read (:func:`answer`, :func:`expect_number`, :func:`expect_choice`, :func:`expect_choices`,
:func:`expect_bool`, :func:`expect_values`, :func:`expect_series`, :func:`expect_figure`; a matching
exercise is one :func:`check_matching`). Each fetches the learner's variable from the notebook, fails
with the same plain sentence for the same slip in every assignment (a name not defined, a wrong type, a
value out of range) and returns the answer in a form the value check can compare::

    practice.expect_number("bank_nps", low=-100, high=100)

Two switches, both of which leave the score to nbgrader's hidden tests alone:

- **Grading.** When ``CXLAB_GRADING=1`` (``cxlab grade`` sets it in every grading kernel) the check does
  nothing, so a score never depends on a digest.
- **Exams.** An assignment listed in ``c.HideValueChecks.exam_assignments`` in ``nbgrader_config.py`` is
  released without digests (:class:`cxlab.exam.HideValueChecks` replaces each ``"cx1:…"`` literal by
  ``None``); the check then says only that the form is right.

A digest is not a secret a determined programmer cannot break: an NPS rounded to one decimal has 2,001
possible values, and the salt is in the notebook. It keeps a learner from *seeing* the answer, which is
what practice needs; exams take the digests out entirely.

Examples
--------
>>> right = digest("bank_nps", 21.4667, decimals=1)
>>> right == digest("bank_nps", 21.5, decimals=1)      # rounding the way the question allows
True
>>> check("bank_nps", 21.47, right, question=2, decimals=1)
Question 2: correct.
True
>>> check("bank_nps", 0.215, right, question=2, decimals=1,
...       mistakes={digest("bank_nps", 0.215, decimals=1): "An NPS is in points: multiply by 100."})
Traceback (most recent call last):
...
cxlab.practice.NotYetRight: Question 2: not right yet. An NPS is in points: multiply by 100.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import numbers
import os
import sys
from collections.abc import Callable, Iterable, Mapping

from cxlab.lang import N_, _, gettext

__all__ = [
    "DIGEST_PREFIX", "NotYetRight", "accepted", "answer", "bar_chart", "cells", "check", "check_carried",
    "check_matching", "digest", "earlier_answers", "expect_bool", "expect_choice", "expect_choices", "expect_figure",
    "expect_items", "expect_labels", "expect_number", "expect_numbered", "expect_radar", "expect_series",
    "expect_some_choices", "expect_table", "expect_values", "line_curves", "month_text", "value_checks_enabled",
]

#: Every digest starts with this, so a release tool can find (and, for exams, remove) them all.
DIGEST_PREFIX = "cx1:"
#: Environment variable set in grading kernels: practice checks stand aside while grading.
GRADING_VARIABLE = "CXLAB_GRADING"
# Sixteen hex digits: collisions between a right answer and a wrong one are out of the question.
_DIGEST_HEX_DIGITS = 16

# The learner-facing sentences, one place; shown in the learner's language (cxlab.lang, cxlab.po).
CORRECT = N_("Question {question}: correct.")
MISTAKE = N_("Question {question}: not right yet. {hint}")
NOT_YET = N_("Question {question}: the form is right, but the value is not right yet.")
FOLLOWS = N_("Question {question}: this follows from your own earlier answers, and is correct if they are.")
EXAM = N_("Question {question}: the form is right. Its value is checked when your work is graded.")

# The form checks' sentences: the same slip gets the same words in every assignment.
MISSING = N_("Define a variable named {name} (check the spelling; did you run your cell?)")
NOT_NUMBER = N_("{name} should be a single number; you gave a {kind}.")
DURATION = N_("A duration must be turned into hours first: .total_seconds() / 3600.")
ONE_ENTRY = N_("If you have a Series with one entry, take the number out of it.")
QUOTED = N_("Write a number without quotes.")
EMPTY = N_("{name} is empty (NaN or <NA>): the rows you used held no value. Check your selection.")
NOT_WHOLE = N_("{name} should be a whole number (a count); yours is {value}.")
BETWEEN = N_("{name} should be between {low} and {high}; yours is {value}.")
AT_LEAST = N_("{name} should be at least {low}; yours is {value}.")
AT_MOST = N_("{name} should be at most {high}; yours is {value}.")
NOT_TEXT = N_("{name} should be a text in quotes, such as {example}; you gave a {kind}.")
NOT_CHOICE = N_("{value} is not an answer {name} can take. Choose one of: {choices}.")
NOT_LIST = N_("{name} should be a list of {count} answers, such as {example}; you gave a {kind}.")
WRONG_COUNT = N_("List exactly {count} answers in {name}; you listed {given}.")
NOT_CHOICES = N_("{value} is not an answer {name} can hold. Choose from: {choices}.")
NOT_FIGURE = N_(
    "{name} should be a chart (a matplotlib Figure); you gave a {kind}. If you have an Axes called ax, use {name} = ax.figure."
)
NO_LINE = N_("The figure {name} has no line on it. Draw the curve with ax.plot(...) (a line chart, not bars).")
NO_TITLE = N_("Give the chart a title (ax.set_title(...)).")
NO_LABELS = N_("Label both axes (ax.set_xlabel(...) and ax.set_ylabel(...)).")
EMPTY_FIGURE = N_("The figure {name} is empty: draw the chart on it.")
NOT_MATCHING = N_("{name} should be a dict like {example}; you gave a {kind}.")
MATCHING_KEYS = N_("{name} should have one entry for each of {expected}; you have {given}.")
NOT_CHOICE_FOR = N_("{name}[{key}] is {value}, which is not one of: {choices}. Check the spelling.")
NOT_BOOL = N_("{name} should be True or False (without quotes); you gave a {kind}.")
NOT_VALUES = N_("{name} should hold one value for each row (a Series or a list); you gave a {kind}.")
WRONG_LENGTH = N_("{name} should hold {expected} values, one for each row; it holds {count}.")
NOT_SERIES = N_("{name} should be a Series (or a dict) with one value for each key; you gave a {kind}.")
WIDE_TABLE = N_("{name} is a table with {count} columns. Keep the one column the question asks for.")
WRONG_KEYS = N_("The keys (index) of {name} should be {expected}; you have {given}.")
NOT_A_NUMBER_IN = N_("Every value of {name} should be a number; {key} is {value}.")
EMPTY_IN = N_("{name} has no value (NaN) for {keys}.")
OUT_OF_RANGE_IN = N_("Every value of {name} should be between {low} and {high}; {key} is {value}.")
NOT_WHOLE_IN = N_("Every value of {name} should be a whole number (a count); {key} is {value}.")


class NotYetRight(AssertionError):
    """A practice check found a value that is not the right answer (an ``AssertionError``, so nbgrader
    and *Validate* count the check as failed)."""


def value_checks_enabled() -> bool:
    """False inside a grading kernel, where only the hidden tests may decide a score."""
    return os.environ.get(GRADING_VARIABLE, "") != "1"


def digest(name: str, value: object, *, decimals: int | None = None, ordered: bool = True) -> str:
    """The digest a practice check compares: ``"cx1:"`` and 16 hex digits.

    ``name`` is the variable the question asks for; it salts the digest, so one question's digest says
    nothing about another's. ``decimals`` rounds every number first (give the rounding the question
    allows, so a rounded and an unrounded answer agree). ``ordered=False`` treats a list as a set (for
    "which branches…" questions where the order does not matter).

    >>> digest("top_drivers", ["rate_wait", "rate_staff"], ordered=False) == \\
    ...     digest("top_drivers", ["rate_staff", "rate_wait"], ordered=False)
    True
    """
    text = f"{name}|{_canonical(value, decimals, ordered)}"
    return DIGEST_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:_DIGEST_HEX_DIGITS]


def check(
    name: str,
    value: object,
    expected: str | None,
    *,
    question: int | str,
    decimals: int | None = None,
    ordered: bool = True,
    mistakes: Mapping[str | tuple | None, str] | None = None,
    hint: str = "",
    wrong_order: str = "",
    follows: object = None,
) -> bool | None:
    """Say whether ``value`` is the right answer to ``question``; raise :class:`NotYetRight` if not.

    Returns True when right, None when the check stood aside (grading, or an exam release whose
    ``expected`` is None). ``mistakes`` maps digests of typical wrong answers (or a tuple of digests
    sharing one hint) to the hint that fits each; ``hint`` is added when the value is wrong in a way no
    mistake describes. ``wrong_order`` is the hint for a list holding the right items in another order.
    ``follows`` is the value this answer would have if computed from the learner's own earlier answers
    (a number, a Series, a text…; or a function giving it; an error or None there means there is none):
    an answer that follows from them (numbers within the rounding ``decimals`` allows) is accepted with a
    note, so one slip is not counted twice.
    """
    if not value_checks_enabled():
        return None
    if expected is None:
        print(gettext(EXAM).format(question=question))
        return None
    given = digest(name, value, decimals=decimals, ordered=ordered)
    if given == expected:
        print(gettext(CORRECT).format(question=question))
        return True
    if _follows(name, value, follows, decimals, ordered):
        print(gettext(FOLLOWS).format(question=question))
        return True
    for digests, mistake in (mistakes or {}).items():
        if given in (digests if isinstance(digests, tuple) else (digests,)):
            raise NotYetRight(gettext(MISTAKE).format(question=question, hint=mistake))
    if wrong_order and _in_another_order(name, value, expected, decimals):
        raise NotYetRight(gettext(MISTAKE).format(question=question, hint=wrong_order))
    raise NotYetRight(" ".join(filter(None, [gettext(NOT_YET).format(question=question), hint])))


def _follows(name: str, value: object, follows: object, decimals: int | None, ordered: bool) -> bool:
    """Whether ``value`` is what the learner's own earlier answers give (``follows``, or its result)."""
    if follows is None:
        return False
    try:
        own = follows() if callable(follows) else follows
    except Exception:  # the earlier answers are missing or unusable: judge this one on its own
        return False
    if own is None:
        return False
    if _is_number(value):
        try:
            return abs(float(value) - float(own)) <= 1.5 * 10 ** -(decimals if decimals is not None else 6)
        except (TypeError, ValueError):
            return False
    return _agrees(name, value, own, decimals, ordered)


def _in_another_order(name: str, value: object, expected: str, decimals: int | None) -> bool:
    if not isinstance(value, (list, tuple)):
        return False
    orders = itertools.islice(itertools.permutations(value), 720)  # a short list: up to six items
    return any(digest(name, list(order), decimals=decimals) == expected for order in orders)


def answer(name: str) -> object:
    """The learner's variable ``name`` from the notebook (the namespace of the cell that asks).

    >>> bank_nps = 21.5
    >>> answer("bank_nps")
    21.5
    >>> answer("bank_NPS")
    Traceback (most recent call last):
    ...
    AssertionError: Define a variable named bank_NPS (check the spelling; did you run your cell?)
    """
    namespace = _learner_namespace()
    if name not in namespace:
        raise AssertionError(gettext(MISSING).format(name=name))
    return namespace[name]


def expect_number(
    name: str, *, low: float | None = None, high: float | None = None, whole: bool = False, hint: str = ""
) -> object:
    """The learner's ``name`` if it is one number (not empty, whole if asked, from ``low`` to ``high``).

    ``hint`` is added to any failure (what the usual cause is). The value is returned as given, so the
    checks below it see what the learner wrote.

    >>> callback_share = 1.5
    >>> expect_number("callback_share", low=0, high=1, hint="A share lies between 0 and 1.")
    Traceback (most recent call last):
    ...
    AssertionError: callback_share should be between 0 and 1; yours is 1.5. A share lies between 0 and 1.
    """
    value = answer(name)
    if _is_missing(value):
        _fail(gettext(EMPTY).format(name=name), hint)
    if not _is_number(value):
        _fail(gettext(NOT_NUMBER).format(name=name, kind=_kind(value)), _number_tip(value), hint)
    if whole and not float(value).is_integer():
        _fail(gettext(NOT_WHOLE).format(name=name, value=value), hint)
    _expect_range(name, value, low, high, hint)
    return value


def expect_choice(name: str, choices: Iterable[str], *, ignore_case: bool = False, hint: str = "") -> str:
    """The learner's ``name`` if it is a text among ``choices`` (returned as written in ``choices``),
    spaces and a closing full stop aside, and case too if ``ignore_case``.

    >>> worst_dimension = " Empathy "
    >>> expect_choice("worst_dimension", ["tangibles", "empathy"], ignore_case=True)
    'empathy'
    >>> expect_choice("worst_dimension", ["tangibles", "reliability"], ignore_case=True)
    Traceback (most recent call last):
    ...
    AssertionError: ' Empathy ' is not an answer worst_dimension can take. Choose one of: 'tangibles', 'reliability'.
    """
    choices = list(choices)
    value = answer(name)
    if not isinstance(value, str):
        _fail(gettext(NOT_TEXT).format(name=name, example=repr(choices[0]), kind=_kind(value)), hint)
    def fold(text: str) -> str:  # spaces and a closing full stop ("B.") do not change the answer
        text = text.strip().rstrip(".").strip()
        return text.lower() if ignore_case else text

    found = [choice for choice in choices if fold(choice) == fold(value)]
    if not found:
        _fail(gettext(NOT_CHOICE).format(value=_shown(value), name=name, choices=_listing(choices)), hint)
    return found[0]


def expect_choices(name: str, choices: Iterable[str], *, count: int, hint: str = "") -> list[str]:
    """The learner's ``name`` as a list of texts, if it lists ``count`` answers among ``choices``.

    A list, tuple or set is accepted, and so is a Series, whose index is taken (``top.nlargest(2)``).

    >>> top_drivers = ["rate_wait", "rate_wait_time"]
    >>> expect_choices("top_drivers", ["rate_wait", "rate_staff"], count=2)
    Traceback (most recent call last):
    ...
    AssertionError: 'rate_wait_time' is not an answer top_drivers can hold. Choose from: 'rate_wait', 'rate_staff'.
    """
    choices = [str(choice) for choice in choices]
    value = answer(name)
    if hasattr(value, "index") and hasattr(value, "to_dict") and not hasattr(value, "columns"):
        value = list(value.index)
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable) or hasattr(value, "columns"):
        example = "[" + ", ".join(repr(choice) for choice in choices[:count]) + "]"
        _fail(gettext(NOT_LIST).format(name=name, count=count, example=example, kind=_kind(value)), hint)
    given = [str(item).strip() for item in value]
    if len(given) != count:
        _fail(gettext(WRONG_COUNT).format(count=count, name=name, given=len(given)), hint)
    for item in given:
        if item not in choices:
            _fail(gettext(NOT_CHOICES).format(value=repr(item), name=name, choices=_listing(choices)), hint)
    return given


def expect_bool(name: str, *, hint: str = "") -> bool:
    """The learner's ``name`` if it is True or False (numpy's too), as a plain ``bool``.

    >>> significant = "True"
    >>> expect_bool("significant")
    Traceback (most recent call last):
    ...
    AssertionError: significant should be True or False (without quotes); you gave a str.
    """
    value = answer(name)
    if not (isinstance(value, bool) or type(value).__name__ in ("bool", "bool_")):  # numpy 2 calls it "bool"
        _fail(gettext(NOT_BOOL).format(name=name, kind=_kind(value)), hint)
    return bool(value)


def expect_values(
    name: str,
    *,
    length: int,
    low: float | None = None,
    high: float | None = None,
    choices: Iterable[str] | None = None,
    hint: str = "",
) -> list:
    """The learner's ``name`` as a list, if it holds one value per row (a Series, list or array).

    A Series keeps the order of its index when the index is the rows' 0, 1, 2 … in another order.
    ``low``/``high`` ask for numbers in that range; ``choices`` for labels among them (case and
    spaces aside; the list returned holds them as written in ``choices``).

    >>> disconfirmation = [1, -2, 0]
    >>> expect_values("disconfirmation", length=3, low=-6, high=6)
    [1, -2, 0]
    >>> expect_values("disconfirmation", length=4)
    Traceback (most recent call last):
    ...
    AssertionError: disconfirmation should hold 4 values, one for each row; it holds 3.
    """
    value = answer(name)
    if hasattr(value, "columns") or isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__len__"):
        _fail(gettext(NOT_VALUES).format(name=name, kind=_kind(value)), hint)
    if len(value) != length:
        _fail(gettext(WRONG_LENGTH).format(name=name, expected=length, count=len(value)), hint)
    if hasattr(value, "sort_index") and set(value.index) == set(range(length)):
        value = value.sort_index()
    values = list(value)
    if low is not None or high is not None:
        _expect_numbers_in(name, dict(enumerate(values)), low, high, False, hint)
    if choices is not None:
        choices = list(choices)
        folded = {str(choice).strip().lower(): choice for choice in choices}
        for item in values:
            if str(item).strip().lower() not in folded:
                _fail(gettext(NOT_CHOICES).format(value=_shown(item), name=name, choices=_listing(choices)), hint)
        values = [folded[str(item).strip().lower()] for item in values]
    return values


def expect_series(
    name: str,
    *,
    keys: Iterable | None = None,
    low: float | None = None,
    high: float | None = None,
    whole: bool = False,
    column: str | None = None,
    key: Callable[[str], str] | None = None,
    drop: Iterable[str] = (),
    wrong_lengths: Mapping[int, str] | None = None,
    hint: str = "",
):
    """The learner's ``name`` as a pandas Series of floats, one per key, if it has the form asked for.

    A dict, a Series and a one-column table are all accepted (a wider table if it has ``column``). The
    keys are compared as text, ignoring case, spaces and a plural "s", after ``key`` (a function that
    tidies each given key, e.g. drops a prefix); the Series returned carries the keys as written in
    ``keys``, in that order; keys in ``drop`` are left out if present (a variable correlated with itself).
``wrong_lengths`` maps a number of entries that betrays a usual slip (one per visit where one per
touchpoint is asked) to the sentence that names it.
Every value must be a number (whole if asked) from ``low`` to ``high``.

    >>> group_counts = {"Promoter": 5, "passives": 3, "detractors": 2}
    >>> expect_series("group_counts", keys=["promoters", "passives", "detractors"], low=0, whole=True).to_dict()
    {'promoters': 5.0, 'passives': 3.0, 'detractors': 2.0}
    >>> expect_series("group_counts", keys=["promoters", "passives", "detractors"], high=4)
    Traceback (most recent call last):
    ...
    AssertionError: Every value of group_counts should be between ... and 4; promoters is 5.0.
    """
    import pandas as pd

    value = answer(name)
    if hasattr(value, "columns"):
        if column is not None and column in value.columns:
            value = value[column]
        elif value.shape[1] == 1:
            value = value.iloc[:, 0]
        else:
            _fail(gettext(WIDE_TABLE).format(name=name, count=value.shape[1]), hint)
    if not (isinstance(value, Mapping) or isinstance(value, pd.Series)):
        _fail(gettext(NOT_SERIES).format(name=name, kind=_kind(value)), hint)
    given = {(key(str(k)) if key else str(k)).strip(): item for k, item in dict(value).items()}
    given = {k: item for k, item in given.items() if k not in set(drop)}
    keys = None if keys is None else [str(k) for k in keys]
    if wrong_lengths and len(given) in wrong_lengths and (keys is None or len(given) != len(keys)):
        _fail(wrong_lengths[len(given)], hint)
    if keys is not None:
        given = _match_keys(name, given, keys, hint)
    numbers_ = _expect_numbers_in(name, given, low, high, whole, hint)
    return pd.Series(numbers_, dtype=float)


def check_matching(
    name: str,
    expected: str | None,
    *,
    question: int | str,
    keys: Iterable[str],
    choices: Iterable[str],
    one_wrong: str = "",
    by_position: bool = False,
    aliases: Mapping[str, str] | None = None,
    mistakes: Mapping[str | None, str] | None = None,
    hint: str = "",
) -> dict[str, str]:
    """Check a matching exercise: ``name`` is a dict (or a Series) giving each of ``keys`` one of ``choices``.

    The form is checked first (every key once, every answer a choice, case and spaces aside, with
    ``aliases`` for accepted spellings); then the value, as :func:`check` does. When exactly one entry
    is wrong, the learner reads ``one_wrong`` with that key in place of ``{}``: the entry is found by
    trying the other choices for each key against ``expected``, so no digest of a wrong answer is
    needed. Answers match whatever their case, spaces, hyphens or underscores. ``by_position`` compares
    the answers in the order of ``keys`` rather than by key text (keys that are translated in the Chinese
    edition). Returns the answer as ``{key: choice}``, written as in ``keys`` and ``choices``.

    >>> right = digest("sem_or_cem", {"A": "CEM", "B": "SEM"})
    >>> sem_or_cem = {"a": "cem", "B": "CEM"}
    >>> check_matching("sem_or_cem", right, question=11, keys="AB", choices=["CEM", "SEM"],
    ...                one_wrong="One statement is not matched right: {}.")
    Traceback (most recent call last):
    ...
    cxlab.practice.NotYetRight: Question 11: not right yet. One statement is not matched right: B.
    """
    keys, choices = [str(key) for key in keys], [str(choice) for choice in choices]
    matched = expect_labels(name, keys=keys, choices=choices, aliases=aliases)

    def compared(answers: dict) -> object:
        return [answers[key] for key in keys] if by_position else answers

    mistakes = dict(mistakes or {})
    if one_wrong and value_checks_enabled() and expected is not None:
        wrong = [key for key in keys for choice in choices
                 if choice != matched[key] and digest(name, compared({**matched, key: choice})) == expected]
        if wrong:
            mistakes.setdefault(digest(name, compared(matched)), one_wrong.format(wrong[0]))
    check(name, compared(matched), expected, question=question, mistakes=mistakes, hint=hint)
    return matched


def expect_labels(name: str, *, keys: Iterable, choices: Iterable, aliases: Mapping[str, str] | None = None) -> dict[str, str]:
    """The learner's ``name`` as ``{key: choice}`` (written as in ``keys`` and ``choices``), if it gives each
    of ``keys`` one of ``choices``: a dict, a Series or a one-column table; answers match whatever their
    case, spaces, hyphens or underscores, and ``aliases`` maps accepted spellings to their choice.

    >>> ipa_quadrant = {"Tangibles": "low  priority", "empathy": "Concentrate-here"}
    >>> expect_labels("ipa_quadrant", keys=["tangibles", "empathy"], choices=["Concentrate here", "Low priority"])
    {'tangibles': 'Low priority', 'empathy': 'Concentrate here'}
    """
    keys, choices = [str(key) for key in keys], [str(choice) for choice in choices]
    value = answer(name)
    if hasattr(value, "columns") and value.shape[1] == 1:  # a one-column table is its column
        value = value.iloc[:, 0]
    if hasattr(value, "index") and hasattr(value, "to_dict") and not hasattr(value, "columns"):
        value = value.to_dict()  # a Series is read as the dict it holds
    if not isinstance(value, Mapping):
        example = "{" + repr(keys[0]) + ": " + repr(choices[0]) + ", …}"
        _fail(gettext(NOT_MATCHING).format(name=name, example=example, kind=_kind(value)))
    by_key = {key.upper(): key for key in keys}
    by_choice = {_fold(choice): choice for choice in choices}
    by_choice.update({_fold(alias): by_choice[_fold(choice)] for alias, choice in (aliases or {}).items()})
    given = {str(key).strip().upper(): item for key, item in value.items()}
    if sorted(given) != sorted(by_key):
        _fail(gettext(MATCHING_KEYS).format(name=name, expected=_listing(keys), given=_listing(sorted(given))))
    matched = {}
    for key, item in given.items():
        if _fold(item) not in by_choice:
            _fail(gettext(NOT_CHOICE_FOR).format(name=name, key=repr(by_key[key]), value=_shown(item),
                                                  choices=_listing(choices)))
        matched[by_key[key]] = by_choice[_fold(item)]
    return {key: matched[key] for key in keys}


def _fold(text: object) -> str:
    return " ".join(str(text).lower().replace("-", " ").replace("_", " ").split())


def expect_figure(name: str, *, lines: bool = False, titled: bool = False, labelled: bool = False, hint: str = ""):
    """The learner's ``name`` if it is a matplotlib Figure with something drawn on it (and, if asked,
    a line, a title, both axis labels)."""
    import matplotlib.figure

    value = answer(name)
    if not isinstance(value, matplotlib.figure.Figure):
        _fail(gettext(NOT_FIGURE).format(name=name, kind=_kind(value)), hint)
    if not value.axes:
        _fail(gettext(EMPTY_FIGURE).format(name=name), hint)
    if lines and not any(axes.get_lines() for axes in value.axes):
        _fail(gettext(NO_LINE).format(name=name), hint)
    suptitle = getattr(value, "_suptitle", None)
    if titled and not (any(axes.get_title() for axes in value.axes) or (suptitle is not None and suptitle.get_text())):
        _fail(gettext(NO_TITLE), hint)
    if labelled and not any(axes.get_xlabel() and axes.get_ylabel() for axes in value.axes):
        _fail(gettext(NO_LABELS), hint)
    return value


def line_curves(figure) -> list[list[float]]:
    """The y values of every line drawn on ``figure``, axes by axes (lines without numbers give [])."""
    curves = []
    for axes in figure.axes:
        for line in axes.get_lines():
            try:
                curves.append([float(y) for y in line.get_ydata()])
            except (TypeError, ValueError):
                curves.append([])
    return curves


def bar_chart(figure) -> tuple[list[int], bool, bool]:
    """What a bar chart shows, for a value check: its bar heights (rounded, sorted), whether it has a
    title, whether both axes are labelled."""
    axes = figure.axes[0]
    suptitle = getattr(figure, "_suptitle", None)
    titled = bool(axes.get_title() or (suptitle is not None and suptitle.get_text()))
    heights = sorted(round(bar.get_height()) for bar in axes.patches)
    return heights, titled, bool(axes.get_xlabel() and axes.get_ylabel())


def _match_keys(name: str, given: dict, expected: list[str], hint: str) -> dict:
    loose = {_loose(k): k for k in given}
    if len(given) != len(expected) or len(loose) != len(given) or not all(_loose(k) in loose for k in expected):
        _fail(gettext(WRONG_KEYS).format(name=name, expected=_listing(expected), given=_listing(list(given))), hint)
    return {k: given[loose[_loose(k)]] for k in expected}


def _loose(key: str) -> str:
    """Keys match whatever their case, spaces, a plural "s", or a whole number written 3 or 3.0."""
    key = key.strip().lower()
    try:
        number = float(key)
    except ValueError:
        return key[:-1] if key.endswith("s") else key
    return str(int(number)) if number.is_integer() else key


def _expect_numbers_in(name: str, values: dict, low, high, whole: bool, hint: str) -> dict:
    numbers_ = {}
    for key, item in values.items():
        if _is_missing(item):
            empty = [str(k) for k, v in values.items() if _is_missing(v)]
            _fail(gettext(EMPTY_IN).format(name=name, keys=", ".join(empty[:5])), hint)
        if not _is_number(item):
            _fail(gettext(NOT_A_NUMBER_IN).format(name=name, key=key, value=_shown(item)), hint)
        numbers_[key] = float(item)
    for key, number in numbers_.items():
        if whole and not number.is_integer():
            _fail(gettext(NOT_WHOLE_IN).format(name=name, key=key, value=number), hint)
        if (low is not None and number < low) or (high is not None and number > high):
            bounds = dict(low="-inf" if low is None else low, high="+inf" if high is None else high)
            _fail(gettext(OUT_OF_RANGE_IN).format(name=name, key=key, value=number, **bounds), hint)
    return numbers_


def _expect_range(name: str, value, low, high, hint: str) -> None:
    if low is not None and high is not None and not low <= value <= high:
        _fail(gettext(BETWEEN).format(name=name, low=low, high=high, value=value), hint)
    if high is None and low is not None and value < low:
        _fail(gettext(AT_LEAST).format(name=name, low=low, value=value), hint)
    if low is None and high is not None and value > high:
        _fail(gettext(AT_MOST).format(name=name, high=high, value=value), hint)


def _fail(*sentences: str) -> None:
    raise AssertionError(" ".join(filter(None, sentences)))


def _learner_namespace() -> dict:
    """The globals of the first caller outside this module: the notebook's namespace in a kernel."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename == __file__:
        frame = frame.f_back
    return frame.f_globals if frame is not None else {}


def _kind(value: object) -> str:
    return type(_plain(value)).__name__


def _plain(value: object) -> object:
    """A numpy scalar as the Python value it holds (np.str_('True') is 'True'), so messages show it plainly."""
    if type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0 and hasattr(value, "item"):
        return value.item()
    return value


def _shown(value: object) -> str:
    return repr(_plain(value))


def _number_tip(value: object) -> str:
    if type(value).__name__ == "Timedelta":
        return gettext(DURATION)
    if isinstance(value, str):
        return gettext(QUOTED)
    if getattr(value, "size", None) == 1 or (isinstance(value, (list, tuple)) and len(value) == 1):
        return gettext(ONE_ENTRY)
    return ""


def _is_missing(value: object) -> bool:
    if value is None or str(value) in ("<NA>", "NaT"):
        return True
    return _is_number(value) and value != value


def _listing(items: list) -> str:
    shown = ", ".join(_shown(item) for item in items[:8])
    return shown + (", …" if len(items) > 8 else "")


def _canonical(value: object, decimals: int | None, ordered: bool) -> str:
    """One text for every way of writing the same answer: a dict or a Series, an int or a float."""
    to_dict = getattr(value, "to_dict", None)
    if hasattr(value, "columns") and to_dict is not None:  # a one-column table is its column
        columns = list(value.columns)
        if len(columns) != 1:
            raise TypeError(
                _("A practice check takes one column, not a table of {count} columns.").format(count=len(columns))
            )
        value = value[columns[0]]
        to_dict = value.to_dict
    if isinstance(value, Mapping) or (to_dict is not None and hasattr(value, "index")):
        items = dict(value).items() if isinstance(value, Mapping) else to_dict().items()
        pairs = sorted((str(key).strip(), _canonical(item, decimals, ordered)) for key, item in items)
        return "{" + ";".join(f"{key}={item}" for key, item in pairs) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + ";".join(sorted(_canonical(item, decimals, ordered) for item in value)) + "}"
    if not isinstance(value, (str, bytes)) and hasattr(value, "__iter__") and not _is_number(value):
        items = [_canonical(item, decimals, ordered) for item in list(value)]
        return "[" + ";".join(items if ordered else sorted(items)) + "]"
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return str(bool(value))
    if _is_number(value):
        return _number(float(value), decimals)
    if value is None or str(value) in ("<NA>", "NaT"):  # pandas' missing values
        return "nan"
    text = str(value).strip()
    # A number written in quotes ("21.5") is not the number: marked, so it never matches the right
    # answer and the form checks' "write a number without quotes" stays the learner's way forward.
    return f"text:{text}" if _reads_as_number(text) else text


def _reads_as_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and type(value).__name__ != "bool_"


def _number(number: float, decimals: int | None) -> str:
    if math.isnan(number):
        return "nan"
    if decimals is None:
        # Whole numbers compare as whole numbers whether they arrive as 3, 3.0 or numpy.int64(3).
        return str(int(number)) if number.is_integer() else repr(number)
    text = f"{number:.{decimals}f}"
    # "-0.0" and "0.0" are the same answer.
    return text.lstrip("-") if float(text) == 0 else text


# Helpers for numbered questionnaire items, earlier answers and radar charts (SERVQUAL, issue #11).
ITEM_TABLE = N_(
    "{name} is a table ({rows} rows x {columns} columns); it should hold one number per item. Take the mean of each column (.mean())."
)
NOT_RADAR = N_(
    "{name} should be the chart plots.radar returns (a polar chart); you gave a {kind}. Store what plots.radar(...) returns in {name}."
)
RADAR_SHAPES = N_(
    "The chart {name} should have one shape for each of {expected}; it has {given}. Give plots.radar a table with exactly these columns."
)
RADAR_SPOKES = N_("The spokes of {name} should be {expected}; they are {given}. Give plots.radar a table with these rows.")
RADAR_LABELS = N_("Give the chart a title and a radial label (rlabel) that say what is shown and in which unit.")


def expect_numbered(
    name: str, *, count: int, low: float | None = None, high: float | None = None,
    wrong_lengths: Mapping[int, str] | None = None, hint: str = "",
):
    """The learner's ``name`` as a Series of floats indexed by the item numbers 1 to ``count``, if it holds
    one number per item: a list in item order, or a Series or dict keyed by item number (``1``, ``"1"``,
    ``"p01"``; keys 0 to ``count - 1`` are positions, so each moves up by one). ``wrong_lengths`` maps a
    number of entries that betrays a usual slip to the sentence that names it.

    >>> item_gap = [-0.5, -1.25, 0.0]
    >>> expect_numbered("item_gap", count=3).to_dict()
    {1: -0.5, 2: -1.25, 3: 0.0}
    >>> item_gap = {"p01": -0.5, "p02": -1.25, "p03": 9.0}
    >>> expect_numbered("item_gap", count=3, low=-6, high=6)
    Traceback (most recent call last):
    ...
    AssertionError: Every value of item_gap should be between -6 and 6; 3 is 9.0.
    """
    import pandas as pd

    value = answer(name)
    if hasattr(value, "columns"):
        if value.shape[1] != 1:
            _fail(gettext(ITEM_TABLE).format(name=name, rows=value.shape[0], columns=value.shape[1]), hint)
        value = value.iloc[:, 0]
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        value = dict(enumerate(value, start=1))
    if not isinstance(value, (Mapping, pd.Series)):
        _fail(gettext(NOT_SERIES).format(name=name, kind=_kind(value)), hint)
    given = dict(value)
    if wrong_lengths and len(given) in wrong_lengths and len(given) != count:
        _fail(wrong_lengths[len(given)], hint)
    numbers_ = [_item_number(key) for key in given]
    if sorted(numbers_) == list(range(count)):  # positions 0, 1, … are the items 1, 2, …
        numbers_ = [number + 1 for number in numbers_]
    if sorted(numbers_) != list(range(1, count + 1)):
        expected = _listing(list(range(1, count + 1)))
        _fail(gettext(WRONG_KEYS).format(name=name, expected=expected, given=_listing(list(given))), hint)
    values = _expect_numbers_in(name, dict(zip(numbers_, given.values())), low, high, False, hint)
    return pd.Series(values, dtype=float).sort_index()


def _item_number(key: object) -> int:
    """3, "3", 3.0 and "p03" are all item 3; a key without a number is -1 (no item)."""
    text = str(key).strip()
    try:
        return int(float(text))
    except ValueError:
        digits = "".join(character for character in text if character.isdigit())
        return int(digits) if digits else -1


def earlier_answers(keys: Iterable | None = None, *, count: int | None = None,
                    key: Callable[[str], str] | None = None) -> Callable[[str], object]:
    """A reader of the learner's earlier answers: ``read(name)`` gives the answer ``name`` as
    :func:`expect_series` gives it (one float per key of ``keys``), or as :func:`expect_numbered` does for
    ``count`` numbered items, and None where that answer is missing or has another form. Checks and hidden
    tests use it to accept an answer that follows from the learner's own earlier answers.

    >>> dimension_gap = {"Tangibles": -0.5, "empathy": -1.0}
    >>> read = earlier_answers(["tangibles", "empathy"])
    >>> read("dimension_gap").to_dict(), read("importance")
    ({'tangibles': -0.5, 'empathy': -1.0}, None)
    """
    def read(name: str):
        try:
            if count is not None:
                return expect_numbered(name, count=count)
            return expect_series(name, keys=keys, key=key)
        except Exception:  # missing or unusable: there is no earlier answer to follow from
            return None

    return read


def expect_radar(name: str, *, shapes: Iterable[str], spokes: Iterable[str], low: float | None = None,
                 high: float | None = None, hint: str = ""):
    """What the radar chart ``name`` (an Axes from :func:`cxlab.plots.radar`) draws, as a Series of floats
    keyed ``"shape spoke"``, if it has one shape per ``shapes``, the ``spokes``, values from ``low`` to
    ``high``, a title and a radial label."""
    import pandas as pd

    chart = answer(name)
    if getattr(chart, "name", "") != "polar":
        _fail(gettext(NOT_RADAR).format(name=name, kind=_kind(chart)), hint)
    shapes, spokes = [str(shape) for shape in shapes], [str(spoke) for spoke in spokes]
    lines = {line.get_label(): line for line in chart.get_lines() if line.get_label() in shapes}
    if sorted(lines) != sorted(shapes):
        given = [line.get_label() for line in chart.get_lines() if not line.get_label().startswith("_")]
        _fail(gettext(RADAR_SHAPES).format(name=name, expected=_listing(shapes), given=_listing(given)), hint)
    drawn = [label.get_text() for label in chart.get_xticklabels()]
    if sorted(drawn) != sorted(spokes):
        _fail(gettext(RADAR_SPOKES).format(name=name, expected=_listing(spokes), given=_listing(drawn)), hint)
    values = {f"{shape} {spoke}": y for shape, line in lines.items() for spoke, y in zip(drawn, line.get_ydata())}
    values = _expect_numbers_in(name, values, low, high, False, hint)
    if not (chart.get_title().strip() and chart.get_xlabel().strip()):
        _fail(gettext(RADAR_LABELS), hint)
    return pd.Series(values, dtype=float)


def expect_some_choices(name: str, choices: Iterable[str], *, ignore_case: bool = False, hint: str = "") -> list[str]:
    """:func:`expect_items` as a sorted list without repeats, for an answer that is a set ("which dimensions…").

    >>> outside_dimensions = {"Empathy", "assurance "}
    >>> expect_some_choices("outside_dimensions", ["assurance", "empathy"], ignore_case=True)
    ['assurance', 'empathy']
    """
    return sorted(set(expect_items(name, choices, ignore_case=ignore_case, hint=hint)))


def accepted(name: str, value: object, digests: tuple, *, decimals: int | None = None, ordered: bool = True):
    """Of ``digests`` (an answer right in more than one form: two roundings, two ways of averaging) the one
    ``value`` has, else the first, to give :func:`check` as ``expected``; None in an exam release.

    >>> right = (digest("score", 1.234, decimals=2), digest("score", 1.24, decimals=2))
    >>> accepted("score", 1.24, right, decimals=2) == right[1], accepted("score", 9.0, right, decimals=2) == right[0]
    (True, True)
    """
    given = digest(name, value, decimals=decimals, ordered=ordered)
    return given if given in digests else digests[0]


# Tables and months (difference-in-differences, issue #11).
NOT_TABLE = N_("{name} should be a table (a DataFrame) with the columns {columns}; you gave a {kind}.")
TABLE_COLUMNS = N_("The columns of {name} should be {expected}; they are {given}.")
TABLE_SWAPPED = N_("{name} has {expected} as rows, not as columns: swap rows and columns (.T).")
TABLE_ROWS = N_("The rows (index) of {name} should be {expected}; they are {given}.")
TABLE_ROW_COUNT = N_("{name} should have {expected} rows; it has {count}.")


def expect_table(
    name: str, *, columns: Iterable, rows: int | Iterable | None = None, key: Callable[[object], str] = str,
    low: float | None = None, high: float | None = None, ranges: Mapping[str, tuple] | None = None,
    transposed: bool = False, hint: str = "",
):
    """The learner's table ``name`` as a DataFrame of floats with the ``columns`` (as text, in that order;
    others are left out), if every cell is a number from ``low`` to ``high`` (or, for a column in ``ranges``, from
    the ``(low, high)`` given there; None: no bound). ``rows`` is the number of rows
    or their labels, compared after ``key`` (which also rewrites them: :func:`month_text` for months).
    ``transposed`` accepts the table the other way round.

    >>> import pandas as pd
    >>> nps_table = pd.DataFrame({"smart": [20.0, 31.5], "traditional": [18.0, 19.0]}, index=["before", "after"])
    >>> expect_table("nps_table", rows=["smart", "traditional"], columns=["before", "after"], transposed=True)
                 before  after
    smart          20.0   31.5
    traditional    18.0   19.0
    >>> expect_table("nps_table", rows=["smart", "traditional"], columns=["before", "after"])
    Traceback (most recent call last):
    ...
    AssertionError: nps_table has 'before', 'after' as rows, not as columns: swap rows and columns (.T).
    """
    columns = [str(column) for column in columns]
    value = answer(name)
    if not hasattr(value, "columns"):
        _fail(gettext(NOT_TABLE).format(name=name, columns=_listing(columns), kind=_kind(value)), hint)
    table = value.rename(columns=str)
    if not set(columns) <= set(table.columns) and set(columns) <= {str(label) for label in table.index}:
        if not transposed:
            _fail(gettext(TABLE_SWAPPED).format(name=name, expected=_listing(columns)), hint)
        table = table.T.rename(columns=str)
    if not set(columns) <= set(table.columns):
        _fail(gettext(TABLE_COLUMNS).format(name=name, expected=_listing(columns), given=_listing(list(table.columns))), hint)
    table = table[columns].rename(index=key)
    if isinstance(rows, int) and len(table) != rows:
        _fail(gettext(TABLE_ROW_COUNT).format(name=name, expected=rows, count=len(table)), hint)
    if rows is not None and not isinstance(rows, int):
        # Row labels match as expect_series's keys do (case, spaces, a plural "s" aside); a row twice is
        # as wrong as a row missing. The table comes back in the order of ``rows``, labelled as there.
        rows = [key(row) for row in rows]
        labels = [str(label).strip() for label in table.index]
        loose = {_loose(label): position for position, label in enumerate(labels)}
        if len(labels) != len(rows) or len(loose) != len(labels) or not all(_loose(row) in loose for row in rows):
            _fail(gettext(TABLE_ROWS).format(name=name, expected=_listing(rows), given=_listing(labels)), hint)
        table = table.iloc[[loose[_loose(row)] for row in rows]].set_axis(rows)
    for column in columns:
        column_low, column_high = (ranges or {}).get(column, (low, high))
        values = {f"{row} {column}": item for row, item in table[column].items()}
        _expect_numbers_in(name, values, column_low, column_high, False, hint)
    return table.astype(float)


def month_text(value: object) -> str:
    """A date or month as ``"YYYY-MM"``, from any form that carries its year; any other value as its text,
    unchanged, so a check can name it.

    >>> [month_text(month) for month in ["2025-10", "2025-10-01 00:00:00", "October 2025", "October", 10]]
    ['2025-10', '2025-10', '2025-10', 'October', '10']
    """
    import re

    import pandas as pd

    text = str(value).strip()
    if re.search(r"\d{4}", text):
        try:
            return pd.Timestamp(text).strftime("%Y-%m")
        except (ValueError, TypeError):
            pass
    return text


def check_carried(name: str, value: object, expected: str | None, *, question: int | str, follows: Callable[[], object],
                  decimals: int | None = None, ordered: bool = True, **options) -> bool | None:
    """:func:`check` with ``follows``, named for the checks of answers carried forward from earlier ones (a
    Series, a text, a pair as well as a number): an answer that agrees with ``follows()`` (numbers within the
    rounding ``decimals`` allows) is accepted with a note, so one slip is not counted twice.

    >>> right = digest("worst", ["empathy", 7])
    >>> check_carried("worst", ["tangibles", 3], right, question=3, follows=lambda: ["tangibles", 3])
    Question 3: this follows from your own earlier answers, and is correct if they are.
    True
    """
    return check(name, value, expected, question=question, decimals=decimals, ordered=ordered, follows=follows, **options)


def _agrees(name: str, value: object, own: object, decimals: int | None, ordered: bool) -> bool:
    if digest(name, value, decimals=decimals, ordered=ordered) == digest(name, own, decimals=decimals, ordered=ordered):
        return True
    try:  # numbers by key, equal within the rounding the question allows
        given, computed = dict(value), dict(own)
        tolerance = 1.5 * 10 ** -(decimals if decimals is not None else 6)
        return given.keys() == computed.keys() and all(abs(float(given[k]) - float(computed[k])) <= tolerance for k in given)
    except (TypeError, ValueError):
        return False


# Answers that are a list of any length (issue #11: modules 4, 5 and 7).
NOT_ITEMS = N_("{name} should be a list of answers, such as {example}; you gave a {kind}.")
TOO_MANY = N_("{name} should list at most {most} answers; you listed {given}.")
TWICE = N_("{value} appears twice in {name}: list each answer once.")


def expect_items(
    name: str, choices: Iterable[str], *, at_most: int | None = None, unique: bool = False,
    ignore_case: bool = False, hint: str = ""
) -> list[str]:
    """The learner's ``name`` as a list of texts among ``choices``, for a question whose answer may hold any
    number of items ("which branches…"; :func:`expect_choices` is for a fixed number).

    A list, tuple, set, array or pandas Index is accepted, and so is a Series: of True/False, the keys
    where it is True (the rows a condition chose); any other Series, its values. ``at_most`` caps the
    number of items; ``unique`` refuses an item listed twice. Items come back as written in ``choices``
    (spaces aside, and case too if ``ignore_case``), in the learner's order.

    >>> always_top_five = ["HB03", "HB07 "]
    >>> expect_items("always_top_five", ["HB03", "HB07", "HB11"], at_most=5)
    ['HB03', 'HB07']
    >>> expect_items("always_top_five", ["HB03", "HB11"], hint="Write the ids as in branch_id.")
    Traceback (most recent call last):
    ...
    AssertionError: 'HB07' is not an answer always_top_five can hold. Choose from: 'HB03', 'HB11'. Write the ids as in branch_id.
    """
    choices = [str(choice) for choice in choices]
    value = answer(name)
    if hasattr(value, "index") and hasattr(value, "to_dict") and not hasattr(value, "columns"):
        flags = str(getattr(value, "dtype", "")) in ("bool", "boolean")
        value = [key for key, chosen in value.items() if str(chosen) == "True"] if flags else list(value)
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable) or hasattr(value, "columns"):
        example = "[" + ", ".join(repr(choice) for choice in choices[:2]) + "]"
        _fail(gettext(NOT_ITEMS).format(name=name, example=example, kind=_kind(value)), hint)
    folded = {(choice.lower() if ignore_case else choice): choice for choice in choices}
    given = []
    for item in value:
        text = str(item).strip()
        if (text.lower() if ignore_case else text) not in folded:
            _fail(gettext(NOT_CHOICES).format(value=repr(text), name=name, choices=_listing(choices)), hint)
        given.append(folded[text.lower() if ignore_case else text])
    if at_most is not None and len(given) > at_most:
        _fail(gettext(TOO_MANY).format(name=name, most=at_most, given=len(given)), hint)
    if unique and len(set(given)) < len(given):
        twice = next(item for item in given if given.count(item) > 1)
        _fail(gettext(TWICE).format(value=repr(twice), name=name), hint)
    return given


def cells(table) -> dict[str, float]:
    """A table's values as ``{"row column": value}``: the form in which :func:`check` compares a whole
    table (it takes one column at a time otherwise).

    >>> import pandas as pd
    >>> cells(pd.DataFrame({"nps": [21.5], "wait": [4.0]}, index=["HB01"]))
    {'HB01 nps': 21.5, 'HB01 wait': 4.0}
    """
    return {f"{row} {column}": item for row, values in table.iterrows() for column, item in values.items()}
