"""The reports on a real gradebook (``small_course`` in conftest.py) with known scores: one assignment's
class report (titles, common mistakes, what item analysis leaves out) and the whole course (``--all``)."""

from __future__ import annotations

import csv
import shutil
import subprocess

import pytest

from kit import cxlab_command
from cxlab.errors import CxlabError
from cxlab.grading import course_report, report


@pytest.fixture
def course(small_course, tmp_path):
    return shutil.copytree(small_course, tmp_path / "course")  # the report writes into the course


def test_progress_mastery_hardest_questions_and_risk_follow_the_scores(course):
    view = course_report.build_view(course)
    assert view.progress["wang", "01-first"].share == pytest.approx(0.9)
    assert view.progress["li", "02-second"].status == "not submitted"
    zhao = view.progress["zhao", "01-first"]
    assert (zhao.status, zhao.share) == ("awaiting trainer", 1.0), "judged on the points marked so far"
    assert view.mastery["nps-score", "wang"] == 1.0
    assert view.mastery["nps-score", "li"] == 0.0
    assert view.mastery["nps-score", "zhao"] == pytest.approx(0.5)
    assert view.mastery["margin-of-error", "zhao"] == pytest.approx(0.25)
    assert ("margin-of-error", "li") not in view.mastery, "not assessed: li never handed in 02-second"
    assert view.mastery["nps-advice", "wang"] == pytest.approx(2.5 / 3), "a written answer counts once marked"
    assert view.mastery["nps-advice", "li"] == pytest.approx(1 / 3)
    assert ("nps-advice", "zhao") not in view.mastery, "zhao's unmarked answer is not a 0"
    assert [(a, q) for a, q, _ in view.questions] == [("02-second", "q1-tests"), ("01-first", "q1-tests")]
    assert view.at_risk == {"li": ["01-first", "02-second"]}, "a missing hand-in counts as 0"
    assert course_report.build_view(course, risk_below=0.3).at_risk == {"li": ["01-first", "02-second"]}
    assert set(course_report.build_view(course, risk_below=1.0).at_risk) == {"li"}, "zhao 1.0 then 0.25: one below"


def test_the_command_writes_an_offline_page_and_a_row_per_learner(course):
    done = subprocess.run(cxlab_command("report", "--all", "--course-dir", str(course)), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with open(course / "reports" / "course.csv", newline="", encoding="utf-8") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert list(next(iter(rows.values()))) == ["student_id", "01-first_score", "01-first_status",
                                                "02-second_score", "02-second_status"]
    assert (rows["wang"]["01-first_score"], rows["wang"]["01-first_status"]) == ("4.5", "graded")
    assert (rows["li"]["02-second_score"], rows["li"]["02-second_status"]) == ("", "not submitted")
    assert rows["zhao"]["01-first_status"] == "awaiting trainer"
    page = (course / "reports" / "index.html").read_text(encoding="utf-8")
    assert "Learners at risk" in page and "Concept mastery heat map" in page and "data:image/png;base64," in page
    assert "<td>q1-tests — Question 1 — about q1-tests</td>" in page, "a question named as the learner read it"
    assert "http://" not in page and "https://" not in page, "the page opens offline"


def test_bad_requests_end_in_one_line(course, tmp_path):
    neither = subprocess.run(cxlab_command("report", "--course-dir", str(course)), capture_output=True, text=True)
    assert neither.returncode == 2 and "name one ASSIGNMENT, or give --all" in neither.stderr
    with pytest.raises(CxlabError, match="between 0 and 1"):
        course_report.build_view(course, risk_below=50)
    with pytest.raises(CxlabError, match="no gradebook.db"):
        course_report.build_view(tmp_path)


def test_the_class_report_names_questions_counts_mistakes_and_leaves_unmarked_and_broken_work_out(course):
    (course / "reports" / "01-first").mkdir(parents=True)
    (course / "reports" / "01-first" / "grades.csv").write_text(
        "student_id,score,max_score,status,reason\nwang,4.5,5,graded,\nli,1,5,invalid,damaged\nzhao,2,5,graded,\n",
        encoding="utf-8")
    scores = report.read_class(course, "01-first")
    assert scores.titles == {"q1-tests": "Question 1 — about q1-tests", "q2-answer": "Question 2 — about q2-answer"}
    assert scores.pending == {"wang": frozenset(), "li": frozenset(), "zhao": frozenset({"q2-answer"})}
    assert scores.apart == {"li": "invalid"} and scores.analysed() == ["wang", "zhao"]
    items = {i.grade_id: i for i in report.item_analysis(scores)}
    assert items["q1-tests"].difficulty == 1.0, "li's broken hand-in does not count"
    assert items["q2-answer"].difficulty == pytest.approx(2.5 / 3), "zhao's unmarked answer is not a 0"
    assert report.common_mistakes(course, scores) == {}, "li is left apart, so li's failure is not counted"
    everyone = report.ClassScores(*[getattr(scores, f) for f in ("assignment", "cells", "max_points", "autograded",
                                                                 "points", "pending")])
    assert report.common_mistakes(course, everyone) == {"q1-tests": [("NPS counts 9 and 10 as promoters.", 1)]}
    page, _ = report.write(course, "01-first")
    text = page.read_text(encoding="utf-8")
    assert "1 hand-in(s) still need manual grading" in text
    assert "Hardest question: <b>q1-tests — Question 1 — about q1-tests</b>" in text, "never the unmarked answer"


def test_a_chinese_courses_reports_speak_chinese_and_their_files_stay_english(course):
    """The Chinese course (course/zh-CN sets c.GradingKernelManager.language) gets both pages in Chinese,
    its charts drawn with every glyph; the CSV files keep the English names the programs reading them expect."""
    import warnings

    from cxlab.i18n.editions import chinese_course_config

    config = course / "nbgrader_config.py"
    config.write_text(chinese_course_config(config.read_text(encoding="utf-8")), encoding="utf-8")
    (course / "reports" / "01-first").mkdir(parents=True)
    (course / "reports" / "01-first" / "grades.csv").write_text(
        "student_id,score,max_score,status,reason\nwang,4.5,5,graded,\nli,1,5,invalid,damaged\nzhao,2,5,graded,\n",
        encoding="utf-8")
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"Glyph .* missing from font")  # a Chinese label drawn as boxes
        class_page, items = report.write(course, "01-first")
        course_page, course_csv = course_report.write(course)
    text = class_page.read_text(encoding="utf-8")
    assert "<html lang='zh-CN'>" in text and "<h1>班级报告：01-first</h1>" in text
    assert "还有 1 份答卷需要人工批改" in text and "答卷：已评分 2 份，无效 1 份。" in text
    assert "最难的题目：<b>q1-tests — Question 1 — about q1-tests</b>（全班得到该题 100% 的分数）。" in text
    assert "<td>li</td><td>无效</td><td>damaged</td>" in text, "the status in Chinese, the grader's reason as it is"
    assert "用时：没有记录用时" in text
    for english in ("Hand-ins to look at", "Hardest question", "Common mistakes", "Working time", "Learners</h2>"):
        assert english not in text, f"English left on the Chinese class report: {english}"
    overview = course_page.read_text(encoding="utf-8")
    assert "<h1>课程报告</h1>" in overview and "<h2>需要关注的学员</h2>" in overview and "（等待培训师批改）" in overview
    assert "Learners at risk" not in overview and "awaiting trainer" not in overview
    assert items.read_text(encoding="utf-8").startswith("grade_id,max_points,mean_points,difficulty,discrimination")
    assert "awaiting trainer" in course_csv.read_text(encoding="utf-8"), "course.csv keeps the English status"
    said = subprocess.run(cxlab_command("report", "01-first", "--course-dir", str(course)), capture_output=True,
                          text=True)
    assert said.returncode == 0 and said.stdout.startswith("班级报告："), said.stdout + said.stderr
