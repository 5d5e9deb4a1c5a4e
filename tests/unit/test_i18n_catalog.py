"""Catalog updates follow msgmerge: new units added, changed ones fuzzy, removed ones obsolete."""

from __future__ import annotations

import nbformat
import polib
import pytest

from cxlab.i18n.catalog import extract, update_catalog

INTRO = "Every week Harbor Bank asks customers one question about recommending it to a friend."
CHECK = "Define a variable named bank_nps."


def write_lecture(path, intro=INTRO, check=CHECK, extra_cell=None):
    notebook = nbformat.v4.new_notebook()
    cells = [
        nbformat.v4.new_markdown_cell(f"# NPS\n\n{intro}"),
        nbformat.v4.new_code_cell(f'assert "bank_nps" in globals(), "{check}"\nbank_nps'),
    ]
    if extra_cell:
        cells.append(nbformat.v4.new_markdown_cell(extra_cell))
    for index, cell in enumerate(cells):
        cell.id = ["intro", "q1-tests", "extra"][index]
    notebook.cells = cells
    nbformat.write(notebook, path)


def translate(po_path, translations):
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            entry.previous_msgid = None
    catalog.save(str(po_path))


@pytest.fixture
def lecture(tmp_path):
    path = tmp_path / "solutions" / "03-nps.ipynb"
    path.parent.mkdir()
    write_lecture(path)
    return path


@pytest.fixture
def po_path(tmp_path):
    return tmp_path / "locale" / "zh_CN" / "LC_MESSAGES" / "lecture-03-nps.po"


def test_extract_names_the_cell_of_every_unit(lecture, tmp_path):
    entries = extract(lecture, tmp_path)
    assert [e.msgid for e in entries] == ["NPS", INTRO, CHECK]
    assert entries[2].occurrences == [("solutions/03-nps.ipynb", "q1-tests")]


def test_first_update_writes_every_unit_untranslated(lecture, po_path, tmp_path):
    change = update_catalog(lecture, po_path, tmp_path)
    catalog = polib.pofile(str(po_path))
    assert change.written and change.new == 3
    assert [(e.msgid, e.msgstr) for e in catalog] == [("NPS", ""), (INTRO, ""), (CHECK, "")]
    assert catalog.metadata["Language"] == "zh_CN"


def test_an_unchanged_master_keeps_the_translations_and_the_file(lecture, po_path, tmp_path):
    update_catalog(lecture, po_path, tmp_path)
    translate(po_path, {CHECK: "请定义名为 bank_nps 的变量。"})
    before = po_path.read_text(encoding="utf-8")
    change = update_catalog(lecture, po_path, tmp_path)
    assert not change.written and po_path.read_text(encoding="utf-8") == before


def test_a_changed_paragraph_becomes_fuzzy_with_its_old_translation_and_english(lecture, po_path, tmp_path):
    update_catalog(lecture, po_path, tmp_path)
    translate(po_path, {INTRO: "港湾银行每周都会问客户一个问题。"})
    changed = INTRO.replace("Every week", "Every month")
    write_lecture(lecture, intro=changed)
    change = update_catalog(lecture, po_path, tmp_path)
    entry = polib.pofile(str(po_path)).find(changed)
    assert change.fuzzy == 1
    assert "fuzzy" in entry.flags
    assert entry.msgstr == "港湾银行每周都会问客户一个问题。"
    assert entry.previous_msgid == INTRO
    assert "#| msgid" in po_path.read_text(encoding="utf-8")


def test_a_changed_paragraph_changed_again_keeps_the_english_its_translation_was_made_for(
    lecture, po_path, tmp_path
):
    update_catalog(lecture, po_path, tmp_path)
    translate(po_path, {INTRO: "港湾银行每周都会问客户一个问题。"})
    write_lecture(lecture, intro=INTRO.replace("Every week", "Every month"))
    update_catalog(lecture, po_path, tmp_path)
    twice = INTRO.replace("Every week", "Every month").replace("a friend", "a colleague")
    write_lecture(lecture, intro=twice)
    update_catalog(lecture, po_path, tmp_path)
    assert polib.pofile(str(po_path)).find(twice).previous_msgid == INTRO


def test_a_new_unlike_paragraph_is_untranslated_not_fuzzy(lecture, po_path, tmp_path):
    update_catalog(lecture, po_path, tmp_path)
    translate(po_path, {INTRO: "港湾银行每周都会问客户一个问题。"})
    write_lecture(lecture, extra_cell="Queues are longest at lunchtime.")
    change = update_catalog(lecture, po_path, tmp_path)
    entry = polib.pofile(str(po_path)).find("Queues are longest at lunchtime.")
    assert change.new == 1 and change.fuzzy == 0
    assert entry.msgstr == "" and "fuzzy" not in entry.flags


def test_a_removed_unit_becomes_obsolete_and_comes_back_translated(lecture, po_path, tmp_path):
    write_lecture(lecture, extra_cell="Queues are longest at lunchtime.")
    update_catalog(lecture, po_path, tmp_path)
    translate(po_path, {"Queues are longest at lunchtime.": "午间排队最长。"})
    write_lecture(lecture)
    change = update_catalog(lecture, po_path, tmp_path)
    catalog = polib.pofile(str(po_path))
    assert change.obsolete == 1
    assert [e.msgstr for e in catalog.obsolete_entries()] == ["午间排队最长。"]
    assert catalog.find("Queues are longest at lunchtime.") is None
    write_lecture(lecture, extra_cell="Queues are longest at lunchtime.")
    update_catalog(lecture, po_path, tmp_path)
    back = polib.pofile(str(po_path)).find("Queues are longest at lunchtime.")
    assert back.msgstr == "午间排队最长。" and not back.obsolete and "fuzzy" not in back.flags


def test_a_removed_untranslated_unit_is_dropped(lecture, po_path, tmp_path):
    write_lecture(lecture, extra_cell="Queues are longest at lunchtime.")
    update_catalog(lecture, po_path, tmp_path)
    write_lecture(lecture)
    update_catalog(lecture, po_path, tmp_path)
    assert polib.pofile(str(po_path)).obsolete_entries() == []


def test_the_same_english_twice_is_one_entry_with_both_places(tmp_path):
    path = tmp_path / "lecture.ipynb"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(f'print("{CHECK}")') for _ in range(2)]
    notebook.cells[0].id, notebook.cells[1].id = "first", "second"
    nbformat.write(notebook, path)
    (entry,) = extract(path, tmp_path)
    assert entry.occurrences == [("lecture.ipynb", "first"), ("lecture.ipynb", "second")]
