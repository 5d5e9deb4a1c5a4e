"""The language of the sentences cxlab itself prints, draws and raises: English, or Simplified Chinese.

Notebook text is translated by ``cxlab.i18n`` when the Chinese editions are built. What the library
says — practice-check verdicts, friendly errors, chart titles and axis labels, explorer labels — is
marked with ``_()`` where it is written and looked up here at run time, in the catalog
``locale/zh_CN/LC_MESSAGES/cxlab.po``. Placeholders are ``str.format`` fields, so the translation can
reorder them: ``_("Question {question}: correct.").format(question=3)``.

The language comes from ``use_language()`` (the Chinese notebooks call it in their setup cell) or
from the ``CXLAB_LANG`` environment variable (set by ``cxlab lab --lang`` and the Chinese course's
grading kernels); English otherwise. An untranslated or fuzzy message is shown in English: a
translation made for other English is never shown as if it were current.

The catalog is read with polib the first time a Chinese message is wanted, then kept; ``import
cxlab`` reads nothing. A wheel carries it as ``cxlab/_locale`` (pyproject.toml maps the repository's
``locale/`` folder there, as it maps ``datasets/`` to ``cxlab/_data``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

ENGLISH = "en"
CHINESE = "zh-CN"
SUPPORTED = (ENGLISH, CHINESE)
#: gettext's name of each language other than English (the folder under locale/).
GETTEXT_NAMES = {CHINESE: "zh_CN"}
LIBRARY_DOMAIN = "cxlab"  # locale/<language>/LC_MESSAGES/cxlab.po
LANGUAGE_VARIABLE = "CXLAB_LANG"

_PACKAGE = Path(__file__).resolve().parent
_language: str | None = None
#: Set by ``speaking()`` for one piece of work (a course's reports), in this thread or task only.
_speaking: ContextVar[str | None] = ContextVar("cxlab_speaking", default=None)


def use_language(code: str) -> None:
    """Make cxlab speak ``code`` ("en" or "zh-CN") from now on in this process (in a Jupyter
    kernel, Chinese also gives matplotlib CX Lab's Chinese font)."""
    global _language
    if code not in SUPPORTED:
        raise ValueError(f"cxlab speaks {', '.join(SUPPORTED)}; got language {code!r}")
    _language = code
    if code != ENGLISH and "ipykernel" in sys.modules:
        # In a notebook, the learner's own charts (plt.title("…") in Chinese) need the font too, not
        # only cxlab.plots: matplotlib is loaded here, in a Chinese notebook's setup, never on import.
        from cxlab.i18n.fonts import use_chinese_font

        use_chinese_font()


@contextmanager
def speaking(code: str) -> Iterator[str]:
    """Speak ``code`` inside the ``with`` block only, e.g. while writing a Chinese course's reports.

    Unlike ``use_language`` it changes nothing after the block, nor in other threads: a grader that
    writes an English and a Chinese course's reports side by side gives each its own language.
    """
    if code not in SUPPORTED:
        raise ValueError(f"cxlab speaks {', '.join(SUPPORTED)}; got language {code!r}")
    token = _speaking.set(code)
    try:
        yield code
    finally:
        _speaking.reset(token)


def current_language() -> str:
    """The language of ``speaking()``, else the one set by ``use_language``, else ``CXLAB_LANG``, else English."""
    if _speaking.get() is not None:
        return _speaking.get()
    if _language is not None:
        return _language
    from_environment = os.environ.get(LANGUAGE_VARIABLE, ENGLISH)
    return from_environment if from_environment in SUPPORTED else ENGLISH


def locale_dir() -> Path:
    """The folder holding the catalogs: the wheel's copy (``cxlab/_locale``), else the repository's ``locale/``."""
    packaged = _PACKAGE / "_locale"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "locale"


def library_catalog_path(language: str = CHINESE) -> Path:
    return locale_dir() / GETTEXT_NAMES[language] / "LC_MESSAGES" / f"{LIBRARY_DOMAIN}.po"


@lru_cache(maxsize=None)
def translations(language: str) -> dict[str, str]:
    """English message -> its current translation, for every translated, non-fuzzy entry (read once)."""
    path = library_catalog_path(language)
    if not path.is_file():
        return {}
    import polib

    return {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(str(path))
        if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
    }


def gettext(message: str, language: str | None = None) -> str:
    """``message`` in ``language`` (default: the current one); English when it has no current translation."""
    language = language or current_language()
    if language == ENGLISH:
        return message
    return translations(language).get(message, message)


def N_(message: str) -> str:
    """Mark a constant message for extraction into the catalog; it is translated where it is shown."""
    return message


def _(message: str) -> str:
    """``message`` in the current language (English until a translation is found)."""
    return gettext(message)


def join_sentences(sentences: list[str]) -> str:
    """Sentences as one paragraph in the current language: English puts a space between them, Chinese
    (each sentence ending in its own 。) does not.

    >>> join_sentences(["One.", "Two."])
    'One. Two.'
    """
    return ("" if current_language() == CHINESE else " ").join(sentences)


class Messages(Mapping):
    """A table of messages (``key -> N_("English")``) that reads each in the current language."""

    def __init__(self, english: Mapping[str, str]):
        self._english = dict(english)

    def __getitem__(self, key: str) -> str:
        return gettext(self._english[key])

    def __iter__(self):
        return iter(self._english)

    def __len__(self) -> int:
        return len(self._english)
