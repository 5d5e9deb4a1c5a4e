"""cxlab.lang: the library's own sentences, looked up in cxlab.po; and their extraction into it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest

from cxlab import lang
from cxlab.i18n.check import library_catalog_problems
from cxlab.i18n.library import NotAMessage, extract_library, messages_in_code, update_library_catalog

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def chinese_catalog(tmp_path, monkeypatch):
    """A cxlab.po with one current, one fuzzy and one untranslated entry, read by cxlab.lang."""
    folder = tmp_path / "zh_CN" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid="Question {question}: correct.", msgstr="第 {question} 题：正确。"))
    catalog.append(polib.POEntry(msgid="Month", msgstr="旧的译文", flags=["fuzzy"]))
    catalog.append(polib.POEntry(msgid="Swimlane", msgstr=""))
    catalog.save(str(folder / "cxlab.po"))
    monkeypatch.setattr(lang, "locale_dir", lambda: tmp_path)
    lang.translations.cache_clear()
    yield
    lang.translations.cache_clear()


@pytest.fixture
def language():
    """Restore the process's language after a test that changes it."""
    before = lang._language
    yield lang.use_language
    lang._language = before


def test_chinese_messages_come_from_the_catalog_with_their_fields(chinese_catalog, language):
    language("zh-CN")
    assert lang._("Question {question}: correct.").format(question=3) == "第 3 题：正确。"


def test_untranslated_and_fuzzy_messages_stay_english(chinese_catalog, language):
    language("zh-CN")
    assert lang._("Swimlane") == "Swimlane"
    assert lang._("Month") == "Month", "a fuzzy translation was made for other English: never shown as current"
    assert lang._("Not in the catalog") == "Not in the catalog"


def test_english_is_the_default_and_cxlab_lang_chooses_chinese(chinese_catalog, language, monkeypatch):
    lang._language = None
    monkeypatch.delenv("CXLAB_LANG", raising=False)
    assert lang._("Question {question}: correct.") == "Question {question}: correct."
    monkeypatch.setenv("CXLAB_LANG", "zh-CN")
    assert lang._("Question {question}: correct.") == "第 {question} 题：正确。"
    language("en")  # use_language wins over the environment
    assert lang._("Question {question}: correct.") == "Question {question}: correct."


def test_an_unknown_language_is_refused(language):
    with pytest.raises(ValueError, match="zh-CN"):
        language("fr")


def test_the_practice_verdict_is_chinese_in_a_chinese_process():
    code = (
        "import cxlab\nfrom cxlab import practice\ncxlab.use_language('zh-CN')\n"
        "right = practice.digest('x', 5)\npractice.check('x', 5, right, question=2)\n"
        "try:\n    practice.check('x', 6, right, question=2)\nexcept practice.NotYetRight as e:\n    print(e)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.splitlines() == ["第 2 题：正确。", "第 2 题：格式正确，但数值还不对。"]


def test_messages_are_extracted_from_code_and_templates(tmp_path):
    package = tmp_path / "cxlab"
    (package / "templates").mkdir(parents=True)
    (package / "charts.py").write_text('from cxlab.lang import N_, _\nLABEL = N_("Month")\nax.set_title(_("Peak ({value})"))\n')
    (package / "templates" / "page.html.j2").write_text('<b>{{ "Your answer" | gettext }}</b>\n')
    found = {entry.msgid: entry.occurrences for entry in extract_library(tmp_path)}
    assert found == {
        "Month": [("cxlab/charts.py", "2")],
        "Peak ({value})": [("cxlab/charts.py", "3")],
        "Your answer": [("cxlab/templates/page.html.j2", "1")],
    }


def test_a_message_that_is_not_one_literal_is_refused():
    with pytest.raises(NotAMessage, match=r"x.py:1: _\(\) needs one literal string"):
        messages_in_code('_(f"{n} answers")', "x.py")


def test_a_changed_message_becomes_fuzzy_and_is_reported(tmp_path):
    package = tmp_path / "cxlab"
    package.mkdir()
    (package / "charts.py").write_text('_("Average reported wait")\n')
    update_library_catalog(tmp_path)
    po_path = tmp_path / "locale" / "zh_CN" / "LC_MESSAGES" / "cxlab.po"
    catalog = polib.pofile(str(po_path))
    catalog[0].msgstr = "平均等候时间"
    catalog.save(str(po_path))
    assert library_catalog_problems(tmp_path, []) == []

    (package / "charts.py").write_text('_("Average reported waiting time")\n')
    assert library_catalog_problems(tmp_path, []) == [
        "locale/zh_CN/LC_MESSAGES/cxlab.po: behind the library's code (1 new, 1 removed messages; "
        "run `python -m cxlab.i18n update`)"
    ]
    change = update_library_catalog(tmp_path)
    assert change.fuzzy == 1
    (entry,) = [e for e in polib.pofile(str(po_path)) if not e.obsolete]
    assert entry.msgid == "Average reported waiting time" and "fuzzy" in entry.flags
    assert entry.previous_msgid == "Average reported wait"
    assert library_catalog_problems(tmp_path, []) == [
        "cxlab/charts.py, line 1: fuzzy (the English changed since it was translated): “Average reported waiting time”"
    ]


def test_the_kits_library_catalog_is_current_and_complete():
    """Every _() of the library is in cxlab.po and translated (the library's part of `build --check`)."""
    from cxlab.i18n.check import load_glossary

    glossary = load_glossary(REPO / "locale" / "zh_CN" / "glossary.csv")
    assert library_catalog_problems(REPO, glossary) == []


CHINESE_CHART = """
import warnings
import matplotlib
matplotlib.rcParams["font.family"] = ["sans-serif"]
matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans"]  # a default without Chinese: only cxlab's font can help
import pandas as pd
import cxlab
from cxlab import plots
cxlab.use_language("zh-CN")
warnings.filterwarnings("error", message=r"Glyph .* missing from font")
ax = plots.journey_map(pd.Series({"取号": 1.0, "等候": -2.0, "办理": 2.0}), title="一次网点到访（模拟数据）",
                       stages={"取号": "到达", "等候": "到达", "办理": "办理"}, pain_points=["等候"])
ax.figure.canvas.draw()
print(ax.get_xlabel(), "|", ax.get_legend().get_texts()[0].get_text())
"""


def test_a_chinese_chart_from_cxlab_plots_draws_every_glyph():
    """No use_chinese_font() by hand: the chart calls it; its own labels come out in Chinese."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "MPLBACKEND": "Agg"}
    done = subprocess.run([sys.executable, "-c", CHINESE_CHART], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr[-1500:]
    assert done.stdout.strip() == "触点（按到访顺序） | 情绪曲线"


def test_the_chinese_course_gives_its_grading_kernels_and_feedback_its_language(tmp_path):
    from cxlab.grading.course import course_language
    from cxlab.grading.preprocessors import GradingKernelManager, LabelQuestions
    from cxlab.i18n.editions import chinese_course_config

    english = (REPO / "course" / "nbgrader_config.py").read_text(encoding="utf-8")
    chinese = tmp_path / "zh-CN"
    chinese.mkdir()
    (chinese / "nbgrader_config.py").write_text(chinese_course_config(english), encoding="utf-8")
    assert course_language(REPO / "course") == "en"
    assert course_language(chinese) == "zh-CN"

    def environment(language):
        manager = GradingKernelManager(scratch=str(tmp_path), data_dir=str(tmp_path), language=language)
        return manager.kernel_environment()

    assert environment("zh-CN")["CXLAB_LANG"] == "zh-CN"
    assert "CXLAB_LANG" not in environment("en")
    assert LabelQuestions.label("q3-tests", None, "zh-CN") == "第 3 题"
    assert LabelQuestions.label("q3-tests", None) == "Question 3"


def test_speaking_changes_the_language_inside_its_block_and_thread_only(chinese_catalog, language):
    import threading

    language("en")
    heard = {}
    with lang.speaking("zh-CN"):
        heard["inside"] = lang._("Question {question}: correct.")
        other = threading.Thread(target=lambda: heard.update(other_thread=lang._("Question {question}: correct.")))
        other.start()
        other.join()
        assert lang.join_sentences(["一。", "二。"]) == "一。二。"
    heard["after"] = lang._("Question {question}: correct.")
    assert heard == {"inside": "第 {question} 题：正确。", "other_thread": "Question {question}: correct.",
                     "after": "Question {question}: correct."}
    with pytest.raises(ValueError, match="got language 'fr'"):
        with lang.speaking("fr"):
            pass
