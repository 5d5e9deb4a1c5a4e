"""Rendering the Chinese edition: text replaced, code and nbgrader metadata untouched."""

from __future__ import annotations

import ast

import nbformat
import polib
import pytest

from cxlab.i18n.render import FUZZY_MARK, TranslationError, translate_markdown, translate_notebook

TEST_CELL = '''# Check for Question 1 (checks the form of your answer)
assert "group_counts" in globals(), "Define a variable named group_counts."
assert sum(_answer.values()) == _answered, (
    f"The three groups should add up to the {_answered:,} customers who answered; yours add up to "
    f"{sum(_answer.values()):,}. An empty answer belongs to no group."
)
print('Question 1: the form is right. It\\'s checked again when graded.')
'''

CHINESE = {
    "Check for Question 1 (checks the form of your answer)": "第 1 题的检查（只检查答案的形式）",
    "Define a variable named group_counts.": "请定义一个名为 group_counts 的变量。",
    "The three groups should add up to the {_answered:,} customers who answered; yours add up to "
    "{sum(_answer.values()):,}. An empty answer belongs to no group.": "三组人数之和应等于作答的 {_answered:,} 位客户；"
    "你的结果之和是 {sum(_answer.values()):,}。未作答的客户不属于任何一组。",
    "Question 1: the form is right. It's checked again when graded.": "第 1 题：形式正确。评分时会再次检查“数值”和'引号'。",
    "Question 1 — Promoters (1 point)": "第 1 题 — 推荐者（1 分）",
}


def graded_notebook():
    notebook = nbformat.v4.new_notebook()
    prompt = nbformat.v4.new_markdown_cell("## Question 1 — Promoters (1 point)\n\nCount the promoters.")
    tests = nbformat.v4.new_code_cell(TEST_CELL)
    prompt.id, tests.id = "q1-prompt", "q1-tests"
    prompt.metadata["nbgrader"] = {"grade": False, "grade_id": "q1-prompt", "locked": True, "schema_version": 3}
    tests.metadata["nbgrader"] = {"grade": True, "grade_id": "q1-tests", "points": 1, "locked": True, "schema_version": 3}
    notebook.cells = [prompt, tests]
    return notebook


def run_cell(source, **names):
    namespace = dict(names)
    exec(compile(source, "cell", "exec"), namespace)


def test_translated_code_stays_valid_python_and_says_the_same_in_chinese(capsys):
    edition = translate_notebook(graded_notebook(), CHINESE)
    source = edition.cells[1].source
    ast.parse(source)
    assert "# 第 1 题的检查（只检查答案的形式）" in source
    assert '"请定义一个名为 group_counts 的变量。"' in source
    group_counts, _answer = {}, {"promoters": 2, "passives": 1}
    with pytest.raises(AssertionError, match="三组人数之和应等于作答的 4 位客户；你的结果之和是 3。"):
        run_cell(source, group_counts=group_counts, _answer=_answer, _answered=4)
    run_cell(source, group_counts=group_counts, _answer=_answer, _answered=3)
    assert capsys.readouterr().out == "第 1 题：形式正确。评分时会再次检查“数值”和'引号'。\n"


def test_side_by_side_strings_keep_their_line_layout():
    source = translate_notebook(graded_notebook(), CHINESE).cells[1].source
    lines = source.splitlines()
    assert lines[3].startswith('    f"三组人数之和') and lines[4].startswith('    f"')
    assert "{sum(_answer.values()):,}" in source and "{_answered:,}" in source


def test_cell_ids_types_and_nbgrader_metadata_are_unchanged():
    english = graded_notebook()
    edition = translate_notebook(english, CHINESE)
    assert [(c.id, c.cell_type, c.metadata) for c in edition.cells] == [
        (c.id, c.cell_type, c.metadata) for c in english.cells
    ]
    assert english.cells[1].source == TEST_CELL, "the master must not be changed"


def test_an_untranslated_unit_stays_english_and_an_empty_catalog_changes_nothing():
    english = graded_notebook()
    partial = translate_notebook(english, {"Question 1 — Promoters (1 point)": "第 1 题 — 推荐者（1 分）"})
    assert partial.cells[0].source == "## 第 1 题 — 推荐者（1 分）\n\nCount the promoters."
    assert nbformat.writes(translate_notebook(english, {})) == nbformat.writes(english)


def test_a_fuzzy_translation_is_shown_flagged_never_silently_english(tmp_path):
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid="Count the promoters.", msgstr="统计推荐者人数。", flags=["fuzzy"]))
    catalog.append(polib.POEntry(msgid="Define a variable named group_counts.", msgstr="", flags=[]))
    edition = translate_notebook(graded_notebook(), catalog)
    assert edition.cells[0].source.endswith(f"{FUZZY_MARK}统计推荐者人数。")
    assert '"Define a variable named group_counts."' in edition.cells[1].source


def test_a_translation_that_loses_a_field_is_refused_with_the_place_named():
    broken = dict(CHINESE)
    key = next(k for k in CHINESE if k.startswith("The three groups"))
    broken[key] = "三组人数之和不对。"
    with pytest.raises(TranslationError, match=r"lecture\.ipynb, cell q1-tests.*\{_answered:,\}"):
        translate_notebook(graded_notebook(), broken, "lecture.ipynb")


def test_a_long_comment_is_wrapped_in_chinese_and_stays_a_comment():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("    # A short note on the counters\nx = 1\n")]
    notebook.cells[0].id = "c"
    long = "柜台" * 40
    source = translate_notebook(notebook, {"A short note on the counters": long}).cells[0].source
    comment_lines = source.splitlines()[:-1]
    assert len(comment_lines) > 1 and all(line.startswith("    # ") for line in comment_lines)
    assert "".join(line[6:] for line in comment_lines) == long


def test_markdown_pages_table_cells_and_list_items_keep_their_structure():
    page = "# Trainer guide\n\n| step | minutes |\n| --- | --- |\n| Warm-up discussion | 10 |\n\n- Ask the group first.\n"
    chinese = {
        "Trainer guide": "培训师指南",
        "step": "环节",
        "minutes": "分钟",
        "Warm-up discussion": "热身讨论",
        "Ask the group first.": "先请学员讨论。",
    }
    assert translate_markdown(page, chinese) == (
        "# 培训师指南\n\n| 环节 | 分钟 |\n| --- | --- |\n| 热身讨论 | 10 |\n\n- 先请学员讨论。\n"
    )
