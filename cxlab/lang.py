"""The language of the sentences cxlab itself prints, draws and raises: English, or Simplified Chinese.

Notebook text is translated by ``cxlab.i18n`` when the Chinese editions are built. What the library
says — practice-check verdicts, friendly errors, chart titles and axis labels, explorer labels — is
marked with ``_()`` where it is written and looked up here at run time, in the catalog
``locale/zh_CN/LC_MESSAGES/cxlab.po``. Placeholders are ``str.format`` fields, so the translation can
reorder them: ``_("Question {question}: correct.").format(question=3)``.

The language comes from ``use_language()`` (the Chinese notebooks call it in their setup cell) or
from the ``CXLAB_LANG`` environment variable (set by ``cxlab lab --lang`` and the Chinese course's
grading kernels); English otherwise.
"""

from __future__ import annotations

import os

ENGLISH = "en"
SUPPORTED = (ENGLISH, "zh-CN")

_language: str | None = None


def use_language(code: str) -> None:
    """Make cxlab speak ``code`` ("en" or "zh-CN") from now on in this process."""
    global _language
    if code not in SUPPORTED:
        raise ValueError(f"cxlab speaks {', '.join(SUPPORTED)}; got language {code!r}")
    _language = code


def current_language() -> str:
    """The language set by ``use_language``, else ``CXLAB_LANG``, else English."""
    if _language is not None:
        return _language
    from_environment = os.environ.get("CXLAB_LANG", ENGLISH)
    return from_environment if from_environment in SUPPORTED else ENGLISH


def _(message: str) -> str:
    """``message`` in the current language (English until a translation is found)."""
    return message
