"""The i18n machinery on the real course: every master splits, round-trips and renders safely."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from cxlab.build import notebook_text
from cxlab.i18n.code import NBGRADER_COMMENT, CommentUnit, StringUnit, mask_magics
from cxlab.i18n.markdown import split_markdown
from cxlab.i18n.render import notebook_segments, notebook_vocabulary, translate_markdown, translate_notebook
from cxlab.i18n.sources import sources
from cxlab.i18n.units import WORD, join, units_of

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = [s.path for s in sources(REPO) if s.is_notebook]
PAGES = [s.path for s in sources(REPO) if s.kind in ("guide", "readme")]
IDENTIFIER = re.compile(r"[A-Za-z_][\w.]*")
# Quotes of both kinds, a backslash and a brace pair: what a translation can contain that a naive
# rendering would turn into broken code.
TRICKY = "“译文”'单' \"双\" 反斜杠\\ "


def ids(paths):
    return [str(path.relative_to(REPO)) for path in paths]


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=ids(NOTEBOOKS))
def master(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_the_kit_has_masters_to_translate():
    assert len(NOTEBOOKS) >= 10 and any(path.name == "README.md" for path in PAGES)


def test_an_empty_catalog_gives_the_master_back_byte_for_byte(master):
    path, notebook = master
    assert notebook_text(translate_notebook(notebook, {})) == path.read_text(encoding="utf-8")


def test_the_segments_of_every_cell_are_exactly_the_cell(master):
    path, notebook = master
    for cell, (cell_id, segments) in zip(notebook.cells, notebook_segments(notebook)):
        assert join(segments) == cell.source, f"{path.name}, cell {cell_id}"


def test_every_code_unit_is_a_sentence_by_the_rule(master):
    path, notebook = master
    vocabulary = notebook_vocabulary(notebook)
    for cell_id, segments in notebook_segments(notebook):
        for unit in units_of(segments):
            where = f"{path.name}, cell {cell_id}: {unit.msgid!r}"
            if isinstance(unit, StringUnit):
                prose = re.sub(r"\{[^{}]*\}", " ", unit.msgid)
                assert WORD.search(prose), where
                assert unit.msgid not in vocabulary, f"{where} is a data value"
                if IDENTIFIER.fullmatch(unit.msgid):
                    # One word is translated only where people read it, or where the author marked it.
                    assert unit.layout["place"] in ("people", "marked"), f"{where}: one word, not where people read it"
            elif isinstance(unit, CommentUnit):
                assert not NBGRADER_COMMENT.match("# " + unit.msgid), where


def test_every_code_cell_parses_so_none_is_skipped_silently(master):
    path, notebook = master
    for cell in notebook.cells:
        if cell.cell_type == "code":
            ast.parse(mask_magics(cell.source), filename=f"{path.name}, cell {cell.id}")


def test_translating_every_unit_keeps_the_code_valid_and_the_metadata(master):
    path, notebook = master
    catalog = {
        unit.msgid: f"译：{unit.msgid}{TRICKY}"
        for _, segments in notebook_segments(notebook)
        for unit in units_of(segments)
    }
    edition = translate_notebook(notebook, catalog, path.name)
    assert [(c.id, c.cell_type, c.metadata) for c in edition.cells] == [(c.id, c.cell_type, c.metadata) for c in notebook.cells]
    for english, chinese in zip(notebook.cells, edition.cells):
        if english.cell_type != "code":
            continue
        ast.parse(mask_magics(chinese.source))
        assert _fields(english.source) == _fields(chinese.source), f"{path.name}, cell {english.id}: a field was lost"


def _fields(source):
    """Every {field} of every f-string of a cell, as the expression Python reads."""
    tree = ast.parse(mask_magics(source))
    return sorted(ast.dump(node) for node in ast.walk(tree) if isinstance(node, ast.FormattedValue))


@pytest.mark.parametrize("path", PAGES, ids=ids(PAGES))
def test_markdown_pages_round_trip_and_translate(path):
    text = path.read_text(encoding="utf-8")
    assert translate_markdown(text, {}) == text
    units = units_of(split_markdown(text))
    assert units, f"{path.name} has no translatable paragraph"
    chinese = translate_markdown(text, {unit.msgid: "译文" for unit in units})
    assert chinese.count("```") == text.count("```"), "code blocks must survive"
