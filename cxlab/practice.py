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
import math
import numbers
import os
from collections.abc import Mapping

from cxlab.lang import N_, _, gettext

__all__ = ["DIGEST_PREFIX", "NotYetRight", "check", "digest", "value_checks_enabled"]

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
EXAM = N_("Question {question}: the form is right. Its value is checked when your work is graded.")


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
    mistakes: Mapping[str | None, str] | None = None,
    hint: str = "",
) -> bool | None:
    """Say whether ``value`` is the right answer to ``question``; raise :class:`NotYetRight` if not.

    Returns True when right, None when the check stood aside (grading, or an exam release whose
    ``expected`` is None). ``mistakes`` maps digests of typical wrong answers to the hint that fits
    each; ``hint`` is added when the value is wrong in a way no mistake describes.
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
    if mistakes and given in mistakes:
        raise NotYetRight(gettext(MISTAKE).format(question=question, hint=mistakes[given]))
    raise NotYetRight(" ".join(filter(None, [gettext(NOT_YET).format(question=question), hint])))


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
    return str(value).strip()


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
