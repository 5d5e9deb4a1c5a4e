"""The Simplified Chinese edition of CX Lab, made from the English masters and gettext catalogs.

The English masters are the only source. Each is split into translatable units (markdown blocks,
comments, sentences in code: :mod:`cxlab.i18n.markdown`, :mod:`cxlab.i18n.code`); each unit is an
entry of the master's catalog, ``locale/zh_CN/LC_MESSAGES/<name>.po`` (:mod:`cxlab.i18n.catalog`);
the Chinese editions are rendered from master and catalog (:mod:`cxlab.i18n.render`,
:mod:`cxlab.i18n.editions`) and checked (:mod:`cxlab.i18n.check`). The library's own sentences
(``_()`` in its code) are extracted into ``cxlab.po`` (:mod:`cxlab.i18n.library`) and looked up at
run time by :mod:`cxlab.lang`. ``locale/README.md`` says how a
module gets translated.

Importing this package loads nothing heavy; polib, nbformat and nbgrader load when used.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "update_catalog": "cxlab.i18n.catalog",
    "update_catalogs": "cxlab.i18n.catalog",
    "extract": "cxlab.i18n.catalog",
    "translate_notebook": "cxlab.i18n.render",
    "translate_markdown": "cxlab.i18n.render",
    "TranslationError": "cxlab.i18n.render",
    "FUZZY_MARK": "cxlab.i18n.render",
    "problems": "cxlab.i18n.check",
    "glossary_problems": "cxlab.i18n.check",
    "load_glossary": "cxlab.i18n.check",
    "chinese_edition_paths": "cxlab.i18n.sources",
    "sources": "cxlab.i18n.sources",
    "write_chinese_editions": "cxlab.i18n.editions",
    "release_chinese_assignments": "cxlab.i18n.editions",
    "stale_chinese_editions": "cxlab.i18n.editions",
    "chinese_learner_edition": "cxlab.i18n.editions",
    "chinese_course": "cxlab.i18n.editions",
    "use_chinese_font": "cxlab.i18n.fonts",
    "extract_library": "cxlab.i18n.library",
    "update_library_catalog": "cxlab.i18n.library",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'cxlab.i18n' has no attribute {name!r}")
