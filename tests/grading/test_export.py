"""``cxlab export``: a real nbgrader gradebook (``small_course`` in conftest.py) written as Canvas's,
Moodle's and the full CSV, so every rule of the formats is met on known scores."""

from __future__ import annotations

import csv
import subprocess

import pytest

from kit import cxlab_command
from cxlab.errors import CxlabError
from cxlab.grading import export


def read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_canvas_has_its_identity_columns_the_points_possible_row_and_blank_for_no_hand_in(small_course, tmp_path):
    export.export(small_course, "canvas", tmp_path / "canvas.csv")
    rows = read(tmp_path / "canvas.csv")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "01-first", "02-second"]
    assert rows[1] == ["Points Possible", "", "", "", "", "5", "4"]
    learners = {row[2]: row for row in rows[2:]}
    assert learners["wang"] == ["王, 芳", "1001", "wang", "wang", "", "4.5", "4"]
    assert learners["li"] == ["li", "", "li", "li", "", "1", ""], "no hand-in: an empty cell Canvas leaves alone"
    assert learners["zhao"][5:] == ["2", "1"]


def test_moodle_keys_each_learner_by_id_number_username_and_email(small_course, tmp_path):
    export.export(small_course, "moodle", tmp_path / "moodle.csv")
    rows = read(tmp_path / "moodle.csv")
    assert rows[0] == ["ID number", "Username", "Email address", "01-first", "02-second"]
    assert rows[1:] == [["li", "li", "", "1", ""], ["1001", "wang", "wang@example.cn", "4.5", "4"],
                        ["zhao", "zhao", "", "2", "1"]]


def test_csv_has_every_question_a_total_and_says_what_awaits_the_trainer(small_course, tmp_path):
    export.export(small_course, "csv", tmp_path / "all.csv")
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


def test_the_command_names_the_pending_hand_ins_and_fails_in_one_line_on_bad_input(small_course, tmp_path):
    done = subprocess.run(cxlab_command("export", "--format", "canvas", "--course-dir", str(small_course),
                                        "--out", str(tmp_path / "c.csv")), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "3 learner(s) x 2 assignment(s)" in done.stdout
    assert "1 hand-in(s) still need manual grading" in done.stderr and "zhao in 01-first" in done.stderr
    missing = subprocess.run(cxlab_command("export", "--format", "csv", "--course-dir", str(tmp_path / "none"),
                                           "--out", str(tmp_path / "x.csv")), capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stderr.strip().count("\n") == 0 and "no such directory" in missing.stderr
    with pytest.raises(CxlabError, match="unknown export format 'blackboard'"):
        export.write(export.read_course(small_course), "blackboard", tmp_path / "b.csv")
    with pytest.raises(CxlabError, match="no such folder"):
        export.export(small_course, "csv", tmp_path / "nowhere" / "all.csv")
