"""``cxlab export``: a real nbgrader gradebook written as Canvas's, Moodle's and the full CSV.

The gradebook is made with nbgrader's own API (two assignments, three learners: one with a Chinese
name and a Canvas id, one who never handed in the second assignment, one whose written answer the
trainer has not marked yet), so every rule of the formats is met on known scores.
"""

from __future__ import annotations

import csv
import shutil
import subprocess

import pytest

from kit import COURSE, cxlab_command
from cxlab.errors import CxlabError
from cxlab.grading import export
from cxlab.grading.course import open_gradebook


@pytest.fixture(scope="module")
def course(tmp_path_factory):  # read only by the tests: made once, nbgrader's database set-up is slow
    folder = tmp_path_factory.mktemp("export") / "course"
    folder.mkdir()
    shutil.copy(COURSE / "nbgrader_config.py", folder / "nbgrader_config.py")
    with open_gradebook(folder) as gradebook:
        for name, cells in {"01-first": {"q1-tests": ("code", 2), "q2-answer": ("markdown", 3)},
                            "02-second": {"q1-tests": ("code", 4)}}.items():
            gradebook.add_assignment(name)
            gradebook.add_notebook(name, name)
            for cell, (kind, points) in cells.items():
                gradebook.add_grade_cell(cell, name, name, max_score=points, cell_type=kind)
        gradebook.add_student("wang", first_name="芳", last_name="王", email="wang@example.cn", lms_user_id="1001")
        gradebook.add_student("li")
        gradebook.add_student("zhao")
        scores = {("wang", "01-first"): {"q1-tests": (2, None), "q2-answer": (None, 2.5)},
                  ("wang", "02-second"): {"q1-tests": (4, None)},
                  ("li", "01-first"): {"q1-tests": (0, None), "q2-answer": (None, 1)},
                  ("zhao", "01-first"): {"q1-tests": (2, None), "q2-answer": (None, None)},
                  ("zhao", "02-second"): {"q1-tests": (1, None)}}
        for (student, assignment), cells in scores.items():
            gradebook.add_submission(assignment, student)
            for cell, (auto, manual) in cells.items():
                grade = gradebook.find_grade(cell, assignment, assignment, student)
                grade.auto_score, grade.manual_score = auto, manual
                grade.needs_manual_grade = auto is None and manual is None
            gradebook.db.commit()
    return folder


def read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_canvas_has_its_identity_columns_the_points_possible_row_and_blank_for_no_hand_in(course, tmp_path):
    export.export(course, "canvas", tmp_path / "canvas.csv")
    rows = read(tmp_path / "canvas.csv")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "01-first", "02-second"]
    assert rows[1] == ["Points Possible", "", "", "", "", "5", "4"]
    learners = {row[2]: row for row in rows[2:]}
    assert learners["wang"] == ["王, 芳", "1001", "wang", "wang", "", "4.5", "4"]
    assert learners["li"] == ["li", "", "li", "li", "", "1", ""], "no hand-in: an empty cell Canvas leaves alone"
    assert learners["zhao"][5:] == ["2", "1"]


def test_moodle_keys_each_learner_by_id_number_username_and_email(course, tmp_path):
    export.export(course, "moodle", tmp_path / "moodle.csv")
    rows = read(tmp_path / "moodle.csv")
    assert rows[0] == ["ID number", "Username", "Email address", "01-first", "02-second"]
    assert rows[1:] == [["li", "li", "", "1", ""], ["1001", "wang", "wang@example.cn", "4.5", "4"],
                        ["zhao", "zhao", "", "2", "1"]]


def test_csv_has_every_question_a_total_and_says_what_awaits_the_trainer(course, tmp_path):
    export.export(course, "csv", tmp_path / "all.csv")
    with open(tmp_path / "all.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(export.CSV_COLUMNS)
    by_key = {(r["student_id"], r["assignment"], r["question"]): r for r in rows}
    assert len(rows) == 3 * (3 + 2), "three learners, each with 2+1 questions and a total per assignment"
    assert by_key["zhao", "01-first", "q2-answer"]["status"] == "awaiting trainer"
    assert by_key["zhao", "01-first", "total"]["status"] == "awaiting trainer"
    written = by_key["wang", "01-first", "q2-answer"]
    assert (written["score"], written["max_score"], written["status"]) == ("2.5", "3", "graded")
    assert by_key["li", "02-second", "q1-tests"]["status"] == "not submitted"
    assert by_key["li", "02-second", "total"]["score"] == ""
    assert by_key["wang", "01-first", "total"]["last_name"] == "王"


def test_the_command_names_the_pending_hand_ins_and_fails_in_one_line_on_bad_input(course, tmp_path):
    done = subprocess.run(cxlab_command("export", "--format", "canvas", "--course-dir", str(course),
                                        "--out", str(tmp_path / "c.csv")), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "3 learner(s) x 2 assignment(s)" in done.stdout
    assert "1 hand-in(s) still need manual grading" in done.stderr and "zhao in 01-first" in done.stderr
    missing = subprocess.run(cxlab_command("export", "--format", "csv", "--course-dir", str(tmp_path / "none"),
                                           "--out", str(tmp_path / "x.csv")), capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stderr.strip().count("\n") == 0 and "no such directory" in missing.stderr
    with pytest.raises(CxlabError, match="unknown export format 'blackboard'"):
        export.write(export.read_course(course), "blackboard", tmp_path / "b.csv")
    with pytest.raises(CxlabError, match="no such folder"):
        export.export(course, "csv", tmp_path / "nowhere" / "all.csv")
