"""Batch grading, the parts that need no kernel: state, markers, item analysis, usage errors."""

from __future__ import annotations

import csv
import math
import subprocess

import pytest

from kit import COURSE, ROOT, cxlab_command
from cxlab.grading import guard, report, state


def run(*args, cwd=ROOT, env=None):
    return subprocess.run(cxlab_command(*args), capture_output=True, text=True, cwd=cwd, env=env)


# --------------------------------------------------------------------------- resumability state


def test_fingerprint_changes_with_content_and_master_not_with_ignored_files(tmp_path):
    hand_in = tmp_path / "hand-in"
    hand_in.mkdir()
    (hand_in / "work.ipynb").write_text("{}", encoding="utf-8")
    first = state.fingerprint(hand_in, "master-1", (".ipynb_checkpoints",))
    (hand_in / ".ipynb_checkpoints").mkdir()
    (hand_in / ".ipynb_checkpoints" / "work-checkpoint.ipynb").write_text("old", encoding="utf-8")
    assert state.fingerprint(hand_in, "master-1", (".ipynb_checkpoints",)) == first
    assert state.fingerprint(hand_in, "master-2", (".ipynb_checkpoints",)) != first, "a new master must regrade"
    (hand_in / "work.ipynb").write_text('{"cells": []}', encoding="utf-8")
    assert state.fingerprint(hand_in, "master-1", (".ipynb_checkpoints",)) != first


def test_state_keeps_the_last_record_and_survives_a_torn_line(tmp_path):
    log = state.GradingState(tmp_path / "state.jsonl")
    log.append("ana", "print-1", "error", "grader failure", retry=True)
    log.append("ana", "print-1", "graded", "")
    log.append("ben", "print-2", "timeout", "ran longer than 5 s")
    with open(tmp_path / "state.jsonl", "a", encoding="utf-8") as handle:
        handle.write('{"student": "carl", "fingerp')  # the grader was killed mid-write
    reread = state.GradingState(tmp_path / "state.jsonl")
    assert reread.is_current("ana", "print-1") and not reread.is_current("ana", "print-9")
    assert reread.records["ben"].status == "timeout"
    assert "carl" not in reread.records, "a torn line means: grade that hand-in again"


def test_a_grader_failure_is_retried_even_if_nothing_changed(tmp_path):
    log = state.GradingState(tmp_path / "state.jsonl")
    log.append("ana", "print-1", "error", "grader failure: OSError", retry=True)
    assert not log.is_current("ana", "print-1")


# --------------------------------------------------------------------------- worker processes


def test_a_worker_sees_the_graders_variables_of_when_its_pool_started(monkeypatch):
    """Workers are forked from a fork server that may have started long before (another batch, in
    this same process): they must still see the variables the grader has now, not the server's."""
    import os

    from cxlab.grading.workers import WorkerPool

    monkeypatch.setenv("CXLAB_TEST_WORKER_SEES", "first")
    with WorkerPool(1) as pool:
        assert pool.submit(os.getenv, "CXLAB_TEST_WORKER_SEES").result(timeout=120) == "first"
    monkeypatch.setenv("CXLAB_TEST_WORKER_SEES", "second")  # the fork server still has "first", or nothing
    with WorkerPool(1) as pool:
        assert pool.submit(os.getenv, "CXLAB_TEST_WORKER_SEES").result(timeout=120) == "second"
        assert pool.submit(os.getppid).result(timeout=120) != os.getpid(), "forked from the fork server"


# --------------------------------------------------------------------------- the guard's markers


def test_marker_names_the_answers_a_test_reads_but_nothing_the_test_sets():
    test = (
        "assert isinstance(n_smart_branches, int)\n"
        "### BEGIN HIDDEN TESTS\n"
        "import cxlab.datasets as _cx_data\n"
        "_expected = int((_cx_data.load('branches')['branch_type'] == 'smart').sum())\n"
        "assert int(n_smart_branches) == _expected\n"
        "### END HIDDEN TESTS\n"
    )
    names = guard.names_read(test)
    assert {"n_smart_branches", "int", "isinstance"} <= names
    assert not {"_expected", "_cx_data"} & names, "the marker is visible to learner code: no hidden names"
    assert guard.MARKER in guard.marker_source(test)


# --------------------------------------------------------------------------- item analysis


SCORES = {  # learner -> (q1 of 1, q2 of 2, q3 of 1); everybody got q3
    "ana": (1, 2, 1),
    "ben": (1, 1, 1),
    "carl": (0, 1, 1),
    "dora": (0, 0, 1),
}


@pytest.fixture
def hand_made_course(tmp_path, monkeypatch):
    """A course whose gradebook is written by hand with nbgrader's API, not by grading."""
    import os
    import sys
    from pathlib import Path

    import nbformat
    from nbgrader.api import Gradebook

    # nbgrader runs `alembic` by name to create a gradebook
    monkeypatch.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))

    course = tmp_path / "course"
    (course / "source" / "quiz").mkdir(parents=True)
    # An assignment is a source folder holding a notebook (cxlab.build.assignments); this one is empty.
    nbformat.write(nbformat.v4.new_notebook(), course / "source" / "quiz" / "quiz.ipynb")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        gradebook.add_assignment("quiz")
        gradebook.add_notebook("quiz", "quiz")
        for name, points in (("q1", 1), ("q2", 2), ("q3", 1)):
            gradebook.add_grade_cell(name, "quiz", "quiz", max_score=points, cell_type="code")
        for student, points in SCORES.items():
            gradebook.add_student(student)
            gradebook.add_submission("quiz", student)
            for name, score in zip(("q1", "q2", "q3"), points):
                gradebook.find_grade(name, "quiz", "quiz", student).auto_score = score
        gradebook.db.commit()
    return course


def read_items(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["grade_id"]: row for row in csv.DictReader(handle)}


def test_items_csv_has_difficulty_and_corrected_item_total_discrimination(hand_made_course):
    result = run("report", "quiz", "--course-dir", str(hand_made_course))
    assert result.returncode == 0, result.stderr
    items = read_items(hand_made_course / "reports" / "quiz" / "items.csv")
    assert list(next(iter(items.values())))[:5] == ["grade_id", "max_points", "mean_points", "difficulty",
                                                    "discrimination"]
    assert float(items["q1"]["mean_points"]) == pytest.approx(0.5)
    assert float(items["q1"]["difficulty"]) == pytest.approx(0.5)
    assert float(items["q2"]["max_points"]) == 2 and float(items["q2"]["difficulty"]) == pytest.approx(0.5)
    # q1 against the rest (q2 + q3): [1, 1, 0, 0] vs [3, 2, 2, 1] -> r = 1 / sqrt(2)
    assert float(items["q1"]["discrimination"]) == pytest.approx(1 / math.sqrt(2), abs=1e-3)
    assert float(items["q2"]["discrimination"]) == pytest.approx(1 / math.sqrt(2), abs=1e-3)
    assert float(items["q3"]["difficulty"]) == 1
    assert items["q3"]["discrimination"] == "", "everybody scored the same on q3: the correlation is undefined"


def test_discrimination_does_not_count_the_item_in_its_own_rest_score():
    scores = report.ClassScores("quiz", ["a", "b"], {"a": 1, "b": 1}, {"a": True, "b": True},
                                {"x": {"a": 1, "b": 0}, "y": {"a": 0, "b": 1}, "z": {"a": 1, "b": 0}})
    a = next(i for i in report.item_analysis(scores) if i.grade_id == "a")
    assert a.discrimination == pytest.approx(-1.0), "with the item inside the total it would not be -1"


def test_report_page_opens_offline(hand_made_course):
    assert run("report", "quiz", "--course-dir", str(hand_made_course)).returncode == 0
    page = (hand_made_course / "reports" / "quiz" / "index.html").read_text(encoding="utf-8")
    assert page.count("src='data:image/png;base64,") >= 3, "charts must be embedded images"
    for remote in ("src='http", 'src="http', "href='http", 'href="http', "<script src", "<link"):
        assert remote not in page, f"the report must open offline, found {remote}"
    assert "q1" in page and "Difficulty" in page


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize("command", ["grade", "feedback", "report"])
def test_missing_course_dir_is_one_line_without_traceback(command, tmp_path):
    result = run(command, "00-orientation", "--course-dir", str(tmp_path / "missing"))
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "no such directory" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["grade", "feedback", "report"])
def test_unknown_assignment_is_one_line_without_traceback(command):
    result = run(command, "42-no-such-module", "--course-dir", str(COURSE))
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "no assignment named '42-no-such-module'" in result.stderr and "Traceback" not in result.stderr


def test_feedback_before_grading_says_what_to_do(tmp_path):
    import nbformat

    (tmp_path / "course" / "source" / "quiz").mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "course" / "source" / "quiz" / "quiz.ipynb")
    result = run("feedback", "quiz", "--course-dir", str(tmp_path / "course"))
    assert result.returncode != 0 and "run `cxlab grade` first" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_help_lists_the_grading_commands():
    result = run("--help")
    for command in ("grade", "feedback", "report", "demo"):
        assert command in result.stdout
    grade_help = run("grade", "--help").stdout
    for flag in ("--course-dir", "--workers", "--timeout", "--memory-mb", "--student", "--force"):
        assert flag in grade_help


# --------------------------------------------------------------------------- the sandbox's mounts


def test_what_the_kernel_needs_is_mounted_after_the_private_tmp(tmp_path):
    """A checkout or virtual environment under /tmp must not vanish beneath the sandbox's own /tmp."""
    from pathlib import Path

    from cxlab.grading import sandbox

    box = sandbox.Sandbox("/usr/bin/bwrap")
    scratch, data = Path("/tmp/cxlab-grade-x/work"), Path("/tmp/kit/datasets")
    command = sandbox.bwrap_command(box, scratch, data, {}, ["python"])
    private_tmp = command.index("--tmpfs")
    assert command[private_tmp + 1] == "/tmp"
    mounted = {command[i + 2]: i for i, arg in enumerate(command) if arg in ("--ro-bind", "--bind", "--ro-bind-try")}
    for path in [*map(str, sandbox.python_paths()), str(scratch), str(data)]:
        assert mounted[path] > private_tmp, f"{path} would be hidden by the sandbox's /tmp"
    assert str(ROOT / "course") not in mounted and str(ROOT) not in mounted, "the course must stay invisible"


# --------------------------------------------------------------------------- what a batch says, in the course's language


def test_a_batch_summary_and_its_progress_lines_speak_the_language_asked_for(tmp_path):
    import io

    from cxlab.grading.cohort import BatchReport
    from cxlab.grading.workers import Progress
    from cxlab.lang import speaking

    batch = BatchReport("01-first", tmp_path, graded=["wang", "li"], skipped=["zhao"],
                        statuses={"wang": "graded", "li": "invalid", "zhao": "graded"},
                        scores={"wang": (4.5, 5.0), "li": (0.0, 5.0), "zhao": (2.0, 5.0)},
                        seconds=11, workers=2, sandbox="bubblewrap")
    english = batch.summary()
    assert english.startswith("01-first: 2 hand-in(s) graded in 11 s with 2 worker(s), sandbox: bubblewrap; "
                              "skipped 1 unchanged. Class of 3: 2 graded, 1 invalid; mean score 2.2 / 5.")
    with speaking("zh-CN"):
        chinese = batch.summary()
        stream = io.StringIO()
        progress = Progress(2, "正在评分 01-first", stream)
        progress.update("graded")
        progress.update("invalid")
    assert chinese.startswith("01-first：用 2 个评分进程在 11 s 内评完 2 份答卷，沙箱：bubblewrap；跳过 1 份未改动的答卷。"
                              "全班 3 人：已评分 2 份，无效 1 份；平均分 2.2 / 5。\n成绩："), chinese
    assert "正在评分 01-first：已完成 2/2 份答卷（已评分 1 份，超时/出错/无效 1 份）" in stream.getvalue()
