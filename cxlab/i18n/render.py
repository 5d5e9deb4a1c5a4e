"""The Chinese edition of a notebook or page, rendered from the English master and its catalog.

Only the text of the units changes: cell ids, cell types, metadata (nbgrader's included) and every
line of code stay as they are, so nbgrader can regenerate its checksums from the Chinese masters.
An untranslated unit stays English; a fuzzy one keeps its old translation behind ``FUZZY_MARK``,
so a reader sees it is out of date (and ``cxlab build --check`` names it).
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Mapping
from functools import lru_cache
from types import SimpleNamespace
from pathlib import Path

from cxlab.errors import CxlabError
from cxlab.i18n.code import StringUnit, data_strings, mask_magics, split_code
from cxlab.i18n.markdown import split_markdown
from cxlab.i18n.units import Unit, fields, join

FUZZY_MARK = "〔待更新〕"


class TranslationError(CxlabError):
    """A translation that would break the edition (lost a {field}, made the code invalid)."""


def notebook_vocabulary(notebook) -> frozenset[str]:
    """Strings kept as data in this notebook: the datasets' names and every string it uses as data."""
    from cxlab.i18n.sources import data_vocabulary

    used = set()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            used |= data_strings(cell.source)
    return data_vocabulary() | used


def cell_segments(cell, vocabulary: frozenset[str] = frozenset()) -> list:
    """The segments of one notebook cell; raw cells have no units."""
    if cell.cell_type == "markdown":
        return split_markdown(cell.source)
    if cell.cell_type == "code":
        return split_code(cell.source, vocabulary)
    return [cell.source] if cell.source else []


def notebook_segments(notebook) -> list[tuple[str, list]]:
    """(cell id, segments) of every cell of a notebook.

    Splitting code is the slow part of checking and building the Chinese edition, and both do it
    for every master (extracting its units, rendering its edition): the result is kept per exact
    content of the cells (id, type, source — all it depends on), so a changed cell is split again.
    """
    cells = tuple((cell.get("id", str(index)), cell.cell_type, cell.source) for index, cell in enumerate(notebook.cells))
    return list(_segments_of_cells(cells))


@lru_cache(maxsize=128)
def _segments_of_cells(cells: tuple[tuple[str, str, str], ...]) -> tuple[tuple[str, list], ...]:
    notebook = SimpleNamespace(cells=[SimpleNamespace(cell_type=kind, source=source) for _, kind, source in cells])
    vocabulary = notebook_vocabulary(notebook)
    return tuple((cell_id, cell_segments(cell, vocabulary)) for (cell_id, _, _), cell in zip(cells, notebook.cells))


def translations(catalog) -> dict[str, str]:
    """The text to show for each English msgid: the translation, or the flagged old one if fuzzy.

    ``catalog`` is a polib catalog, the path of a .po file, or a plain ``{msgid: msgstr}`` mapping.
    """
    if isinstance(catalog, (str, Path)):
        from cxlab.i18n.catalog import read_catalog

        catalog = read_catalog(Path(catalog))
    if isinstance(catalog, Mapping):
        return {msgid: msgstr for msgid, msgstr in catalog.items() if msgstr}
    shown = {}
    for entry in catalog:
        if entry.obsolete or not entry.msgstr:
            continue
        shown[entry.msgid] = FUZZY_MARK + entry.msgstr if "fuzzy" in entry.flags else entry.msgstr
    return shown


def render_unit(unit: Unit, text: str, where: str) -> str:
    """A unit's span in the other language; raises TranslationError if that would break it."""
    wanted = fields(unit.msgid) if isinstance(unit, StringUnit) else []
    if wanted and fields(text.removeprefix(FUZZY_MARK)) != wanted:
        raise TranslationError(
            f"{where}: the translation of “{first_words(unit.msgid)}” must keep every field exactly as it is: "
            f"{', '.join(wanted)}"
        )
    rendered = unit.render(text)
    if isinstance(unit, StringUnit):
        try:
            ast.parse(f"({rendered})", mode="eval")
        except SyntaxError as error:
            raise TranslationError(
                f"{where}: the translation of “{first_words(unit.msgid)}” is not valid in Python code ({error.msg})"
            ) from None
    return rendered


def translate_segments(segments, shown: Mapping[str, str], where: str) -> str:
    return join(
        segments,
        lambda unit: render_unit(unit, shown[unit.msgid], where) if unit.msgid in shown else None,
    )


def translate_notebook(notebook, catalog, name: str = "notebook"):
    """The Chinese edition of a notebook (a copy): the units' text replaced, everything else kept."""
    shown = translations(catalog)
    edition = copy.deepcopy(notebook)
    for cell, (cell_id, segments) in zip(edition.cells, notebook_segments(edition)):
        where = f"{name}, cell {cell_id}"
        source = translate_segments(segments, shown, where)
        if cell.cell_type == "code" and source != cell.source and _parses(cell.source) and not _parses(source):
            raise TranslationError(f"{where}: the translated code is not valid Python; check its translated strings")
        cell.source = source
    return edition


def translate_markdown(text: str, catalog, name: str = "page") -> str:
    """The Chinese edition of a markdown page."""
    return translate_segments(split_markdown(text), translations(catalog), name)


def _parses(source: str) -> bool:
    try:
        ast.parse(mask_magics(source))
    except SyntaxError:
        return False
    return True


def first_words(text: str, count: int = 8) -> str:
    words = " ".join(text.split()).split(" ")
    shown = " ".join(words[:count])
    shown = shown if len(shown) <= 70 else shown[:67]
    return shown + ("…" if len(words) > count or len(shown) < len(" ".join(words[:count])) else "")
