"""The Chinese edition of a small kit: paths, writing, and `problems` for build --check."""

from __future__ import annotations

from pathlib import Path

import nbformat
import polib
import pytest

from cxlab.i18n import (
    chinese_edition_paths,
    glossary_problems,
    load_glossary,
    problems,
    update_catalogs,
    write_chinese_editions,
)
from cxlab.i18n.check import Term

REPO = Path(__file__).resolve().parents[2]

LECTURE_CELLS = [
    ("intro", "markdown", "# Waiting\n\nCustomers wait longest at lunchtime."),
    ("try-1", "code", '### BEGIN SOLUTION\nmean_wait = 4.0\n### END SOLUTION\nprint("Mean wait in minutes:", mean_wait)'),
]
CHINESE = {
    "Waiting": "等候",
    "Customers wait longest at lunchtime.": "午间客户等候时间最长。",
    "Mean wait in minutes:": "平均等候时间（分钟）：",
    "Trainer notes": "培训师笔记",
    "Start with the queue chart.": "先看排队图。",
    "CX Lab": "CX Lab 课程",
}


def notebook(cells):
    result = nbformat.v4.new_notebook()
    for cell_id, kind, source in cells:
        cell = nbformat.v4.new_markdown_cell(source) if kind == "markdown" else nbformat.v4.new_code_cell(source)
        cell.id = cell_id
        result.cells.append(cell)
    return result


@pytest.fixture
def kit(tmp_path):
    (tmp_path / "solutions").mkdir()
    nbformat.write(notebook(LECTURE_CELLS), tmp_path / "solutions" / "01-wait.ipynb")
    (tmp_path / "notebooks").mkdir()
    assignment = tmp_path / "course" / "source" / "01-wait"
    assignment.mkdir(parents=True)
    nbformat.write(notebook(LECTURE_CELLS[:1]), assignment / "01-wait.ipynb")
    (tmp_path / "course" / "nbgrader_config.py").write_text('c = get_config()\nc.CourseDirectory.course_id = "cxlab"\n')
    (tmp_path / "course" / "guide").mkdir()
    (tmp_path / "course" / "guide" / "01-wait.md").write_text("# Trainer notes\n\nStart with the queue chart.\n")
    (tmp_path / "README.md").write_text("# CX Lab\n")
    return tmp_path


def translate_all(kit, translations):
    for po_path in (kit / "locale" / "zh_CN" / "LC_MESSAGES").glob("*.po"):
        catalog = polib.pofile(str(po_path))
        for entry in catalog:
            entry.msgstr = translations.get(entry.msgid, entry.msgstr)
            if entry.msgid in translations:
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        catalog.save(str(po_path))


def test_every_english_file_maps_to_its_chinese_edition(kit):
    assert {k.relative_to(kit).as_posix(): v.relative_to(kit).as_posix() for k, v in chinese_edition_paths(kit).items()} == {
        "solutions/01-wait.ipynb": "solutions/zh-CN/01-wait.ipynb",
        "notebooks/01-wait.ipynb": "notebooks/zh-CN/01-wait.ipynb",
        "course/source/01-wait/01-wait.ipynb": "course/zh-CN/source/01-wait/01-wait.ipynb",
        "course/guide/01-wait.md": "course/guide/zh-CN/01-wait.md",
        "README.md": "README.zh-CN.md",
        "course/nbgrader_config.py": "course/zh-CN/nbgrader_config.py",
    }


def test_the_real_kit_has_a_chinese_edition_for_every_contract_path():
    paths = {k.relative_to(REPO).as_posix(): v.relative_to(REPO).as_posix() for k, v in chinese_edition_paths(REPO).items()}
    assert paths["datasets/README.md"] == "datasets/README.zh-CN.md"
    assert paths["README.md"] == "README.zh-CN.md"
    assert paths["course/nbgrader_config.py"] == "course/zh-CN/nbgrader_config.py"
    for lecture in (REPO / "solutions").glob("*.ipynb"):
        assert paths[f"solutions/{lecture.name}"] == f"solutions/zh-CN/{lecture.name}"
        assert paths[f"notebooks/{lecture.name}"] == f"notebooks/zh-CN/{lecture.name}"


def test_missing_catalogs_are_named(kit):
    found = problems(kit)
    assert "locale/zh_CN/LC_MESSAGES/lecture-01-wait.po: missing, so solutions/01-wait.ipynb has no translation" in "\n".join(found)


def test_untranslated_entries_are_named_one_per_line_with_file_and_cell(kit):
    update_catalogs(kit)
    found = problems(kit)
    assert 'solutions/01-wait.ipynb, cell try-1: untranslated: “Mean wait in minutes:”' in found
    assert "course/guide/01-wait.md, line 3: untranslated: “Start with the queue chart.”" in found
    assert "solutions/zh-CN/01-wait.ipynb: missing (run `cxlab build`)" in found


def test_a_translated_and_built_kit_has_no_problems(kit):
    update_catalogs(kit)
    translate_all(kit, CHINESE)
    written = write_chinese_editions(kit)
    assert problems(kit) == []
    assert kit / "solutions" / "zh-CN" / "01-wait.ipynb" in written
    assert write_chinese_editions(kit) == [], "a second build rewrites nothing"
    chinese = nbformat.read(kit / "solutions" / "zh-CN" / "01-wait.ipynb", as_version=4)
    assert chinese.cells[0].source == "# 等候\n\n午间客户等候时间最长。"
    assert (kit / "README.zh-CN.md").read_text(encoding="utf-8") == "# CX Lab 课程\n"


def test_the_chinese_learner_edition_has_chinese_stubs_and_the_course_its_own_config(kit):
    update_catalogs(kit)
    translate_all(kit, CHINESE)
    write_chinese_editions(kit)
    learner = nbformat.read(kit / "notebooks" / "zh-CN" / "01-wait.ipynb", as_version=4)
    assert "# 在这里写你的代码\nraise NotImplementedError()" in learner.cells[1].source
    assert "mean_wait = 4.0" not in learner.cells[1].source
    config = (kit / "course" / "zh-CN" / "nbgrader_config.py").read_text(encoding="utf-8")
    assert config.startswith('c = get_config()\nc.CourseDirectory.course_id = "cxlab"\n')
    assert 'c.CourseDirectory.course_id = "cxlab-zh-CN"' in config and "在这里写你的答案" in config


def test_a_changed_english_paragraph_is_reported_until_it_is_revised(kit):
    update_catalogs(kit)
    translate_all(kit, CHINESE)
    write_chinese_editions(kit)
    changed = [("intro", "markdown", "# Waiting\n\nCustomers wait longest at lunchtime and on Mondays.")] + LECTURE_CELLS[1:]
    nbformat.write(notebook(changed), kit / "solutions" / "01-wait.ipynb")
    found = problems(kit)
    assert any(line.startswith("locale/zh_CN/LC_MESSAGES/lecture-01-wait.po: behind solutions/01-wait.ipynb") for line in found)
    assert "solutions/zh-CN/01-wait.ipynb: out of date with its English master or its catalog (run `cxlab build`)" in found
    update_catalogs(kit)
    write_chinese_editions(kit)
    found = problems(kit)
    assert found == [
        "solutions/01-wait.ipynb, cell intro: fuzzy (the English changed since it was translated): "
        "“Customers wait longest at lunchtime and on Mondays.”"
    ]
    chinese = nbformat.read(kit / "solutions" / "zh-CN" / "01-wait.ipynb", as_version=4)
    assert chinese.cells[0].source.endswith("〔待更新〕午间客户等候时间最长。")


def test_a_chinese_edition_without_an_english_master_is_named(kit):
    update_catalogs(kit)
    translate_all(kit, CHINESE)
    write_chinese_editions(kit)
    orphan = kit / "solutions" / "zh-CN" / "99-old.ipynb"
    orphan.write_text("{}")
    assert problems(kit) == ["solutions/zh-CN/99-old.ipynb: has no English master (Chinese editions are generated)"]


# --------------------------------------------------------------------------- glossary


def entry(msgid, msgstr, place="lecture.ipynb", cell="q1"):
    return polib.POEntry(msgid=msgid, msgstr=msgstr, occurrences=[(place, cell)])


GLOSSARY = [Term(("detractor",), ("贬损者",)), Term(("margin of error",), ("误差范围",)), Term(("front stage", "frontstage"), ("前台",))]


def test_a_glossary_term_in_the_english_needs_its_chinese_form():
    catalog = [
        entry("Call back every detractor within two days.", "两天内回访每一位不满意的客户。"),
        entry("The margin of error shrinks with more answers.", "回答越多，误差范围越小。"),
    ]
    assert glossary_problems(catalog, GLOSSARY) == [
        "lecture.ipynb, cell q1: “Call back every detractor within two days.” uses “detractor”; "
        "the translation should say 贬损者"
    ]


def test_glossary_terms_match_plurals_hyphens_and_variants_but_not_code():
    catalog = [
        entry("Detractors answer 0 to 6.", "贬损者回答 0 到 6 分。"),
        entry("The front-stage staff greet the customer.", "前台员工问候客户。"),
        entry("Store the counts under the key `detractors`.", "把人数存入键 `detractors`。"),
        entry("Untranslated detractor text.", ""),
    ]
    assert glossary_problems(catalog, GLOSSARY) == []


def test_a_term_met_only_inside_a_longer_term_asks_only_for_the_longer_one():
    glossary = [Term(("Net Promoter Score",), ("净推荐值",)), Term(("promoter",), ("推荐者",))]
    catalog = [
        entry("The Net Promoter Score of the branch rose.", "该网点的净推荐值上升了。"),
        entry("Every promoter counts; so does the Net Promoter Score.", "净推荐值上升了。", cell="q2"),
    ]
    assert glossary_problems(catalog, glossary) == [
        "lecture.ipynb, cell q2: “Every promoter counts; so does the Net Promoter…” uses “promoter”; "
        "the translation should say 推荐者"
    ]


def test_the_glossary_has_the_fields_terms():
    terms = {english: chinese for term in load_glossary(REPO / "locale" / "zh_CN" / "glossary.csv") for english in term.english for chinese in [term.chinese]}
    expected = {
        "Net Promoter Score": "净推荐值", "promoter": "推荐者", "passive": "被动者", "detractor": "贬损者",
        "margin of error": "误差范围", "service blueprint": "服务蓝图", "front stage": "前台", "backstage": "后台",
        "support process": "支持过程", "line of interaction": "互动线", "line of visibility": "可视线",
        "line of internal interaction": "内部互动线", "fail point": "失误点", "wait point": "等待点",
        "moment of truth": "关键时刻", "peak-end rule": "峰终定律", "expectation disconfirmation": "期望不一致",
        "experience economy": "体验经济", "service-profit chain": "服务利润链", "Cronbach's alpha": "克朗巴哈α系数",
        "importance-performance analysis": "重要性—绩效分析", "difference-in-differences": "双重差分",
        "parallel trends": "平行趋势", "control group": "对照组", "analytic hierarchy process": "层次分析法",
        "consistency ratio": "一致性比率", "tangibles": "有形性", "reliability": "可靠性", "responsiveness": "响应性",
        "assurance": "保证性", "empathy": "移情性", "awareness": "认知", "after-sales": "售后", "PDCA cycle": "PDCA循环",
        "service recovery": "服务补救", "first-contact resolution": "首次接触解决", "SLA": "SLA",
        "Little's law": "利特尔法则", "Erlang C": "Erlang C",
    }
    for english, chinese in expected.items():
        assert english in terms, f"glossary.csv has no row for {english!r}"
        assert chinese in terms[english], f"glossary.csv: {english!r} should be {chinese}"


def test_a_translation_that_drops_a_field_is_named():
    from cxlab.i18n.check import entry_problems

    catalog = [entry("{n:,} customers answered.", "客户作答了。"), entry("{n:,} answers.", "{n:,} 条回答。")]
    assert entry_problems(catalog) == ["lecture.ipynb, cell q1: the translation must keep {n:,}: “{n:,} customers answered.”"]


def test_the_translators_commands_update_check_and_build(kit, capsys):
    from cxlab.i18n.__main__ import main

    assert main(["--root", str(kit), "update"]) == 0
    assert "locale/zh_CN/LC_MESSAGES/lecture-01-wait.po: updated (3 new, 0 now fuzzy, 0 obsolete)" in capsys.readouterr().out
    assert main(["--root", str(kit), "check"]) == 1
    assert "untranslated: “Mean wait in minutes:”" in capsys.readouterr().out
    translate_all(kit, CHINESE)
    assert main(["--root", str(kit), "build"]) == 0
    assert main(["--root", str(kit), "check"]) == 0
    assert capsys.readouterr().out.endswith("The Chinese edition is complete and current.\n")
    assert main(["--root", str(kit), "stats"]) == 0
    assert "locale/zh_CN/LC_MESSAGES/lecture-01-wait.po: 3 translated, 0 fuzzy, 0 untranslated" in capsys.readouterr().out
    assert main(["--root", str(kit), "update", str(kit / "nowhere.ipynb")]) == 2


def test_a_translation_that_drops_a_code_span_or_breaks_a_table_is_named():
    from cxlab.i18n.check import entry_problems

    cell = polib.POEntry(msgid="the branch, `HB01` to `HB24`", msgstr="网点 | HB01 到 `HB24`", occurrences=[("p.md", "3")])
    cell.comment = "table cell"
    assert entry_problems([cell]) == [
        "p.md, line 3: the translation must keep the code `HB01`: “the branch, `HB01` to `HB24`”",
        "p.md, line 3: a table cell's translation cannot contain | (write \\|): “the branch, `HB01` to `HB24`”",
    ]


@pytest.mark.slow
def test_the_chinese_course_releases_with_nbgrader_and_chinese_stubs(kit):
    from cxlab.i18n import release_chinese_assignments

    solution = ("q1", "code", "### BEGIN SOLUTION\nmean_wait = 4.0\n### END SOLUTION")
    master = notebook([LECTURE_CELLS[0], solution])
    master.cells[1].metadata["nbgrader"] = {
        "grade": False, "grade_id": "q1", "locked": False, "schema_version": 3, "solution": True, "task": False,
    }
    nbformat.write(master, kit / "course" / "source" / "01-wait" / "01-wait.ipynb")
    (kit / "course" / "nbgrader_config.py").write_text((REPO / "course" / "nbgrader_config.py").read_text())
    update_catalogs(kit)
    translate_all(kit, CHINESE)
    write_chinese_editions(kit)
    assert release_chinese_assignments(kit) == ["01-wait"]
    release = nbformat.read(kit / "course" / "zh-CN" / "release" / "01-wait" / "01-wait.ipynb", as_version=4)
    assert release.cells[0].source == "# 等候\n\n午间客户等候时间最长。"
    assert release.cells[1].source == "# 在这里写你的代码\nraise NotImplementedError()"


CONCEPTS = """# Concepts the course teaches.
wait-profile:
  module: 01-wait
  label: The wait profile by hour
lunch-peak: {module: 01-wait, label: "Why lunchtime: a peak of arrivals", assessed: false, reason: Discussed in class}
"""


def test_the_concepts_labels_and_reasons_are_translated_and_their_ids_kept(kit):
    import yaml

    (kit / "course" / "concepts.yml").write_text(CONCEPTS, encoding="utf-8")
    update_catalogs(kit)
    catalog = polib.pofile(str(kit / "locale" / "zh_CN" / "LC_MESSAGES" / "concepts.po"))
    # polib reads `#: file:place` back as one name: each entry names the concept it labels.
    assert [(e.msgid, e.occurrences) for e in catalog] == [
        ("The wait profile by hour", [("course/concepts.yml:wait-profile", "")]),
        ("Why lunchtime: a peak of arrivals", [("course/concepts.yml:lunch-peak", "")]),
        ("Discussed in class", [("course/concepts.yml:lunch-peak", "")]),
    ]
    assert "course/concepts.yml, concept lunch-peak: untranslated: “Discussed in class”" in problems(kit)
    translate_all(kit, {**CHINESE, "The wait profile by hour": "按小时看等候情况",
                        "Why lunchtime: a peak of arrivals": "为什么是午间：到达高峰", "Discussed in class": "课堂讨论"})
    write_chinese_editions(kit)
    assert problems(kit) == []
    chinese = yaml.safe_load((kit / "course" / "zh-CN" / "concepts.yml").read_text(encoding="utf-8"))
    assert chinese == {
        "wait-profile": {"module": "01-wait", "label": "按小时看等候情况"},
        "lunch-peak": {"module": "01-wait", "label": "为什么是午间：到达高峰", "assessed": False, "reason": "课堂讨论"},
    }
    (kit / "course" / "concepts.yml").write_text(CONCEPTS.replace("by hour", "by hour and weekday"), encoding="utf-8")
    update_catalogs(kit)
    write_chinese_editions(kit)
    assert problems(kit) == ["course/concepts.yml, concept wait-profile: fuzzy (the English changed since it was "
                             "translated): “The wait profile by hour and weekday”"]
    chinese = yaml.safe_load((kit / "course" / "zh-CN" / "concepts.yml").read_text(encoding="utf-8"))
    assert chinese["wait-profile"]["label"] == "〔待更新〕按小时看等候情况"


def test_a_concepts_file_that_is_not_a_map_of_concepts_is_named(kit):
    from cxlab.errors import CxlabError

    (kit / "course" / "concepts.yml").write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(CxlabError, match=r"course/concepts.yml: expected a map of concept id"):
        update_catalogs(kit)


def test_the_chinese_course_report_names_every_concept_in_chinese():
    from cxlab.grading.course_report import read_concepts

    english, english_tags = read_concepts(REPO / "course")
    chinese, chinese_tags = read_concepts(REPO / "course" / "zh-CN")
    assert list(chinese) == list(english) and english_tags == chinese_tags
    untranslated = [concept for concept in english if chinese[concept] == english[concept]]
    assert not untranslated, f"concepts the Chinese course report would name in English: {untranslated}"


SCREEN_ENGLISH = ("If the notebook misbehaves, choose *Kernel → Restart Kernel and Run All Cells*, replace "
                  "`# YOUR CODE HERE` with your answer, then press *Validate*.")


def screen_catalog(translation: str):
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid=SCREEN_ENGLISH, msgstr=translation,
                                 occurrences=[("solutions/01-wait.ipynb", "intro")]))
    return catalog


def test_words_on_the_screen_are_quoted_as_the_chinese_screen_shows_them():
    from cxlab.i18n.check import entry_problems
    from cxlab.i18n.screen import kernel_menu_restart_and_run_all, screen_problems

    # Written as a translator might, from the English alone: none of it is what the Chinese screen shows.
    guessed = screen_catalog("如果笔记本表现异常，选择 *Kernel → Restart Kernel and Run All Cells*，把 `# YOUR CODE HERE` "
                             "换成你的答案，再点击*验证*。")
    found = screen_problems(guessed)
    menu = f"内核 → {kernel_menu_restart_and_run_all().rstrip('…')}"
    assert [line.split(": name it as the screen shows it, ")[1].split(" (")[0] for line in found] == [
        f"“{menu}”", "“# 在这里写你的代码”", "“Validate”"], found
    assert all(line.startswith("solutions/01-wait.ipynb, cell intro: ") for line in found)
    # The Chinese menu's words, the Chinese release's stub (a code span that may change), nbgrader's English button.
    right = screen_catalog(f"如果笔记本表现异常，选择 *{menu}*，把 `# 在这里写你的代码` 换成你的答案，再点击 *Validate*（验证）。")
    assert screen_problems(right) == [] and entry_problems(right) == []
    assert entry_problems(screen_catalog("选择菜单，把代码换成你的答案，再点击 *Validate*。")) == [
        "solutions/01-wait.ipynb, cell intro: the translation must keep the code `# YOUR CODE HERE`: "
        "“If the notebook misbehaves, choose *Kernel → Restart…”"], "any other loss of the code span is still named"


def test_the_kernel_menus_words_come_from_the_installed_language_pack():
    from cxlab.i18n.screen import jupyterlab_labels, kernel_menu_restart_and_run_all

    labels = jupyterlab_labels()
    shown = kernel_menu_restart_and_run_all()
    assert shown.endswith("…") and labels["Restart Kernel…"].rstrip("…") in shown and labels["Run All Cells"] in shown
    assert labels["menu\x04Kernel"] != "Kernel", "the pack translates the menu bar"
